/// A patient with everything the check reads about them.
public struct PatientRecord: Sendable, Hashable {
    public let patient: Patient
    /// Every allergy record, in the order recorded, including refuted and entered-in-error ones.
    public let allergies: [PatientAllergy]
    public let conditions: [PatientCondition]
    public let medications: [PatientMedication]

    public init(
        patient: Patient, allergies: [PatientAllergy] = [], conditions: [PatientCondition] = [],
        medications: [PatientMedication] = []
    ) {
        self.patient = patient
        self.allergies = allergies
        self.conditions = conditions
        self.medications = medications
    }

    /// Allergies the check counts: neither refuted nor entered in error.
    public var activeAllergies: [PatientAllergy] { allergies.filter { $0.verification.isActive } }
}
