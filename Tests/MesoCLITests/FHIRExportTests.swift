import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

@Suite("meso export fhir")
struct FHIRExportTests {
    let clinic: FHIRClinic

    init() throws {
        clinic = try FHIRClinic()
    }

    static let patients = ["MRN-0004", "MRN-0005", "MRN-0006", "MRN-0008", "MRN-F03", "MRN-F05"]
    static let lots = ["HA-15-2:HA-M", "HA-15-2:HA-B", "LIDO-1-MD:LD-B", "LIDO-1-MD:LD-C", "POLYREVIT-5:PR-1", "POLYREVIT-5:PR-2"]

    @Test func everyBundleConformsToR4AndParsesWithTheR4Models() throws {
        var bundles: [String: String] = [:]
        for mrn in Self.patients { bundles["patient-\(mrn)"] = try clinic.export(["--patient", mrn]) }
        for lot in Self.lots { bundles["lot-\(lot.replacingOccurrences(of: ":", with: "-"))"] = try clinic.export(["--lot", lot]) }
        var kinds = Set<String>()
        for (name, text) in bundles {
            let bundle = try ExportedBundle(text)
            #expect(FHIRConformance.problems(in: bundle) == [], "\(name)")
            kinds.formUnion(bundle.types)
        }
        #expect(
            kinds == [
                "Patient", "Practitioner", "AllergyIntolerance", "Condition", "MedicationStatement", "Medication", "Flag",
                "Procedure", "MedicationAdministration", "DetectedIssue", "AdverseEvent",
            ])
        let reports = try FHIRValidator.validate(bundles)
        for (name, report) in reports {
            #expect(report.parsed, "\(name): \(report.errors)")
            #expect(report.entries == (try ExportedBundle(bundles[name]!)).entries.count, "\(name)")
        }
    }

    /// The checks fail on what they must catch: a damaged Bundle is refused by the models, and the
    /// invariants the models skip are caught by meso's own conformance checks.
    @Test func theChecksCatchADamagedBundle() throws {
        let text = try clinic.export(["--patient", "MRN-0006"])
        var json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var entries = try #require(json["entry"] as? [[String: Any]])
        func damage(_ type: String, _ change: (inout [String: Any]) -> Void) -> String {
            var copy = entries
            let index = copy.firstIndex { ($0["resource"] as? [String: Any])?["resourceType"] as? String == type }!
            var resource = copy[index]["resource"] as! [String: Any]
            change(&resource)
            copy[index]["resource"] = resource
            var document = json
            document["entry"] = copy
            return String(decoding: try! JSONSerialization.data(withJSONObject: document), as: UTF8.self)
        }
        let listIdentifier = damage("AdverseEvent") { $0["identifier"] = [$0["identifier"]!] }
        let noStatus = damage("Procedure") { $0.removeValue(forKey: "status") }
        let reports = try FHIRValidator.validate(["list-identifier": listIdentifier, "no-status": noStatus])
        #expect(reports.values.allSatisfy { !$0.parsed }, "\(reports)")

        let unconfirmed = entries.firstIndex {
            let resource = $0["resource"] as? [String: Any]
            return ExportedBundle.codes(resource?["verificationStatus"], system: FHIRInvariants.allergyVerification) == ["unconfirmed"]
        }!
        var resource = entries[unconfirmed]["resource"] as! [String: Any]
        resource.removeValue(forKey: "clinicalStatus")
        resource["patient"] = ["reference": "urn:uuid:00000000-0000-5000-8000-000000000000"]
        entries[unconfirmed]["resource"] = resource
        json["entry"] = entries
        let problems = FHIRConformance.problems(
            in: try ExportedBundle(String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)))
        #expect(problems.contains { $0.hasPrefix("ait-1") } && problems.contains { $0.contains("does not resolve") }, "\(problems)")
    }

    @Test func allergiesCarryTheirVerificationClinicalStatusAndPublicCodes() throws {
        let bundle = try ExportedBundle(try clinic.export(["--patient", "MRN-0006"]))
        let allergies = bundle.resources("AllergyIntolerance")
        func allergy(_ verification: String) throws -> [String: Any] {
            try #require(allergies.first {
                ExportedBundle.codes($0["verificationStatus"], system: FHIRInvariants.allergyVerification) == [verification]
            })
        }
        let refuted = try allergy("refuted")
        #expect(ExportedBundle.codes(refuted["clinicalStatus"], system: FHIRInvariants.allergyClinical) == ["inactive"])
        #expect(refuted["criticality"] as? String == "low")
        #expect(refuted["category"] as? [String] == ["medication"])
        #expect(ExportedBundle.codes(refuted["code"], system: "http://www.whocc.no/atc") == ["N01BB02"])
        #expect(ExportedBundle.codes(refuted["code"], system: "http://snomed.info/sct") == ["387480006"])
        let error = try allergy("entered-in-error")
        #expect(error["clinicalStatus"] == nil && error["criticality"] as? String == "high")
        let unconfirmed = try allergy("unconfirmed")
        #expect(ExportedBundle.codes(unconfirmed["clinicalStatus"], system: FHIRInvariants.allergyClinical) == ["active"])
        #expect(unconfirmed["criticality"] as? String == "unable-to-assess")
        #expect(allergies.count == 3)
        // The record is "listed" now: no "no known allergies" beside the records.
        #expect(!allergies.contains { ExportedBundle.codes($0["code"], system: "http://snomed.info/sct") == ["716186003"] })

        let none = try ExportedBundle(try clinic.export(["--patient", "MRN-0008"])).resources("AllergyIntolerance")
        #expect(none.count == 1)
        #expect(ExportedBundle.codes(none.first?["code"], system: "http://snomed.info/sct") == ["716186003"])
        #expect(ExportedBundle.codes(none.first?["verificationStatus"], system: FHIRInvariants.allergyVerification) == ["confirmed"])
        // Unknown assessment: nothing is claimed.
        #expect(try ExportedBundle(try clinic.export(["--patient", "MRN-0004"])).resources("AllergyIntolerance").isEmpty)
    }

    @Test func sessionsLotsAndAdverseEventsOfAPatient() throws {
        let bundle = try ExportedBundle(try clinic.export(["--patient", "MRN-0006"]))
        let procedures = bundle.resources("Procedure")
        #expect(procedures.compactMap(ExportedBundle.identifier).sorted() == ["session:\(clinic.sessions["S1"]!)", "session:\(clinic.sessions["S4"]!)"].sorted())
        #expect(procedures.allSatisfy { $0["status"] as? String == "completed" })
        let usage = try clinic.admin.query(
            """
            SELECT u.session_id, u.lot_id, u.volume_ml FROM session_usage u JOIN patient p ON p.id = u.patient_id
             WHERE p.mrn = 'MRN-0006'
            """
        ).rows.map { row in
            ("session:\(try row.decode("session_id", as: Int64.self)):lot:\(try row.decode("lot_id", as: Int64.self))",
             try row.decode("volume_ml", as: Decimal.self))
        }
        let administrations = bundle.resources("MedicationAdministration")
        let doses = administrations.map { administration in
            let dose = (administration["dosage"] as? [String: Any])?["dose"] as? [String: Any]
            return (ExportedBundle.identifier(administration) ?? "", Decimal(string: "\(dose?["value"] ?? "")") ?? -1)
        }
        #expect(Dictionary(uniqueKeysWithValues: doses) == Dictionary(uniqueKeysWithValues: usage))
        for administration in administrations {
            let procedure = try #require(bundle.resolve((administration["partOf"] as? [Any])?.first))
            #expect(procedure["resourceType"] as? String == "Procedure")
            let medication = try #require(bundle.resolve(administration["medicationReference"]))
            #expect((medication["batch"] as? [String: Any])?["lotNumber"] is String)
            #expect(((administration["dosage"] as? [String: Any])?["dose"] as? [String: Any])?["code"] as? String == "mL")
        }
        let lidocaine = try #require(bundle.resources("Medication").first { ($0["batch"] as? [String: Any])?["lotNumber"] as? String == "LD-B" })
        let ingredient = try #require((lidocaine["ingredient"] as? [[String: Any]])?.first {
            ExportedBundle.codes($0["itemCodeableConcept"], system: "http://www.whocc.no/atc") == ["N01BB02"]
        })
        let strength = try #require(ingredient["strength"] as? [String: Any])
        #expect((strength["numerator"] as? [String: Any])?["code"] as? String == "mg")
        #expect((strength["denominator"] as? [String: Any])?["code"] as? String == "mL")
        #expect(bundle.resources("Flag").count == 2, "LD-B and HA-B are recalled; the patient's other lots are not")

        let event = try #require(bundle.resources("AdverseEvent").first)
        #expect(event["actuality"] as? String == "actual")
        let suspects = (event["suspectEntity"] as? [[String: Any]] ?? []).compactMap { bundle.resolve($0["instance"]) }
        #expect(Set(suspects.compactMap(ExportedBundle.identifier)) == Set(administrations.compactMap(ExportedBundle.identifier).filter { $0.hasPrefix("session:\(clinic.sessions["S4"]!):") }))
        let condition = try #require(bundle.resources("Condition").first { ($0["code"] as? [String: Any])?["text"] as? String == "Inflammation: perioral dermatitis" })
        #expect(condition["onsetDateTime"] is String && condition["abatementDateTime"] == nil)
    }

    @Test func aCancelledSessionIsEnteredInError() throws {
        let bundle = try ExportedBundle(try clinic.export(["--patient", "MRN-0004"]))
        let procedure = try #require(bundle.resources("Procedure").first)
        #expect(procedure["status"] as? String == "entered-in-error")
        #expect((procedure["statusReason"] as? [String: Any])?["text"] as? String == "recorded for the wrong patient")
        #expect(bundle.resources("MedicationAdministration").allSatisfy { $0["status"] as? String == "entered-in-error" })
        #expect(!bundle.resources("MedicationAdministration").isEmpty)
    }

    @Test func aBlockTheSessionWentAheadOverIsADetectedIssue() throws {
        let bundle = try ExportedBundle(try clinic.export(["--patient", "MRN-0005"]))
        let issues = bundle.resources("DetectedIssue")
        let lifted = try clinic.admin.query(
            "SELECT count(*) AS n FROM session_finding WHERE session_id = \(Int64(clinic.sessions["S6"]!)) AND overridden"
        ).rows[0].decode("n", as: Int.self)
        #expect(issues.count == lifted && lifted >= 1)
        let issue = try #require(issues.first { ExportedBundle.codes($0["code"], system: "http://terminology.hl7.org/CodeSystem/v3-ActCode") == ["ALGY"] })
        #expect(issue["detail"] as? String != nil && issue["severity"] as? String == "high")
        let mitigation = try #require((issue["mitigation"] as? [[String: Any]])?.first)
        // The reason of the override of the allergy rule (`--override allergy:REASON`), without its rule.
        #expect((mitigation["action"] as? [String: Any])?["text"] as? String == "amide allergy refuted by the allergist's letter of March")
        #expect(((bundle.resolve(mitigation["author"])?["name"] as? [[String: Any]])?.first?["text"]) as? String == "Dr Lee")
        #expect(mitigation["date"] is String)
        let implicated = (issue["implicated"] as? [Any] ?? []).compactMap { bundle.resolve($0)?["resourceType"] as? String }
        #expect(implicated.first == "Procedure" && implicated.contains("MedicationAdministration"))
        let event = try #require(bundle.resources("AdverseEvent").first)
        #expect(ExportedBundle.codes(event["severity"], system: "http://terminology.hl7.org/CodeSystem/adverse-event-severity") == ["severe"])
        #expect((event["suspectEntity"] as? [Any])?.count == 2)
    }

    @Test func theRecallBundleHoldsEveryPatientWhoReceivedTheLotAndNoOneElse() throws {
        for lot in Self.lots {
            let parts = lot.split(separator: ":").map(String.init)
            let bundle = try ExportedBundle(try clinic.export(["--lot", lot]))
            let exported = Set(bundle.resources("Patient").compactMap(ExportedBundle.identifier))
            let contacts = try clinic.trace.trace(parts[0], parts[1])["patients_to_contact"] as? [[String: Any]] ?? []
            #expect(exported == Set(contacts.compactMap { $0["mrn"] as? String }), "\(lot)")
            #expect(exported == (try clinic.trace.ledgerRecipients(parts[0], parts[1])), "\(lot)")
            let medication = try #require(bundle.resources("Medication").first, "\(lot)")
            #expect((medication["batch"] as? [String: Any])?["lotNumber"] as? String == parts[1])
            let recalled = ["HA-M", "HA-B", "LD-B"].contains(parts[1])
            #expect(bundle.resources("Flag").contains { bundle.resolve($0["subject"])?["id"] as? String == medication["id"] as? String } == recalled, "\(lot)")
            #expect(bundle.resources("Condition").isEmpty && bundle.resources("MedicationStatement").isEmpty)
        }
        let many = try ExportedBundle(try clinic.export(["--lot", "HA-15-2:HA-M"]))
        let mrns = Set(many.resources("Patient").compactMap(ExportedBundle.identifier))
        #expect(mrns == Set(FHIRClinic.manyPatients).subtracting(["MRN-F03"]), "the cancelled session's patient is left out")
        #expect(many.resources("Procedure").count == 7 && many.resources("MedicationAdministration").count >= 7)
        #expect(many.resources("AdverseEvent").count == 1)
    }

    @Test func theSameFactsExportTheSameBytes() throws {
        for arguments in [["--patient", "MRN-0006"], ["--lot", "HA-15-2:HA-M"]] {
            let first = try clinic.export(arguments)
            #expect(try clinic.export(arguments) == first)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("meso-fhir-same-\(getpid()).json").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let outcome = try clinic.meso.run(["export", "fhir"] + arguments + ["--out", file, "--format", "table"])
            #expect(outcome.status == 0 && outcome.stdout.hasPrefix("Wrote a FHIR R4 Bundle of "), "\(outcome)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == first)
        }
        // A resource is the same in the patient's Bundle and in a recall Bundle.
        let patient = try ExportedBundle(try clinic.export(["--patient", "MRN-F05"]))
        let recall = try ExportedBundle(try clinic.export(["--lot", "HA-15-2:HA-M"]))
        for type in ["Patient", "Procedure", "MedicationAdministration", "AdverseEvent", "Medication", "Flag"] {
            for resource in patient.resources(type) {
                guard let twin = recall.resources(type).first(where: { $0["id"] as? String == resource["id"] as? String }) else { continue }
                #expect(NSDictionary(dictionary: twin).isEqual(to: resource), "\(type) \(resource["id"] ?? "")")
            }
        }
    }

    @Test func eachRoleExportsOnlyWhatItMayRead() throws {
        let logins = try ClinicLogins("fhir", database: clinic.database)
        defer { logins.drop() }
        let pharmacist = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.pharmacist), actor: "Pat Pharmacist")
        let auditor = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.auditor), actor: "Ada Auditor")
        let practitioner = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.practitioner), actor: "Dr Lee")
        for arguments in [["--patient", "MRN-0006"], ["--lot", "HA-15-2:HA-M"]] {
            let refused = try pharmacist.run(["export", "fhir"] + arguments)
            #expect(refused.status == 77 && refused.stdout.isEmpty && refused.isOneSentenceError, "\(refused)")
            #expect(refused.stderr.contains("meso_practitioner"), "\(refused)")
        }
        let patient = try auditor.run(["export", "fhir", "--patient", "MRN-0006"])
        #expect(patient.status == 77 && patient.stdout.isEmpty, "\(patient)")
        // LD-C: S6's lidocaine, whose session had a severe allergic reaction.
        let recall = try ExportedBundle(try clinic.export(["--lot", "LIDO-1-MD:LD-C"], as: auditor))
        #expect(recall.types.isDisjoint(with: ["Condition", "MedicationStatement", "AllergyIntolerance", "DetectedIssue"]))
        #expect(!recall.resources("Patient").isEmpty && !recall.resources("AdverseEvent").isEmpty)
        #expect(try clinic.export(["--lot", "LIDO-1-MD:LD-B"], as: practitioner) == (try clinic.export(["--lot", "LIDO-1-MD:LD-B"])))
        #expect(!(try ExportedBundle(try clinic.export(["--patient", "MRN-0006"], as: practitioner))).resources("Condition").isEmpty)
    }

    @Test func anUnknownPatientOrLotIsInvalidInputAndWritesNothing() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("meso-fhir-none-\(getpid()).json").path
        for (arguments, field) in [
            (["--patient", "MRN-9999"], "--patient"), (["--lot", "HA-15-2:NO-SUCH"], "--lot"), (["--lot", "NOPE:HA-M"], "--lot"),
            (["--lot", "HA-15-2"], "--lot"), (["--patient", "bad mrn"], "--patient"),
        ] {
            let outcome = try clinic.meso.run(["export", "fhir"] + arguments + ["--out", file, "--format", "json"])
            #expect(outcome.status == 65 && outcome.stdout.isEmpty, "\(arguments): \(outcome)")
            #expect(try outcome.jsonError()["field"] as? String == field, "\(outcome)")
            #expect(!FileManager.default.fileExists(atPath: file))
        }
        // A failed export leaves the previous file as it was; a successful one replaces it whole.
        try Data("previous export".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try clinic.meso.run(["export", "fhir", "--patient", "MRN-9999", "--out", file]).status == 65)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "previous export")
        #expect(try clinic.meso.run(["export", "fhir", "--patient", "MRN-0008", "--out", file]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == (try clinic.export(["--patient", "MRN-0008"])))
        let both = try clinic.meso.run(["export", "fhir", "--patient", "MRN-0006", "--lot", "HA-15-2:HA-M"])
        #expect(both.status == 64, "\(both)")
        let nowhere = try clinic.meso.run(["export", "fhir", "--patient", "MRN-0006", "--out", "/no/such/dir/bundle.json"])
        #expect(nowhere.status == 65 && nowhere.isOneSentenceError && nowhere.stderr.contains("--out"), "\(nowhere)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix(".meso-fhir-none-") }
        #expect(leftovers.isEmpty)
    }
}
