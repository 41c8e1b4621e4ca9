import MesoCore

/// How patients and their records look in every output format.
enum PatientPresentation {
    static func listing(_ patients: [Patient]) -> Presentation {
        .listing(
            OutputTable(
                key: "patients", columns: ["mrn", "name", "birth_date", "weight_kg", "allergy_assessment"],
                rows: patients.map(fields)),
            notes: ["\(patients.count) patient\(patients.count == 1 ? "" : "s")."])
    }

    static func patient(_ patient: Patient, notes: [String] = []) -> Presentation {
        .document(fields(patient) + created(patient), notes: notes)
    }

    /// The patient with allergies (all of them, the ignored ones marked by their status),
    /// conditions and medications.
    static func record(_ record: PatientRecord) -> Presentation {
        .document(
            fields(record.patient) + created(record.patient),
            tables: [
                OutputTable(
                    key: "allergies", title: "Allergies",
                    columns: ["substance", "kind", "criticality", "status", "reaction"],
                    rows: record.allergies.map(allergy)),
                OutputTable(
                    key: "conditions", title: "Conditions", columns: ["kind", "onset", "note"],
                    rows: record.conditions.map(condition)),
                OutputTable(
                    key: "medications", title: "Medications and supplements",
                    columns: ["id", "name", "recorded_at", "stopped_on"], rows: record.medications.map(medication)),
            ])
    }

    static func added(_ allergy: PatientAllergy, mrn: String) -> Presentation {
        .document(
            ["mrn": .text(mrn)] + self.allergy(allergy),
            notes: ["Allergy recorded; the allergy assessment of \(mrn) is now listed."])
    }

    static func added(_ condition: PatientCondition, mrn: String) -> Presentation {
        .document(["mrn": .text(mrn)] + self.condition(condition), notes: ["Condition recorded."])
    }

    static func added(_ medication: PatientMedication, mrn: String) -> Presentation {
        .document(["mrn": .text(mrn)] + self.medication(medication), notes: ["Medication recorded."])
    }

    private static func fields(_ patient: Patient) -> OutputRecord {
        [
            "mrn": .text(patient.mrn), "name": .text(patient.name),
            "birth_date": .optional(patient.birthDate, OutputValue.date),
            "weight_kg": .optional(patient.weightKG) { .decimal($0, scale: 1) },
            "allergy_assessment": .text(patient.allergyAssessment.rawValue),
        ]
    }

    private static func created(_ patient: Patient) -> OutputRecord {
        ["created_at": .time(patient.createdAt), "created_by": .text(patient.createdBy)]
    }

    private static func allergy(_ allergy: PatientAllergy) -> OutputRecord {
        let kind: String
        switch allergy.substance {
        case .compound: kind = "compound"
        case .group: kind = "group"
        }
        return [
            "id": .integer(Int(allergy.id)), "substance": .text(allergy.substance.code), "kind": .text(kind),
            "substance_name": .text(allergy.substanceName), "criticality": .text(allergy.criticality.rawValue),
            "status": .text(allergy.verification.rawValue), "reaction": .optional(allergy.reaction, OutputValue.text),
            "recorded_at": .time(allergy.recordedAt), "recorded_by": .text(allergy.recordedBy),
        ]
    }

    private static func condition(_ condition: PatientCondition) -> OutputRecord {
        [
            "id": .integer(Int(condition.id)), "kind": .text(condition.kind.rawValue),
            "onset": .optional(condition.onset, OutputValue.date), "note": .optional(condition.note, OutputValue.text),
            "recorded_at": .time(condition.recordedAt), "recorded_by": .text(condition.recordedBy),
        ]
    }

    private static func medication(_ medication: PatientMedication) -> OutputRecord {
        [
            "id": .integer(Int(medication.id)), "name": .text(medication.name),
            "recorded_at": .time(medication.recordedAt), "recorded_by": .text(medication.recordedBy),
            "stopped_on": .optional(medication.stop?.stoppedOn, OutputValue.date),
            "stop_recorded_at": .optional(medication.stop?.recordedAt, OutputValue.time),
            "stop_recorded_by": .optional(medication.stop?.recordedBy, OutputValue.text),
        ]
    }

    static func stopped(_ stopped: StoppedMedication) -> Presentation {
        let stop = stopped.medication.stop.map { "Stopped on \($0.stoppedOn)." } ?? "Stopped."
        let washouts = stopped.washouts.map { washout in
            "As \(washout.term.substance) (\(washout.term.className)) it still counts for bleeding risk in checks through \(washout.countsThrough), the end of its \(washout.term.washoutDays)-day washout."
        }
        return .document(["mrn": .text(stopped.mrn)] + medication(stopped.medication), notes: [stop] + washouts)
    }
}
