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

    /// The patient with allergies (all of them, in their current state, the ignored ones marked by
    /// their status), conditions (active and ended), medications (taken and stopped), each with the ID the commands that
    /// correct it take, and the history of corrections.
    static func record(_ record: PatientRecord, notes: [String] = []) -> Presentation {
        .document(
            fields(record.patient) + created(record.patient),
            tables: [
                OutputTable(
                    key: "allergies", title: "Allergies",
                    columns: ["id", "substance", "kind", "criticality", "status", "reaction"],
                    rows: record.allergies.map(allergy)),
                OutputTable(
                    key: "conditions", title: "Conditions",
                    columns: ["id", "kind", "onset", "state", "ended_on", "note"],
                    rows: record.conditions.map(condition)),
                OutputTable(
                    key: "medications", title: "Medications and supplements",
                    columns: ["id", "name", "state", "stopped_on", "recorded_at"], rows: record.medications.map(medication)),
                OutputTable(
                    key: "corrections", title: "Corrections",
                    columns: ["recorded_at", "field", "before", "after", "recorded_by", "recorded_login"],
                    rows: record.corrections.flatMap { correction in
                        correction.changes.map { change in
                            [
                                "id": .integer(Int(correction.id)), "recorded_at": .time(correction.recordedAt),
                                "field": .text(change.field), "before": .optional(change.before, OutputValue.text),
                                "after": .text(change.after), "recorded_by": .text(correction.recordedBy),
                                "recorded_login": .text(correction.recordedLogin),
                            ] as OutputRecord
                        }
                    }),
                OutputTable(
                    key: "allergy_amendments", title: "Allergy amendments",
                    columns: [
                        "recorded_at", "allergy_id", "status_before", "status", "criticality_before", "criticality",
                        "reason", "recorded_by",
                    ],
                    rows: record.allergyAmendments.map(amendment)),
            ], notes: notes)
    }

    static func ended(_ condition: PatientCondition, mrn: String) -> Presentation {
        .document(
            ["mrn": .text(mrn)] + self.condition(condition),
            notes: [
                condition.kind == .facialSurgery
                    ? "Condition \(condition.id) ended on \(condition.endedOn.map(\.description) ?? "-"); the operation of \(condition.onset.map(\.description) ?? "-") still blocks for 4 months from its date."
                    : "Condition \(condition.id) ended on \(condition.endedOn.map(\.description) ?? "-"): it counts for sessions before that day only."
            ])
    }

    static func amended(_ amendment: AllergyAmendment, mrn: String) -> Presentation {
        .document(
            ["mrn": .text(mrn)] + self.amendment(amendment),
            notes: [
                "Allergy record \(amendment.allergyID) is now \(amendment.verification.rawValue), \(amendment.criticality.rawValue) (was \(amendment.verificationBefore.rawValue), \(amendment.criticalityBefore.rawValue))."
            ])
    }

    private static func amendment(_ amendment: AllergyAmendment) -> OutputRecord {
        [
            "id": .integer(Int(amendment.id)), "allergy_id": .integer(Int(amendment.allergyID)),
            "status_before": .text(amendment.verificationBefore.rawValue), "status": .text(amendment.verification.rawValue),
            "criticality_before": .text(amendment.criticalityBefore.rawValue),
            "criticality": .text(amendment.criticality.rawValue), "reason": .text(amendment.reason),
            "recorded_at": .time(amendment.recordedAt), "recorded_by": .text(amendment.recordedBy),
            "recorded_login": .text(amendment.recordedLogin),
        ]
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
            "onset": .optional(condition.onset, OutputValue.date),
            "state": .text(condition.endedOn == nil ? "active" : "ended"),
            "ended_on": .optional(condition.endedOn, OutputValue.date), "note": .optional(condition.note, OutputValue.text),
            "end_note": .optional(condition.endNote, OutputValue.text),
            "recorded_at": .time(condition.recordedAt), "recorded_by": .text(condition.recordedBy),
        ]
    }

    private static func medication(_ medication: PatientMedication) -> OutputRecord {
        [
            "id": .integer(Int(medication.id)), "name": .text(medication.name),
            "recorded_at": .time(medication.recordedAt), "recorded_by": .text(medication.recordedBy),
            "state": .text(medication.stop == nil ? "taken" : "stopped"),
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
