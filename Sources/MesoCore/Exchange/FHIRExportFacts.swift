#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The facts one exported resource is made of, whichever export read them: a Procedure, a
/// MedicationAdministration or a Patient in a recall Bundle is the same resource, to the byte, as in
/// the patient's own Bundle, because both are made from these.
struct ExportedPatient: Sendable, Hashable {
    let id: Int64
    let mrn: String
    let name: String
    let birthDate: CalendarDate?
}

/// A session as a Procedure.
struct ExportedProcedure: Sendable, Hashable {
    let sessionID: Int64
    let patientID: Int64
    let performedAt: Timestamp
    let practitioner: String
    let formulaCode: String
    let formulaVersion: Int
    let formulaName: String
    let area: String?
    /// Set when the session was cancelled as recorded by mistake.
    let cancellation: Session.Cancellation?
}

/// What a session took from one lot, as a MedicationAdministration.
struct ExportedAdministration: Sendable, Hashable {
    let sessionID: Int64
    let lotID: Int64
    let patientID: Int64
    let performedAt: Timestamp
    let practitioner: String
    let volumeML: Decimal
    let wasteML: Decimal
    let cancelled: Bool
}

/// A lot as a Medication (and, once recalled, a Flag on it).
struct ExportedLot: Sendable, Hashable {
    let lot: TracedLot
    let gtin: String?
    let ingredients: [ExportedIngredient]
}

struct ExportedIngredient: Sendable, Hashable {
    let compoundCode: String
    let compoundName: String
    let role: Compound.Role
    let strength: Strength
    /// The compound's codes in public systems, by system then code.
    let publicCodes: [CompoundCoding]
}

/// A block a session went ahead over: the stored finding and the override that lifted it.
struct LiftedBlock: Sendable, Hashable {
    /// Who lifted the block, when and why.
    struct Override: Sendable, Hashable {
        let reason: String
        let by: String
        let at: Timestamp
    }

    let sessionID: Int64
    let sessionRecordedAt: Timestamp
    /// The session was cancelled since, as recorded by mistake.
    let sessionCancelled: Bool
    let finding: SessionFinding
    let override: Override
}
