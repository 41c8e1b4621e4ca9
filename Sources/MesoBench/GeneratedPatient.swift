import Foundation
import MesoCore
import PostgresClient

/// One patient of the generated clinic: the record written to the database, and what the
/// generator needs to give them a plausible history (which formulas they may receive, and when
/// they may not be treated at all).
struct GeneratedPatient: Sendable {
    var id: Int64 = 0
    var mrn = ""
    let name: String
    let birthDate: CalendarDate
    let weightKG: Decimal?
    let assessment: AllergyAssessment
    let createdAt: Timestamp
    let allergies: [PatientAllergy]
    let conditions: [PatientCondition]
    /// Names as written, with their words in the database's normal form (the term's own).
    let medications: [(name: String, words: String)]
    /// A chronic contraindication recorded from then on stops every later session.
    let treatableUntil: Timestamp?
    /// Facial operations: nobody injects in the four months after one.
    let surgeries: [(from: Timestamp, to: Timestamp)]
    /// The formulas (by catalog index) the real check lets this patient receive, each with the
    /// findings a session of it stores.
    var findingsByFormula: [Int: [CheckFinding]] = [:]
    /// The check passes or warns today for every formula: the patients the timed phases treat.
    var inCohort = false

    /// The record as the pre-session check sees it.
    func record(withConditions: Bool) -> PatientRecord {
        PatientRecord(
            patient: Patient(
                id: id, mrn: mrn, name: name, birthDate: birthDate, weightKG: weightKG, allergyAssessment: assessment,
                createdAt: createdAt, createdBy: "bench"),
            allergies: allergies, conditions: withConditions ? conditions : [],
            medications: medications.enumerated().map {
                PatientMedication(
                    id: Int64($0.offset + 1), name: $0.element.name, words: $0.element.words, recordedAt: createdAt,
                    recordedBy: "bench")
            })
    }

    /// Whether a session at `time` is one the clinic would have given.
    func isTreatable(at time: Timestamp) -> Bool {
        if let treatableUntil, time >= treatableUntil { return false }
        return !surgeries.contains { time >= $0.from && time < $0.to }
    }
}
