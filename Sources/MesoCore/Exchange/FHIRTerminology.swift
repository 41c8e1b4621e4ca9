/// The code systems the export uses and how meso's values map onto them (FHIR R4, 4.0.1). Each
/// mapping is one switch, so a value meso adds fails to compile here until it is mapped.
public enum FHIRTerminology {
    public static let allergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
    public static let allergyVerification = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
    public static let conditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
    public static let conditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
    public static let conditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category"
    public static let adverseEventSeverity = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
    public static let actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    public static let identifierType = "http://terminology.hl7.org/CodeSystem/v2-0203"
    public static let ucum = "http://unitsofmeasure.org"
    public static let snomed = "http://snomed.info/sct"
    public static let gtin = "https://www.gs1.org/gtin"

    /// SNOMED CT 716186003 |No known allergy (situation)|: what `patient allergy none` records. The
    /// practitioner asked about allergies of every kind the check matches (drugs, excipients, metals,
    /// animal proteins), so the narrower 409137002 |No known drug allergy| would understate it.
    public static let noKnownAllergy = (code: "716186003", display: "No known allergy (situation)")

    public static func coding(system: String, code: String, display: String? = nil) -> FHIRValue {
        var object = FHIRObject()
        object.add("system", system)
        object.add("code", code)
        object.add("display", display)
        return object.value
    }

    /// A CodeableConcept of `codings` (absent ones skipped) and `text`.
    public static func concept(_ codings: [FHIRValue?], text: String? = nil) -> FHIRValue {
        var object = FHIRObject()
        object.add("coding", .array(codings.compactMap { $0 }))
        object.add("text", text)
        return object.value
    }

    /// AllergyIntolerance.verificationStatus (required binding, allergyintolerance-verification):
    /// meso's four values are the code system's own.
    public static func verification(_ value: AllergyVerification) -> FHIRValue {
        let display: String
        switch value {
        case .confirmed: display = "Confirmed"
        case .unconfirmed: display = "Unconfirmed"
        case .refuted: display = "Refuted"
        case .enteredInError: display = "Entered in Error"
        }
        return concept([coding(system: allergyVerification, code: value.rawValue, display: display)])
    }

    /// AllergyIntolerance.clinicalStatus (required binding, allergyintolerance-clinical). ait-2: none
    /// for entered-in-error; ait-1: present otherwise, so a refuted record is `inactive`, "no longer
    /// at risk": the propensity was disproved, and `resolved` would claim a reaction that once was.
    public static func allergyClinicalStatus(_ value: AllergyVerification) -> FHIRValue? {
        switch value {
        case .enteredInError: return nil
        case .refuted: return concept([coding(system: allergyClinical, code: "inactive", display: "Inactive")])
        case .confirmed, .unconfirmed: return concept([coding(system: allergyClinical, code: "active", display: "Active")])
        }
    }

    /// The UCUM unit of an ingredient's amount (Medication.ingredient.strength's numerator): `ug` is
    /// UCUM's microgram, `[iU]` its international unit.
    public static func ucumUnit(_ unit: StrengthUnit) -> (code: String, display: String) {
        switch unit {
        case .mg: return ("mg", "mg")
        case .ug: return ("ug", "µg")
        case .iu: return ("[iU]", "IU")
        }
    }

    /// A Quantity in UCUM.
    public static func quantity(_ value: String, unit: String, code: String) -> FHIRValue {
        var object = FHIRObject()
        object.add("value", .number(value))
        object.add("unit", unit)
        object.add("system", ucum)
        object.add("code", code)
        return object.value
    }

    /// DetectedIssue.code (preferred binding, detectedissue-category, from v3 ActCode) for a rule
    /// whose block a session went ahead over; nil for a rule ActCode has no alert for.
    public static func detectedIssueCode(_ rule: CheckFinding.Rule) -> FHIRValue? {
        switch rule {
        case .allergy: return coding(system: actCode, code: "ALGY", display: "Allergy Alert")
        case .contraindication: return coding(system: actCode, code: "COND", display: "Condition Alert")
        case .reaction: return coding(system: actCode, code: "REACT", display: "Reaction")
        case .doseLimit: return coding(system: actCode, code: "DOSE", display: "Dosage problem")
        case .bleedingRisk: return coding(system: actCode, code: "DRG", display: "Drug Interaction Alert")
        case .allergyAssessment, .interval, .stock: return nil
        }
    }

    /// DetectedIssue.mitigation.action (preferred binding, detectedissue-mitigation-action, v3 ActCode):
    /// an override is the practitioner's judgement that the session is appropriate despite the block.
    public static let overrideAction = coding(system: actCode, code: "1", display: "Therapy Appropriate")

    /// AdverseEvent.severity (required binding, adverse-event-severity): meso's three values.
    public static func severity(_ value: AdverseEvent.Severity) -> FHIRValue {
        let display: String
        switch value {
        case .mild: display = "Mild"
        case .moderate: display = "Moderate"
        case .severe: display = "Severe"
        }
        return concept([coding(system: adverseEventSeverity, code: value.rawValue, display: display)])
    }
}
