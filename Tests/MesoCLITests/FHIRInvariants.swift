import Foundation

/// The R4 invariants of the resources meso writes that the fhir.resources models do not check,
/// each as its R4 page states it.
enum FHIRInvariants {
    static let allergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
    static let allergyVerification = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
    static let conditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
    static let conditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status"

    static func check(_ resource: [String: Any], type: String, name: String) -> [String] {
        var found: [String] = []
        // Resource.id: [A-Za-z0-9\-\.]{1,64} (hl7.org/fhir/R4/datatypes.html#id).
        if let id = resource["id"] as? String, id.range(of: #"^[A-Za-z0-9\-\.]{1,64}$"#, options: .regularExpression) == nil {
            found.append("\(name): id \(id)")
        }
        // dom-2..dom-5: nothing meso writes is contained.
        if resource["contained"] != nil { found.append("\(name): contained resources") }
        switch type {
        case "AllergyIntolerance":
            // hl7.org/fhir/R4/allergyintolerance.html: ait-1 clinicalStatus SHALL be present if
            // verificationStatus is not entered-in-error; ait-2 SHALL NOT be present if it is.
            let enteredInError = ExportedBundle.codes(resource["verificationStatus"], system: allergyVerification) == ["entered-in-error"]
            if !enteredInError && resource["clinicalStatus"] == nil { found.append("ait-1: \(name)") }
            if enteredInError && resource["clinicalStatus"] != nil { found.append("ait-2: \(name)") }
        case "Condition":
            // hl7.org/fhir/R4/condition.html: con-3 clinicalStatus SHALL be present if
            // verificationStatus is not entered-in-error and category is problem-list-item; con-4 an
            // abated condition is inactive, resolved or in remission; con-5 no clinicalStatus when
            // entered-in-error.
            let enteredInError = ExportedBundle.codes(resource["verificationStatus"], system: conditionVerification) == ["entered-in-error"]
            let categories = (resource["category"] as? [Any] ?? []).flatMap {
                ExportedBundle.codes($0, system: "http://terminology.hl7.org/CodeSystem/condition-category")
            }
            for category in categories where !FHIRConformance.conditionCategories.contains(category) {
                found.append("\(name): category \(category)")
            }
            if !enteredInError && categories.contains("problem-list-item") && resource["clinicalStatus"] == nil {
                found.append("con-3: \(name)")
            }
            let abated = resource.keys.contains { $0.hasPrefix("abatement") }
            let clinical = ExportedBundle.codes(resource["clinicalStatus"], system: conditionClinical)
            if abated && !clinical.contains(where: ["inactive", "resolved", "remission"].contains) { found.append("con-4: \(name)") }
            if enteredInError && resource["clinicalStatus"] != nil { found.append("con-5: \(name)") }
        case "MedicationAdministration":
            // hl7.org/fhir/R4/medicationadministration.html: mad-1 a dosage has a dose or a rate.
            if let dosage = resource["dosage"] as? [String: Any], dosage["dose"] == nil, !dosage.keys.contains(where: { $0.hasPrefix("rate") }) {
                found.append("mad-1: \(name)")
            }
        case "DetectedIssue":
            for code in ExportedBundle.codes(resource["code"], system: "http://terminology.hl7.org/CodeSystem/v3-ActCode")
            where !FHIRConformance.detectedIssueCodes.contains(code) {
                found.append("\(name): code \(code)")
            }
            for mitigation in resource["mitigation"] as? [[String: Any]] ?? [] {
                let codes = ExportedBundle.codes(mitigation["action"], system: "http://terminology.hl7.org/CodeSystem/v3-ActCode")
                if codes.isEmpty || !codes.allSatisfy(FHIRConformance.mitigationActions.contains) { found.append("\(name): mitigation \(codes)") }
            }
        case "Patient":
            for identifier in resource["identifier"] as? [[String: Any]] ?? [] {
                for code in ExportedBundle.codes(identifier["type"], system: "http://terminology.hl7.org/CodeSystem/v2-0203")
                where !FHIRConformance.identifierTypes.contains(code) {
                    found.append("\(name): identifier type \(code)")
                }
            }
        default:
            break
        }
        found += datatypes(resource, path: type, name: name)
        return found
    }

    /// qty-3 (a Quantity's unit code comes with its system), UCUM units only, rat-1 (a Ratio has both
    /// terms), per-1 (a Period starts before it ends), and the date and dateTime formats of
    /// hl7.org/fhir/R4/datatypes.html.
    private static func datatypes(_ value: Any, path: String, name: String) -> [String] {
        var found: [String] = []
        if let object = value as? [String: Any] {
            if object["value"] is NSNumber || object["code"] != nil && object["unit"] != nil {
                if object["code"] != nil && object["system"] == nil { found.append("qty-3: \(name) \(path)") }
                if object["system"] as? String == "http://unitsofmeasure.org",
                    let code = object["code"] as? String, !FHIRConformance.ucumUnits.contains(code)
                {
                    found.append("\(name): \(path) unit \(code)")
                }
            }
            if path.hasSuffix(".strength"), (object["numerator"] == nil) != (object["denominator"] == nil) {
                found.append("rat-1: \(name) \(path)")
            }
            if let start = object["start"] as? String, let end = object["end"] as? String, start > end {
                found.append("per-1: \(name) \(path)")
            }
            for (key, child) in object {
                if let text = child as? String, key.hasSuffix("Date") || key.hasSuffix("DateTime") || key == "date" || key == "start"
                    || key == "end" || key == "time" || key == "birthDate" || key == "expirationDate"
                {
                    let pattern = #"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?$"#
                    if text.range(of: pattern, options: .regularExpression) == nil { found.append("\(name): \(path).\(key) \(text)") }
                }
                found += datatypes(child, path: path + "." + key, name: name)
            }
        } else if let array = value as? [Any] {
            for item in array { found += datatypes(item, path: path, name: name) }
        }
        return found
    }
}
