import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Dose limits through the binary: the pharmacist's limits with their history, the vasoconstrictor
/// rule on the product itself, and local anaesthetics summed over the patient's clinic day.
@Suite("meso compound limit and the day's dose", .serialized)
struct DoseLimitCommandTests {
    static let shared = Result { () throws -> TestDatabase in
        let database = try RecordClinic.prepare("cli_dose_limits", products: RecordClinic.products + ["MEPI-1-MD"])
        let clinic = try RecordClinic(database: database)
        // Lidocaine 10 mg/mL with epinephrine at exactly 1:200,000, just under it, and written in mg;
        // epinephrine alone; and benzocaine, an anaesthetic with no limit.
        for (code, epinephrine) in [("LIDO-E5", "5ug"), ("LIDO-E49", "4.9ug"), ("LIDO-EMG", "0.005mg")] {
            try clinic.ok(
                ["product", "add", code, "--name", "Lidocaine 1 % + epinephrine \(epinephrine)", "--vial-ml", "20", "--multi-dose",
                 "--ingredient", "lidocaine:10mg/mL", "--ingredient", "epinephrine:\(epinephrine)/mL"], as: clinic.pharmacy)
        }
        try clinic.ok(
            ["product", "add", "EPI-ONLY", "--name", "Epinephrine 10 ug/mL", "--vial-ml", "20", "--multi-dose",
             "--ingredient", "epinephrine:10ug/mL"], as: clinic.pharmacy)
        try clinic.ok(
            ["product", "add", "BENZO-1", "--name", "Benzocaine test vial", "--vial-ml", "20", "--multi-dose",
             "--ingredient", "benzocaine:10mg/mL"], as: clinic.pharmacy)
        for product in ["LIDO-E5", "LIDO-E49", "LIDO-EMG", "EPI-ONLY", "BENZO-1"] { try clinic.receive(product) }
        for (code, components) in [
            ("F-E5", ["LIDO-E5:5"]), ("F-E49", ["LIDO-E49:5"]), ("F-EMG", ["LIDO-EMG:5"]),
            ("F-TRACE", ["LIDO-2-MPF:2.5", "EPI-ONLY:1"]), ("F-LIDO2", ["LIDO-1-MD:2"]), ("F-MEPI", ["MEPI-1-MD:5"]),
            ("F-BENZO", ["BENZO-1:1"]), ("F-PROC", ["PROC-2-2:2"]),
        ] {
            try clinic.ok(["formula", "add", code, "--name", code] + components.flatMap { ["--component", $0] }, as: clinic.pharmacy)
        }
        // A patient of 10 kg: lidocaine 45 mg plain, 70 mg with a vasoconstrictor; mepivacaine 66 mg.
        try clinic.ok(["patient", "add", "D-10", "--name", "Light patient", "--weight-kg", "10"])
        try clinic.ok(["patient", "allergy", "none", "D-10"])
        return database
    }

    let clinic: RecordClinic
    init() throws { clinic = try RecordClinic(database: try Self.shared.get()) }

    @Test func thePharmacistSetsListsAndRemovesLimitsAndEveryChangeIsKept() throws {
        // 50 mg of mepivacaine: under 6.6 mg/kg × 10 kg, the seeded limit.
        #expect(try clinic.rules("D-10", "F-MEPI").isEmpty)
        let set = try clinic.ok(["compound", "limit", "set", "mepivacaine", "--mg-per-kg", "4", "--max-mg", "300"], as: clinic.pharmacy)
        #expect(set["mg_per_kg"] as? String == "4.000")
        #expect(set["changed_by"] as? String == "pharmacist")
        #expect(try clinic.rules("D-10", "F-MEPI") == ["dose-limit"], "applies to every check from then on")

        let listed = try #require(try clinic.pharmacy.run(["compound", "limit", "list", "--format", "json"]).json() as? [[String: Any]])
        #expect(listed.first { $0["code"] as? String == "mepivacaine" }?["max_mg"] as? String == "300.000")
        let shown = try clinic.ok(["compound", "show", "mepivacaine"])
        #expect((shown["dose_limits"] as? [[String: Any]])?.map { $0["solution"] as? String } == ["plain"])

        let history = try clinic.admin.query(
            """
            SELECT change, mg_per_kg_before, mg_per_kg, recorded_by, recorded_login FROM dose_limit_change
             WHERE compound_code = 'mepivacaine' ORDER BY id
            """
        ).rows
        #expect(try history.map { try $0.decode("mg_per_kg_before", as: Decimal?.self) } == [nil, 6.6])
        #expect(try history.last?.decode("recorded_by", as: String.self) == "pharmacist")

        // Removed: the anaesthetic is no longer passed silently.
        let removed = try clinic.pharmacy.run(["compound", "limit", "remove", "mepivacaine"])
        #expect(removed.status == 0, "\(removed)")
        let warning = try #require(try clinic.findings("D-10", "F-MEPI").first { $0["rule"] as? String == "dose-limit" })
        #expect(warning["severity"] as? String == "warn")
        #expect((warning["message"] as? String)?.contains("no plain dose limit on file") == true)
        try clinic.ok(["compound", "limit", "set", "mepivacaine", "--mg-per-kg", "6.6", "--max-mg", "400"], as: clinic.pharmacy)

        let tables = ["dose_limit", "dose_limit_change"]
        try clinic.fails(["compound", "limit", "remove", "mepivacaine", "--with-vasoconstrictor"], 65, tables: tables, as: clinic.pharmacy)
        try clinic.fails(["compound", "limit", "set", "no-such", "--mg-per-kg", "1", "--max-mg", "1"], 65, tables: tables, as: clinic.pharmacy)
        try clinic.fails(["compound", "limit", "set", "lidocaine", "--mg-per-kg", "0", "--max-mg", "300"], 65, tables: tables, as: clinic.pharmacy)
        try clinic.fails(["compound", "limit", "set", "lidocaine", "--mg-per-kg", "4,5", "--max-mg", "300"], 65, tables: tables, as: clinic.pharmacy)
        try clinic.fails(["compound", "limit", "set", "lidocaine", "--mg-per-kg", "4.5", "--max-mg", "20000"], 65, tables: tables, as: clinic.pharmacy)

        // The practitioner sets no limit.
        let logins = try ClinicLogins("lim", database: clinic.database)
        defer { logins.drop() }
        let practitioner = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.practitioner), actor: "Dr Amani")
        try clinic.fails(["compound", "limit", "set", "lidocaine", "--mg-per-kg", "9", "--max-mg", "900"], 77, tables: tables, as: practitioner)
        let pharmacist = try PostgresConnection(try clinic.database.url(asUser: logins.pharmacist))
        expectDenied(pharmacist, "UPDATE dose_limit SET max_mg = 900")
        expectDenied(pharmacist, "INSERT INTO dose_limit (compound_code, mg_per_kg, max_mg, with_vasoconstrictor) VALUES ('lidocaine', 9, 900, true)")
    }

    @Test func theRaisedLimitNeedsEpinephrineAtFiveMicrogramsPerMLInTheSameProduct() throws {
        // 50 mg of lidocaine: over the plain 45 mg, under the 70 mg with a vasoconstrictor.
        #expect(try clinic.rules("D-10", "F-E5").isEmpty)
        #expect(try clinic.rules("D-10", "F-EMG").isEmpty, "0.005 mg/mL is 5 µg/mL")
        #expect(try clinic.rules("D-10", "F-E49") == ["dose-limit"], "4.9 µg/mL is no vasoconstrictor")
        #expect(try clinic.rules("D-10", "F-TRACE") == ["dose-limit"], "epinephrine in another product raises nothing")
    }

    @Test func theDaysPerformedSessionsAddUpACancelledOneDoesNotAndNoOverrideLiftsIt() throws {
        try clinic.ok(["patient", "add", "D-11", "--name", "Second light patient", "--weight-kg", "10"])
        try clinic.ok(["patient", "allergy", "none", "D-11"])
        let morning = Timestamp(date: CalendarDate.today(plus: -1), hour: 8).description
        let later = Timestamp(date: CalendarDate.today(plus: -1), hour: 9).description
        let afternoon = Timestamp(date: CalendarDate.today(plus: -1), hour: 16).description
        // 20 mg of lidocaine in the morning (44 %), and a session recorded by mistake at nine.
        let first = try clinic.ok(["session", "record", "--patient", "D-11", "--formula", "F-LIDO2", "--at", morning])
        let mistaken = try clinic.ok(["session", "record", "--patient", "D-11", "--formula", "F-LIDO2", "--at", later])
        let mistakenID = try #require(mistaken["session_id"] as? Int)
        try clinic.ok(["session", "cancel", String(mistakenID), "--reason", "recorded for the wrong patient"])
        // 40 mg of procaine in the afternoon (57 % of 70 mg): alone it passes; after the morning, 101 %.
        let procaine = try clinic.rules("D-11", "F-PROC", at: Timestamp(date: CalendarDate.today(plus: -2), hour: 16).description)
        #expect(procaine.isEmpty)
        let findings = try clinic.findings("D-11", "F-PROC", at: afternoon)
        let block = try #require(findings.first { $0["rule"] as? String == "dose-limit" })
        #expect(block["severity"] as? String == "block")
        #expect(block["overridable"] as? Bool == false)
        let message = try #require(block["message"] as? String)
        #expect(message.contains("lidocaine 20.000 mg given earlier today in session \(first["session_id"] as? Int ?? 0) (LIDO-1-MD), 44.4 %"))
        #expect(message.contains("procaine 40.000 mg in PROC-2-2, 57.1 %"))
        #expect(message.contains("together 101.6 % of the limit"))
        #expect(message.contains("It fits with at least 0.056 mL less of PROC-2-2"))
        #expect(!message.contains("session \(mistakenID)"), "a cancelled session gave nothing")

        // No override lifts it: naming dose-limit is refused as input, another rule lifts nothing.
        let tables = ["session", "session_override", "stock_movement"]
        let named = try clinic.fails(
            ["session", "record", "--patient", "D-11", "--formula", "F-PROC", "--at", afternoon, "--override", "dose-limit:she is fine"],
            65, tables: tables)
        #expect((named["message"] as? String)?.contains("no override lifts a dose-limit block") == true)
        let other = try clinic.fails(
            ["session", "record", "--patient", "D-11", "--formula", "F-PROC", "--at", afternoon, "--override", "allergy:x"],
            3, tables: tables)
        #expect((other["message"] as? String)?.contains("No override can lift this.") == true)
    }

    @Test func aLocalAnaestheticWithNoLimitOnFileIsNeverPassedSilently() throws {
        let warning = try #require(try clinic.findings("D-10", "F-BENZO").first { $0["rule"] as? String == "dose-limit" })
        #expect(warning["severity"] as? String == "warn")
        #expect(warning["compound"] as? String == "benzocaine")
        // Every other anaesthetic of the catalog has its limit.
        let missing = try clinic.admin.query(
            """
            SELECT code FROM compound c WHERE class = 'anaesthetic'
               AND NOT EXISTS (SELECT FROM dose_limit d WHERE d.compound_code = c.code) ORDER BY code
            """
        ).rows.map { try $0.decode("code", as: String.self) }
        #expect(missing == ["benzocaine"])
    }
}
