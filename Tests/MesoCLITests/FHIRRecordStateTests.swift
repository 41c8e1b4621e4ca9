import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The patient's Bundle exports each record as it stands now, corrections included: an ended
/// condition is `resolved` with its end as `abatementDateTime`, a stopped medication `stopped` with
/// its stop as `effectivePeriod.end`, an amended allergy its current verification and criticality,
/// and a reaction block a session went ahead over a DetectedIssue coded ActCode `REACT` carrying its
/// override's reason, author and date. The look-alikes stay as they were: a condition and a
/// medication recorded the same way but never ended or stopped are `active` with no end.
@Suite("meso export fhir: records as they stand")
struct FHIRRecordStateTests {
    static let shared = Result { try TestDatabase.seededWithFaceStock("fhir_record_state") }

    let meso: MesoCLI

    init() throws {
        meso = MesoCLI(databaseURL: try Self.shared.get().url, actor: "Dr Ines Moreau")
    }

    /// `meso ARGUMENTS --format json`, which must succeed: its record's `id` (or `key`).
    func recorded(_ arguments: [String], key: String = "id", sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        let outcome = try meso.run(arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
        let id = try #require((try outcome.json() as? [String: Any])?[key] as? Int, "\(outcome)", sourceLocation: sourceLocation)
        return String(id)
    }

    func bundle(_ mrn: String) throws -> ExportedBundle {
        let outcome = try meso.run(["export", "fhir", "--patient", mrn])
        #expect(outcome.status == 0, "\(outcome)")
        let bundle = try ExportedBundle(outcome.stdout)
        #expect(FHIRConformance.problems(in: bundle) == [])
        return bundle
    }

    static func clinicalStatus(_ resource: [String: Any], _ system: String) -> [String] {
        ExportedBundle.codes(resource["clinicalStatus"], system: system)
    }

    @Test func anEndedConditionIsResolvedAndAStoppedMedicationStopped() throws {
        #expect(try meso.run(["patient", "add", "FX-ENDS", "--name", "Camille Roux"]).status == 0)
        let days = (CalendarDate.today(plus: -20), CalendarDate.today(plus: -9), CalendarDate.today(plus: -3))
        let ended = try recorded(
            ["patient", "condition", "add", "FX-ENDS", "--kind", "infection", "--on", "\(days.0)", "--note", "impetigo"])
        _ = try recorded(["patient", "condition", "add", "FX-ENDS", "--kind", "inflammation", "--on", "\(days.0)", "--note", "rosacea"])
        #expect(try meso.run(["patient", "condition", "end", ended, "--on", "\(days.1)", "--note", "healed"]).status == 0)
        let stopped = try recorded(["patient", "medication", "add", "FX-ENDS", "--name", "aspirin 100 mg"])
        _ = try recorded(["patient", "medication", "add", "FX-ENDS", "--name", "vitamin D3"])
        #expect(try meso.run(["patient", "medication", "stop", stopped, "--on", "\(days.2)"]).status == 0)

        let bundle = try bundle("FX-ENDS")
        let conditions = bundle.resources("Condition")
        let clinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
        let resolved = try #require(conditions.first { ExportedBundle.identifier($0) == "condition:\(ended)" })
        #expect(Self.clinicalStatus(resolved, clinical) == ["resolved"])
        #expect(resolved["abatementDateTime"] as? String == "\(days.1)")
        let active = try #require(conditions.first { ExportedBundle.identifier($0) != "condition:\(ended)" })
        #expect(Self.clinicalStatus(active, clinical) == ["active"])
        #expect(active["abatementDateTime"] == nil)

        let statements = bundle.resources("MedicationStatement")
        let stop = try #require(statements.first { ExportedBundle.identifier($0) == "medication:\(stopped)" })
        #expect(stop["status"] as? String == "stopped")
        #expect((stop["effectivePeriod"] as? [String: Any])?["end"] as? String == "\(days.2)")
        let taken = try #require(statements.first { ExportedBundle.identifier($0) != "medication:\(stopped)" })
        #expect(taken["status"] as? String == "active")
        #expect(taken["effectivePeriod"] == nil)
    }

    @Test func anAmendedAllergyExportsItsCurrentState() throws {
        #expect(try meso.run(["patient", "add", "FX-AMEND", "--name", "Youssef Benali"]).status == 0)
        let amended = try recorded(
            ["patient", "allergy", "add", "FX-AMEND", "--group", "cobalt", "--criticality", "high", "--status", "confirmed"])
        let kept = try recorded(["patient", "allergy", "add", "FX-AMEND", "--compound", "thiamine", "--criticality", "high", "--status", "confirmed"])
        #expect(
            try meso.run(
                ["patient", "allergy", "update", amended, "--status", "refuted", "--criticality", "low", "--reason", "negative patch test"]
            ).status == 0)

        let allergies = try bundle("FX-AMEND").resources("AllergyIntolerance")
        #expect(allergies.count == 2)
        let now = try #require(allergies.first { ExportedBundle.identifier($0) == "allergy:\(amended)" }, "\(allergies)")
        #expect(ExportedBundle.codes(now["verificationStatus"], system: FHIRInvariants.allergyVerification) == ["refuted"])
        #expect(Self.clinicalStatus(now, FHIRInvariants.allergyClinical) == ["inactive"])
        #expect(now["criticality"] as? String == "low")
        let same = try #require(allergies.first { ExportedBundle.identifier($0) == "allergy:\(kept)" })
        #expect(ExportedBundle.codes(same["verificationStatus"], system: FHIRInvariants.allergyVerification) == ["confirmed"])
        #expect(same["criticality"] as? String == "high")
    }

    @Test func aReactionBlockWentAheadOverIsADetectedIssueOfItsOverride() throws {
        #expect(try meso.run(["patient", "add", "FX-REACT", "--name", "Nadia Haddad", "--weight-kg", "60"]).status == 0)
        #expect(try meso.run(["patient", "allergy", "none", "FX-REACT"]).status == 0)
        let first = try recorded(
            ["session", "record", "--patient", "FX-REACT", "--formula", "REVIT-FACE", "--at", Timestamp.now().adding(seconds: -20 * 86_400).description],
            key: "session_id")
        #expect(
            try meso.run(["session", "adverse-event", first, "--kind", "allergic-reaction", "--severity", "mild", "--note", "hives"]).status == 0)
        let reason = "hives traced to a new soap; no reaction to the cocktail on rechallenge"
        let second = try recorded(
            ["session", "record", "--patient", "FX-REACT", "--formula", "REVIT-FACE", "--override", "reaction:\(reason)"], key: "session_id")

        let bundle = try bundle("FX-REACT")
        let issues = bundle.resources("DetectedIssue")
        #expect(issues.count == 1, "one reaction block lifted, in the second session: \(issues)")
        let issue = try #require(issues.first)
        #expect(ExportedBundle.codes(issue["code"], system: "http://terminology.hl7.org/CodeSystem/v3-ActCode") == ["REACT"])
        let mitigation = try #require((issue["mitigation"] as? [[String: Any]])?.first)
        #expect((mitigation["action"] as? [String: Any])?["text"] as? String == reason)
        #expect(((bundle.resolve(mitigation["author"])?["name"] as? [[String: Any]])?.first?["text"]) as? String == "Dr Ines Moreau")
        #expect(mitigation["date"] is String)
        let procedure = try #require(bundle.resolve((issue["implicated"] as? [Any])?.first))
        #expect(ExportedBundle.identifier(procedure) == "session:\(second)")
    }
}
