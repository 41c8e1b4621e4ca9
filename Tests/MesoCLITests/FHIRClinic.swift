import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The clinic the FHIR export tests read, built through the real `meso` binary on `TraceClinic`'s
/// sessions (S1-S5: split lots, single-use waste, a cancelled session, an adverse event) plus:
///
/// - public codes on lidocaine (ATC and SNOMED CT), which LD-A and LD-B contain;
/// - S6 (MRN-0005, REVIT-LIDO, April 10, lidocaine from LD-C, delivered for it): a BLOCK (amide
///   allergy) recorded under an override, then a severe allergic reaction; LD-B, HA-B and HA-M are then
///   recalled;
/// - MRN-0006: a refuted allergy to lidocaine, an entered-in-error one to parabens, an unconfirmed
///   one to cobalt, an inflammation, an infection that ended on April 15 and ibuprofen stopped on
///   April 18; MRN-0008 keeps "no known allergies";
/// - the lot HA-M received by eight new patients (MRN-F01..F08), one session cancelled and one with
///   an adverse event: a lot received by many patients.
struct FHIRClinic {
    let trace: TraceClinic
    var database: TestDatabase { trace.database }
    var meso: MesoCLI { trace.meso }
    var admin: PostgresConnection { trace.admin }
    var sessions: [String: Int]
    static let manyPatients = (1...8).map { String(format: "MRN-F%02d", $0) }

    /// The clinic built once in `shared`, reached again.
    init() throws {
        let (database, sessions) = try Self.shared.get()
        trace = try TraceClinic(reopening: database, sessions: sessions)
        self.sessions = sessions
    }

    init(_ name: String) throws {
        trace = try TraceClinic(name)
        sessions = trace.sessions
        let pharmacy = MesoCLI(databaseURL: trace.database.url, actor: "Pat Pharmacist")
        try pharmacy.expectDone(
            ["compound", "update", "lidocaine", "--code", "http://www.whocc.no/atc|N01BB02", "--code",
             "http://snomed.info/sct|387480006"])

        // LD-B's one vial, opened by S1 in March, is past its in-use period in April (Schema/0015): S6
        // opens a vial of a lot delivered for it.
        try pharmacy.expectDone(
            ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "LD-C", "--expiry", CalendarDate.today(plus: 200).description,
             "--vials", "1", "--at", Timestamp(date: TraceClinic.april.adding(days: 1), hour: 8).description])
        let april = TraceClinic.april
        sessions["S6"] = try trace.record(
            "MRN-0005", "REVIT-LIDO", at: april.at(day: 10, "09:00:00"),
            ["--lot", "POLYREVIT-5:PR-1", "--lot", "LIDO-1-MD:LD-C", "--override", "allergy:amide allergy refuted by the allergist's letter of March"])
        try meso.expectDone(
            ["session", "adverse-event", String(sessions["S6"]!), "--kind", "allergic-reaction", "--severity", "severe",
             "--note", "urticaria on the face within the hour"])

        try meso.expectDone(
            ["patient", "allergy", "add", "MRN-0006", "--compound", "lidocaine", "--criticality", "low", "--status", "refuted",
             "--reaction", "itching after dental anaesthesia; negative intradermal test"])
        try meso.expectDone(
            ["patient", "allergy", "add", "MRN-0006", "--group", "parabens", "--criticality", "high", "--status",
             "entered-in-error"])
        try meso.expectDone(["patient", "allergy", "add", "MRN-0006", "--group", "cobalt"])
        try meso.expectDone(
            ["patient", "condition", "add", "MRN-0006", "--kind", "inflammation", "--on", april.at(day: 20).prefix(10).description,
             "--note", "perioral dermatitis"])
        let infection = try meso.run(
            ["patient", "condition", "add", "MRN-0006", "--kind", "infection", "--on", april.at(day: 5).prefix(10).description,
             "--note", "impetigo", "--format", "json"])
        let infectionID = try #require((try infection.json() as? [String: Any])?["id"] as? Int, "\(infection)")
        try meso.expectDone(
            ["patient", "condition", "end", String(infectionID), "--on", april.at(day: 15).prefix(10).description, "--note", "healed"])
        let ibuprofen = try meso.run(["patient", "medication", "add", "MRN-0006", "--name", "ibuprofen 400 mg", "--format", "json"])
        let ibuprofenID = try #require((try ibuprofen.json() as? [String: Any])?["id"] as? Int, "\(ibuprofen)")
        try meso.expectDone(
            ["patient", "medication", "stop", String(ibuprofenID), "--on", april.at(day: 18).prefix(10).description])

        // A lot many patients received.
        for (product, lot) in [("HA-15-2", "HA-M"), ("POLYREVIT-5", "PR-M")] {
            try pharmacy.expectDone(
                ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: 300).description,
                 "--vials", "12", "--at", Timestamp(date: TraceClinic.march.adding(days: 1), hour: 8).description])
        }
        for (index, mrn) in Self.manyPatients.enumerated() {
            try meso.expectDone(["patient", "add", mrn, "--name", "Patient \(index + 1) of the HA-M lot", "--birth-date", "1980-01-0\(index + 1)"])
            try meso.expectDone(["patient", "allergy", "none", mrn])
            sessions["M\(index + 1)"] = try trace.record(
                mrn, "REVIT-FACE", at: april.at(day: 12 + index, "11:00:00"), ["--lot", "HA-15-2:HA-M", "--lot", "POLYREVIT-5:PR-M"])
        }
        try meso.expectDone(["session", "cancel", String(sessions["M3"]!), "--reason", "typed in for the wrong patient"])
        try meso.expectDone(
            ["session", "adverse-event", String(sessions["M5"]!), "--kind", "redness", "--severity", "mild"])

        try pharmacy.expectDone(["lot", "recall", "--product", "LIDO-1-MD", "--lot", "LD-B", "--reason", "particles in vials"])
        try pharmacy.expectDone(["lot", "recall", "--product", "HA-15-2", "--lot", "HA-M", "--reason", "supplier notice R-2026-031"])
        try pharmacy.expectDone(["lot", "recall", "--product", "HA-15-2", "--lot", "HA-B", "--reason", "supplier notice R-2026-032"])
    }

    /// `meso export fhir ARGUMENTS` as `cli` (the practitioner by default), which must succeed: the
    /// Bundle's bytes.
    func export(_ arguments: [String], as cli: MesoCLI? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try (cli ?? meso).run(["export", "fhir"] + arguments)
        #expect(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.isEmpty, "\(outcome)", sourceLocation: sourceLocation)
        return outcome.stdout
    }

    /// The clinic built once for the tests that only read it: its database and session ids.
    static let shared: Result<(TestDatabase, [String: Int]), any Error> = Result {
        let clinic = try FHIRClinic("fhir_export")
        return (clinic.database, clinic.sessions)
    }
}

/// A Bundle as JSON, with what the tests ask of it.
struct ExportedBundle {
    let json: [String: Any]
    let entries: [[String: Any]]

    init(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        json = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        entries = json["entry"] as? [[String: Any]] ?? []
    }

    var resources: [[String: Any]] { entries.compactMap { $0["resource"] as? [String: Any] } }

    func resources(_ type: String) -> [[String: Any]] {
        resources.filter { $0["resourceType"] as? String == type }
    }

    var types: Set<String> { Set(resources.compactMap { $0["resourceType"] as? String }) }

    /// The resource a reference names, found by fullUrl.
    func resolve(_ reference: Any?) -> [String: Any]? {
        guard let url = (reference as? [String: Any])?["reference"] as? String else { return nil }
        return entries.first { $0["fullUrl"] as? String == url }?["resource"] as? [String: Any]
    }

    /// meso's identifier value of a resource (`session:12`, or a Patient's MRN).
    static func identifier(_ resource: [String: Any]) -> String? {
        if let list = resource["identifier"] as? [[String: Any]] { return list.first?["value"] as? String }
        return (resource["identifier"] as? [String: Any])?["value"] as? String
    }

    /// The codes of a CodeableConcept under `system`.
    static func codes(_ concept: Any?, system: String) -> [String] {
        ((concept as? [String: Any])?["coding"] as? [[String: Any]] ?? [])
            .filter { $0["system"] as? String == system }.compactMap { $0["code"] as? String }
    }
}
