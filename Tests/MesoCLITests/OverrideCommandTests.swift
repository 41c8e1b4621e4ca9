import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Overrides lift what they name, and the database keeps "a session's verdict is what its stored
/// findings say, and a BLOCK session has an override of each rule that blocked" whoever writes.
@Suite("meso session record --override RULE:REASON", .serialized)
struct OverrideCommandTests {
    static let shared = Result { () throws -> TestDatabase in
        let database = try RecordClinic.prepare("cli_overrides")
        let clinic = try RecordClinic(database: database)
        // MRN-0005: amide anaesthetics (high); now also an inflammation: REVIT-LIDO blocks twice.
        try clinic.ok(["patient", "condition", "add", "MRN-0005", "--kind", "inflammation", "--on", RecordClinic.day(-30), "--note", "perioral dermatitis"])
        return database
    }

    let clinic: RecordClinic
    init() throws { clinic = try RecordClinic(database: try Self.shared.get()) }

    static let tables = ["session", "session_finding", "session_override", "session_usage", "stock_movement"]

    func record(_ overrides: [String]) -> [String] {
        ["session", "record", "--patient", "MRN-0005", "--formula", "REVIT-LIDO"] + overrides.flatMap { ["--override", $0] }
    }

    @Test func malformedOverridesAreRefusedBeforeAnythingIsRead() throws {
        let unknown = try clinic.fails(record(["forgery:x"]), 64, tables: Self.tables)
        #expect(unknown["error"] as? String == "usage")
        #expect((unknown["message"] as? String)?.contains("RULE is one of allergy, contraindication, reaction") == true)
        for rule in ["stock", "dose-limit"] {
            let refused = try clinic.fails(record(["\(rule):the patient insists"]), 65, tables: Self.tables)
            #expect((refused["message"] as? String)?.contains("no override lifts a \(rule) block") == true)
        }
        for old in ["Allergist cleared lidocaine", "Allergist cleared: letter on file"] {
            let refused = try clinic.fails(record([old]), 64, tables: Self.tables)
            #expect((refused["message"] as? String)?.contains("give --override RULE:REASON") == true, "\(old)")
        }
        try clinic.fails(record(["allergy:   "]), 65, tables: Self.tables)
        try clinic.fails(record(["allergy:one", "ALLERGY:two"]), 65, tables: Self.tables)
        // In text, as every usage error: the sentence, then the command's usage.
        let text = try clinic.meso.run(record(["forgery:x"]))
        #expect(text.status == 64)
        #expect(text.stderr.hasPrefix("Error: --override forgery: no such rule"), "\(text)")
    }

    @Test func eachBlockingRuleNeedsItsOwnOverrideAndEachIsStoredWithWhatItLifted() throws {
        let onlyOne = try clinic.fails(record(["allergy:allergist cleared lidocaine"]), 3, tables: Self.tables)
        let message = try #require(onlyOne["message"] as? String)
        #expect(message.contains("no override names contraindication"))
        #expect(message.contains("Inflammation (perioral dermatitis)"))
        #expect(!message.contains("Allergy to the group"), "the lifted block is not repeated")

        let recorded = try clinic.ok(
            record(["contraindication:dermatitis away from the injected area", "allergy:allergist cleared lidocaine: letter 2026-11-02"]))
        #expect(recorded["verdict"] as? String == "BLOCK")
        let overrides = try #require(recorded["overrides"] as? [[String: Any]])
        #expect(overrides.map { $0["rule"] as? String } == ["allergy", "contraindication"])
        #expect(overrides.map { $0["reason"] as? String } == ["allergist cleared lidocaine: letter 2026-11-02", "dermatitis away from the injected area"])
        #expect(overrides.allSatisfy { $0["actor"] as? String == "Dr Lee" && $0["login"] is String && $0["at"] is String })
        let findings = try #require(recorded["findings"] as? [[String: Any]])
        let lifted = overrides.map { ($0["lifted"] as? [Int]) ?? [] }
        for (override, positions) in zip(overrides, lifted) {
            let rules = positions.map { findings[$0 - 1]["rule"] as? String }
            #expect(rules.allSatisfy { $0 == override["rule"] as? String }, "\(override)")
        }
        #expect(Set(lifted.flatMap { $0 }) == Set(findings.enumerated().filter { $0.element["severity"] as? String == "block" }.map { $0.offset + 1 }))
        let id = try #require(recorded["session_id"] as? Int)

        // audit patient shows the block, the reason, who and when, in every format.
        let document = try clinic.ok(["audit", "patient", "MRN-0005"])
        let blocks = try #require(document["overridden_blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["session_id"] as? Int } == [id, id])
        #expect(blocks.first?["reason"] as? String == "allergist cleared lidocaine: letter 2026-11-02")
        #expect((blocks.first?["blocks"] as? [String])?.first?.contains("Allergy to the group amide-anaesthetics") == true)
        #expect(blocks.allSatisfy { $0["actor"] as? String == "Dr Lee" && $0["at"] is String && $0["login"] is String })
        let table = try clinic.meso.run(["audit", "patient", "MRN-0005"])
        #expect(table.stdout.contains("Sessions that went ahead over a block"), "\(table)")
        #expect(table.stdout.contains("dermatitis away from the injected area"))
        let csv = try clinic.meso.run(["audit", "patient", "MRN-0005", "--format", "csv"])
        #expect(csv.stdout.contains("contraindication block (Inflammation (perioral dermatitis)"), "\(csv)")
        #expect(csv.stdout.contains("overridden by Dr Lee (login "))
        #expect(csv.stdout.contains(": dermatitis away from the injected area"))
        #expect(try clinic.meso.run(["audit", "verify"]).status == 0)

        // The auditor reads the override records.
        let logins = try ClinicLogins("ovr", database: clinic.database)
        defer { logins.drop() }
        let auditor = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.auditor), actor: "Ada")
        let audited = try #require(try auditor.run(["audit", "patient", "MRN-0005", "--format", "json"]).json() as? [String: Any])
        #expect((audited["overridden_blocks"] as? [[String: Any]])?.count == 2)
    }

    @Test func aPractitionerThroughPsqlCannotStoreAVerdictItsFindingsContradict() throws {
        let logins = try ClinicLogins("vrd", database: clinic.database)
        defer { logins.drop() }
        let practitioner = try PostgresConnection(try clinic.database.url(asUser: logins.practitioner))
        let lot = try clinic.id("SELECT id FROM lot WHERE lot_number = 'POLYREVIT-5-LOT'")
        let patient = try clinic.id("SELECT id FROM patient WHERE mrn = 'MRN-0006'")
        // A whole session, as a client writing its own SQL would: its usage and ledger row agree (the
        // rules of Schema/0012 hold), so that only the verdict is wrong.
        func attempt(_ verdict: String, _ statements: [PostgresQuery]) -> PostgresError? {
            do {
                try practitioner.transaction { connection in
                    try connection.query("SELECT id FROM public.meso_lock_lots(ARRAY[\(lot)]::bigint[])")
                    try connection.query(
                        """
                        INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
                        VALUES (\(patient), 'REVIT-FACE', 1, 'Dr Mallory', now() - interval '1 hour', \(verdict), 'Dr Mallory')
                        """)
                    try connection.query(
                        """
                        INSERT INTO session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
                        VALUES (currval('session_id_seq'), \(patient), now() - interval '1 hour', \(lot), 1)
                        """)
                    try connection.query(
                        """
                        INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
                        VALUES (\(lot), 'session-use', -1, 0, 'Dr Mallory', currval('session_id_seq'), \(patient))
                        """)
                    for statement in statements { try connection.query(statement) }
                }
                return nil
            } catch let error as PostgresError {
                return error
            } catch {
                Issue.record("\(error)")
                return nil
            }
        }
        let block: PostgresQuery =
            "INSERT INTO session_finding (session_id, position, severity, rule, message, overridden) VALUES (currval('session_id_seq'), 1, 'block', 'allergy', 'Allergy', true)"
        let before = try clinic.database.rowCounts(of: Self.tables)
        // PASS over a block; BLOCK without its override; an override of another rule; a warning only
        // yet BLOCK; an override of stock.
        for (verdict, statements) in [
            ("PASS", [block]),
            ("BLOCK", [block]),
            ("BLOCK", [block, "INSERT INTO session_override (session_id, rule, reason, lifted, recorded_at, recorded_by, recorded_login) VALUES (currval('session_id_seq'), 'contraindication', 'x', '{1}', now(), 'x', 'x')"]),
            ("BLOCK", ["INSERT INTO session_finding (session_id, position, severity, rule, message) VALUES (currval('session_id_seq'), 1, 'warn', 'interval', 'soon')"]),
            ("BLOCK", [block, "INSERT INTO session_override (session_id, rule, reason, lifted, recorded_at, recorded_by, recorded_login) VALUES (currval('session_id_seq'), 'stock', 'x', '{1}', now(), 'x', 'x')"]),
        ] as [(String, [PostgresQuery])] {
            let error = attempt(verdict, statements)
            #expect(["MS027", "MS026"].contains(error?.sqlState?.rawValue ?? ""), "\(verdict) \(statements.map(\.sql)): \(String(describing: error))")
        }
        // A block added later to a session that passed.
        let passed = try clinic.ok(["session", "record", "--patient", "MRN-0006", "--formula", "REVIT-FACE", "--at", RecordClinic.noon(-20)])
        let passedID = try #require(passed["session_id"] as? Int)
        #expect(throws: PostgresError.self) {
            try practitioner.query(
                "INSERT INTO session_finding (session_id, position, severity, rule, message) VALUES (\(passedID), 9, 'block', 'allergy', 'late')")
        }
        let after = try clinic.database.rowCounts(of: Self.tables)
        #expect(after["session"] == (before["session"] ?? 0) + 1, "only the session recorded through meso")

        // What the rule allows, it allows: a warning stored with a WARN session.
        #expect(
            attempt("WARN", ["INSERT INTO session_finding (session_id, position, severity, rule, message) VALUES (currval('session_id_seq'), 1, 'warn', 'interval', 'soon')"])
                == nil)
    }

    @Test func aSessionPlantedByTheOwnerPastTheTriggerIsCaughtByVerify() throws {
        let planted = try RecordClinic("cli_overrides_planted", products: [])
        #expect(try planted.meso.run(["audit", "verify"]).status == 0)
        try planted.admin.transaction { connection in
            try connection.query("SET LOCAL session_replication_role = replica")
            try connection.query(
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
                SELECT id, 'REVIT-LIDO', 1, 'Dr Owner', now() - interval '1 day', 'PASS', 'owner' FROM patient WHERE mrn = 'MRN-0005'
                """)
            try connection.query(
                """
                INSERT INTO session_finding (session_id, position, severity, rule, message, overridden)
                VALUES (currval('session_id_seq'), 1, 'block', 'allergy', 'Allergy to the group amide-anaesthetics', false)
                """)
        }
        let verify = try planted.meso.run(["audit", "verify", "--format", "json"])
        #expect(verify.status == 1, "\(verify)")
        let found = try #require(try verify.json() as? [String: Any])
        // (The planted session has no usage either, which the ledger rules report.)
        let discrepancies = try #require(found["discrepancies"] as? [[String: Any]]).filter {
            $0["rule"] as? String == "session-verdict"
        }
        #expect(discrepancies.count == 1)
        #expect((discrepancies.first?["message"] as? String)?.contains("is stored as PASS but its findings say BLOCK") == true)
    }
}
