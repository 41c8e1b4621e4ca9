/// A patient with everything the check reads about them, and (for `patient show`) the history of
/// corrections behind it.
public struct PatientRecord: Sendable, Hashable {
    public let patient: Patient
    /// Every allergy record, in the order recorded, in its current state (its latest amendment),
    /// including refuted and entered-in-error ones.
    public let allergies: [PatientAllergy]
    /// Every condition, active or ended.
    public let conditions: [PatientCondition]
    public let medications: [PatientMedication]
    /// Corrections of the patient's name, birth date and weight, oldest first (read by `patient show`).
    public let corrections: [PatientCorrection]
    /// Amendments of the allergy records, oldest first (read by `patient show`).
    public let allergyAmendments: [AllergyAmendment]

    public init(
        patient: Patient, allergies: [PatientAllergy] = [], conditions: [PatientCondition] = [],
        medications: [PatientMedication] = [], corrections: [PatientCorrection] = [],
        allergyAmendments: [AllergyAmendment] = []
    ) {
        self.patient = patient
        self.allergies = allergies
        self.conditions = conditions
        self.medications = medications
        self.corrections = corrections
        self.allergyAmendments = allergyAmendments
    }

    /// What `patient show` lists behind the record: the corrections and amendments.
    struct History {
        let corrections: [PatientCorrection]
        let allergyAmendments: [AllergyAmendment]
    }

    /// The record with its history.
    func with(_ history: History) -> PatientRecord {
        PatientRecord(
            patient: patient, allergies: allergies, conditions: conditions, medications: medications,
            corrections: history.corrections, allergyAmendments: history.allergyAmendments)
    }

    /// Allergies the check counts: neither refuted nor entered in error, as they stand now.
    public var activeAllergies: [PatientAllergy] { allergies.filter { $0.verification.isActive } }

    /// Nobody has assessed the patient's allergies: never asked, or every record on file was
    /// entered in error (a record made by mistake is no answer; a refuted one is).
    public var allergiesUnassessed: Bool {
        switch patient.allergyAssessment {
        case .unknown: return true
        case .noneKnown: return false
        case .listed: return !allergies.isEmpty && allergies.allSatisfy { $0.verification == .enteredInError }
        }
    }
}
