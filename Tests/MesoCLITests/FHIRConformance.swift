import Foundation

/// What FHIR R4 (4.0.1) requires of the export beyond the structure the fhir.resources models check:
/// the codes of the value sets it binds, the invariants the models skip, and references that resolve
/// within the Bundle. Each value set is carried here from its R4 page, cited beside it, so a wrong
/// code fails a test instead of reaching an EMR.
enum FHIRConformance {
    /// Required bindings: (resource type, element path, system or nil for a plain `code`) → the codes.
    static let requiredCodes: [(type: String, path: [String], system: String?, codes: Set<String>, page: String)] = [
        ("AllergyIntolerance", ["clinicalStatus"], "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
         ["active", "inactive", "resolved"], "hl7.org/fhir/R4/valueset-allergyintolerance-clinical.html"),
        ("AllergyIntolerance", ["verificationStatus"], "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
         ["unconfirmed", "confirmed", "refuted", "entered-in-error"], "hl7.org/fhir/R4/valueset-allergyintolerance-verification.html"),
        ("AllergyIntolerance", ["criticality"], nil, ["low", "high", "unable-to-assess"],
         "hl7.org/fhir/R4/valueset-allergy-intolerance-criticality.html"),
        ("AllergyIntolerance", ["category"], nil, ["food", "medication", "environment", "biologic"],
         "hl7.org/fhir/R4/valueset-allergy-intolerance-category.html"),
        ("Condition", ["clinicalStatus"], "http://terminology.hl7.org/CodeSystem/condition-clinical",
         ["active", "recurrence", "relapse", "inactive", "remission", "resolved"], "hl7.org/fhir/R4/valueset-condition-clinical.html"),
        ("Condition", ["verificationStatus"], "http://terminology.hl7.org/CodeSystem/condition-ver-status",
         ["unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"],
         "hl7.org/fhir/R4/valueset-condition-ver-status.html"),
        ("MedicationStatement", ["status"], nil,
         ["active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"],
         "hl7.org/fhir/R4/valueset-medication-statement-status.html"),
        ("Procedure", ["status"], nil,
         ["preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown"],
         "hl7.org/fhir/R4/valueset-event-status.html"),
        ("MedicationAdministration", ["status"], nil,
         ["in-progress", "not-done", "on-hold", "completed", "entered-in-error", "stopped", "unknown"],
         "hl7.org/fhir/R4/valueset-medication-admin-status.html"),
        ("DetectedIssue", ["status"], nil,
         ["registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"],
         "hl7.org/fhir/R4/valueset-observation-status.html"),
        ("DetectedIssue", ["severity"], nil, ["high", "moderate", "low"], "hl7.org/fhir/R4/valueset-detectedissue-severity.html"),
        ("AdverseEvent", ["actuality"], nil, ["actual", "potential"], "hl7.org/fhir/R4/valueset-adverse-event-actuality.html"),
        ("AdverseEvent", ["severity"], "http://terminology.hl7.org/CodeSystem/adverse-event-severity", ["mild", "moderate", "severe"],
         "hl7.org/fhir/R4/valueset-adverse-event-severity.html"),
        ("Flag", ["status"], nil, ["active", "inactive", "entered-in-error"], "hl7.org/fhir/R4/valueset-flag-status.html"),
    ]

    /// Preferred or extensible bindings meso codes against: the codes it may send.
    /// Condition.category: hl7.org/fhir/R4/valueset-condition-category.html (extensible).
    static let conditionCategories: Set<String> = ["problem-list-item", "encounter-diagnosis"]
    /// DetectedIssue.code, v3 ActCode alerts: hl7.org/fhir/R4/valueset-detectedissue-category.html (preferred).
    static let detectedIssueCodes: Set<String> = ["ALGY", "COND", "DOSE", "DRG", "REACT"]
    /// DetectedIssue.mitigation.action: hl7.org/fhir/R4/valueset-detectedissue-mitigation-action.html (preferred).
    static let mitigationActions: Set<String> = [
        "EMAUTH", "21", "1", "19", "2", "22", "23", "3", "4", "5", "6", "7", "14", "15", "16", "17", "18", "20", "8", "10", "11",
        "12", "13", "9",
    ]
    /// Identifier.type, v2 table 0203: hl7.org/fhir/R4/valueset-identifier-type.html (extensible).
    static let identifierTypes: Set<String> = ["DL", "PPN", "BRN", "MR", "MCN", "EN", "TAX", "NIIP", "PRN", "MD", "DR", "ACSN", "UDI", "SNO", "SB", "PLAC", "FILL", "JHN"]
    /// The UCUM units meso writes (hl7.org/fhir/R4/valueset-ucum-units.html; UCUM's own table).
    static let ucumUnits: Set<String> = ["mg", "ug", "[iU]", "mL"]

    /// The resource types each reference may name (R4's definitions of the elements meso fills).
    static let referenceTargets: [String: Set<String>] = [
        "AllergyIntolerance.patient": ["Patient"], "AllergyIntolerance.recorder": ["Practitioner", "PractitionerRole", "Patient", "RelatedPerson"],
        "Condition.subject": ["Patient", "Group"], "Condition.recorder": ["Practitioner", "PractitionerRole", "Patient", "RelatedPerson"],
        "MedicationStatement.subject": ["Patient", "Group"],
        "Procedure.subject": ["Patient", "Group"], "Procedure.performer.actor": ["Practitioner", "PractitionerRole", "Organization", "Patient", "RelatedPerson", "Device"],
        "Procedure.note.authorReference": ["Practitioner", "Patient", "RelatedPerson", "Organization"],
        "MedicationAdministration.partOf": ["MedicationAdministration", "Procedure"],
        "MedicationAdministration.medicationReference": ["Medication"], "MedicationAdministration.subject": ["Patient", "Group"],
        "MedicationAdministration.performer.actor": ["Practitioner", "PractitionerRole", "Patient", "RelatedPerson", "Device"],
        "DetectedIssue.patient": ["Patient"], "DetectedIssue.evidence.detail": ["Condition", "Observation", "AllergyIntolerance", "Procedure"],
        "DetectedIssue.mitigation.author": ["Practitioner", "PractitionerRole"],
        // Reference(Any) in R4; meso implicates the session and its administrations.
        "DetectedIssue.implicated": ["Procedure", "MedicationAdministration"],
        "AdverseEvent.subject": ["Patient", "Group", "Practitioner", "RelatedPerson"],
        "AdverseEvent.recorder": ["Patient", "Practitioner", "PractitionerRole", "RelatedPerson"],
        "AdverseEvent.suspectEntity.instance": ["Immunization", "Procedure", "Substance", "Medication", "MedicationAdministration", "MedicationStatement", "Device"],
        "Flag.subject": ["Patient", "Location", "Group", "Organization", "Practitioner", "PlanDefinition", "Medication", "Procedure"],
        "Flag.author": ["Device", "Organization", "Patient", "Practitioner", "PractitionerRole"],
    ]

    /// Every problem found in the Bundle; empty when it conforms.
    static func problems(in bundle: ExportedBundle) -> [String] {
        var found: [String] = []
        let json = bundle.json
        // Bundle: bdl-1 (total only for search and history), bdl-2/3/4 (no search, request or
        // response in a collection), bdl-5 (a resource in every entry), bdl-7 (fullUrls unique),
        // bdl-8 (no version-specific fullUrl).
        if json["type"] as? String != "collection" { found.append("Bundle.type is not collection") }
        if json["total"] != nil { found.append("bdl-1: total in a collection") }
        var urls = Set<String>()
        for entry in bundle.entries {
            for key in ["search", "request", "response"] where entry[key] != nil { found.append("bdl-2/3/4: entry.\(key)") }
            guard let url = entry["fullUrl"] as? String, let resource = entry["resource"] as? [String: Any] else {
                found.append("bdl-5: an entry without fullUrl or resource")
                continue
            }
            if !urls.insert(url).inserted { found.append("bdl-7: fullUrl \(url) twice") }
            if url.contains("/_history/") { found.append("bdl-8: \(url)") }
            if url != "urn:uuid:" + (resource["id"] as? String ?? "") { found.append("\(url): id is not its UUID") }
        }
        for resource in bundle.resources {
            found += check(resource, in: bundle)
        }
        found += emptyElements(json, path: "Bundle")
        return found
    }

    private static func check(_ resource: [String: Any], in bundle: ExportedBundle) -> [String] {
        let type = resource["resourceType"] as? String ?? "?"
        let name = "\(type) \(ExportedBundle.identifier(resource) ?? "?")"
        var found: [String] = []
        for binding in requiredCodes where binding.type == type {
            guard let value = resource[binding.path[0]] else { continue }
            let codes: [String]
            if let system = binding.system {
                codes = ExportedBundle.codes(value, system: system)
                if codes.isEmpty { found.append("\(name): \(binding.path[0]) has no code of \(system)") }
            } else {
                codes = (value as? [String]) ?? [value as? String ?? "?"]
            }
            for code in codes where !binding.codes.contains(code) {
                found.append("\(name): \(binding.path[0]) \(code) is not in \(binding.page)")
            }
        }
        found += FHIRInvariants.check(resource, type: type, name: name)
        found += references(resource, path: type, in: bundle, name: name)
        return found
    }

    /// Every `reference` in `value` names an entry of the Bundle, of a type R4 allows there.
    private static func references(_ value: Any, path: String, in bundle: ExportedBundle, name: String) -> [String] {
        var found: [String] = []
        if let object = value as? [String: Any] {
            if object["reference"] is String {
                guard let target = bundle.resolve(object) else { return ["\(name): \(path) does not resolve in the Bundle"] }
                let targetType = target["resourceType"] as? String ?? "?"
                if let allowed = referenceTargets[path], !allowed.contains(targetType) {
                    found.append("\(name): \(path) names a \(targetType)")
                } else if referenceTargets[path] == nil {
                    found.append("\(name): \(path) is a reference no test knows the targets of")
                }
            }
            for (key, child) in object where key != "reference" {
                found += references(child, path: path + "." + key, in: bundle, name: name)
            }
        } else if let array = value as? [Any] {
            for item in array { found += references(item, path: path, in: bundle, name: name) }
        }
        return found
    }

    /// ele-1: every element has a value or children: no empty string, object or array.
    static func emptyElements(_ value: Any, path: String) -> [String] {
        if let text = value as? String { return text.isEmpty || text != text.trimmingCharacters(in: .whitespacesAndNewlines) ? ["ele-1: \(path)"] : [] }
        if let object = value as? [String: Any] {
            if object.isEmpty { return ["ele-1: \(path) is {}"] }
            return object.flatMap { emptyElements($0.value, path: path + "." + $0.key) }
        }
        if let array = value as? [Any] {
            if array.isEmpty { return ["ele-1: \(path) is []"] }
            return array.flatMap { emptyElements($0, path: path) }
        }
        return []
    }
}
