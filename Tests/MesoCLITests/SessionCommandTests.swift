import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A seeded database of its own, stock received through `meso lot receive`, and `meso` run as a
/// practitioner.
struct SessionClinic {
    static let sessionTables = ["session", "session_finding", "session_usage", "stock_movement", "adverse_event"]

    let database: TestDatabase
    let meso: MesoCLI
    let pharmacy: MesoCLI
    let admin: PostgresConnection

    init(_ name: String) throws {
        database = try TestDatabase.seeded(name)
        meso = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        admin = try database.connect()
    }

    func receive(_ product: String, _ lot: String, vials: Int = 1, days: Int = 300, _ extra: [String] = []) throws {
        let outcome = try pharmacy.run(
            ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: days).description,
             "--vials", String(vials)] + extra)
        guard outcome.status == 0 else { throw LedgerFixture.FixtureError("receive failed: \(outcome)") }
    }

    func record(_ mrn: String, _ formula: String, _ extra: [String] = []) throws -> MesoCLI.Outcome {
        try meso.run(["session", "record", "--patient", mrn, "--formula", formula, "--format", "json"] + extra)
    }

    /// `session record` that must succeed; its JSON document.
    func recorded(_ mrn: String, _ formula: String, _ extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [String: Any]
    {
        let outcome = try record(mrn, formula, extra)
        #expect(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
        return try #require(try outcome.json() as? [String: Any], "\(outcome)", sourceLocation: sourceLocation)
    }

    func show(_ id: Int) throws -> [String: Any] {
        let outcome = try meso.run(["session", "show", String(id), "--format", "json"])
        #expect(outcome.status == 0, "\(outcome)")
        return try #require(try outcome.json() as? [String: Any])
    }

    func balance(_ lotNumber: String) throws -> Decimal {
        try admin.query("SELECT on_hand_ml FROM lot WHERE lot_number = \(lotNumber)").rows[0].decode("on_hand_ml")
    }

    func counts() throws -> [String: Int] { try database.rowCounts(of: Self.sessionTables) }

    func verify() throws -> MesoCLI.Outcome { try meso.run(["audit", "verify"]) }
}

@Suite("meso session")
struct SessionCommandTests {
    @Test func warningsAreStoredABlockNeedsAnOverrideAndTheOverrideIsShown() throws {
        let clinic = try SessionClinic("cli_session_override")
        // Delivered two days ago, before the session of yesterday below could draw them.
        let delivered = ["--at", Timestamp(date: CalendarDate.today(plus: -2), hour: 8).description]
        try clinic.receive("POLYREVIT-5", "PR-1", vials: 4, delivered)
        try clinic.receive("LIDO-1-MD", "LD-1", delivered)

        // MRN-0001 is allergic to lidocaine with low criticality: a warning, stored, exit 0.
        // Yesterday morning: --at is kept as given (a session is recorded within a year of it).
        let performedAt = Timestamp(date: CalendarDate.today(plus: -1), hour: 9, minute: 30).description
        let warned = try clinic.recorded("MRN-0001", "REVIT-LIDO", ["--area", "face", "--at", performedAt])
        #expect(warned["verdict"] as? String == "WARN")
        #expect(warned["practitioner"] as? String == "Dr Lee")
        #expect(warned["performed_at"] as? String == performedAt)
        #expect(warned["formula_version"] as? Int == 1)
        let warnings = try #require(warned["findings"] as? [[String: Any]])
        #expect(warnings.map { $0["severity"] as? String } == ["warn"])
        #expect(warnings.map { $0["overridden"] as? Bool } == [false])
        let lots = try #require(warned["lots"] as? [[String: Any]])
        #expect(lots.map { $0["lot_number"] as? String } == ["PR-1", "LD-1"])
        #expect(lots.map { $0["volume_ml"] as? String } == ["5.000", "1.000"])

        // MRN-0005 has a high allergy to the amide anaesthetics: refused, nothing written.
        let counts = try clinic.counts()
        let blocked = try clinic.record("MRN-0005", "REVIT-LIDO")
        #expect(blocked.status == 3, "\(blocked)")
        let error = try blocked.jsonError()
        #expect(error["error"] as? String == "refused")
        let message = try #require(error["message"] as? String)
        #expect(
            message.hasPrefix(
                "Session not recorded: the check blocks it and no override names allergy. Allergy to the group amide-anaesthetics (high, confirmed)"))
        #expect(message.contains("--override \"allergy:REASON\""))
        #expect(try clinic.counts() == counts)

        // An override of another rule lifts nothing: still refused, naming the rule no override lifted.
        let wrongRule = try clinic.record("MRN-0005", "REVIT-LIDO", ["--override", "contraindication:surgery healed"])
        #expect(wrongRule.status == 3, "\(wrongRule)")
        #expect((try wrongRule.jsonError()["message"] as? String)?.contains("no override names allergy") == true)
        #expect(try clinic.counts() == counts)

        let reason = "Allergist cleared lidocaine 1 % on 2026-11-20: letter on file"
        let overridden = try clinic.recorded("MRN-0005", "REVIT-LIDO", ["--override", "allergy:" + reason])
        #expect(overridden["verdict"] as? String == "BLOCK")
        let id = try #require(overridden["session_id"] as? Int)
        let shown = try clinic.show(id)
        #expect(shown["override_reason"] == nil && shown["override_by"] == nil && shown["override_at"] == nil)
        let overrides = try #require(shown["overrides"] as? [[String: Any]])
        #expect(overrides.count == 1)
        #expect(overrides.first?["rule"] as? String == "allergy")
        #expect(overrides.first?["reason"] as? String == reason, "split at the first colon only")
        #expect(overrides.first?["actor"] as? String == "Dr Lee")
        let login = try clinic.admin.query("SELECT session_user AS login").first?.decode("login", as: String.self)
        #expect(overrides.first?["login"] as? String == login, "the login, beside the actor named")
        #expect(overrides.first?["at"] is String)
        #expect(overrides.first?["lifted"] as? [Int] == [1])
        #expect((overridden["overrides"] as? [[String: Any]])?.first?["rule"] as? String == "allergy")
        let findings = try #require(shown["findings"] as? [[String: Any]])
        #expect(findings.first?["rule"] as? String == "allergy")
        #expect(findings.first?["overridden"] as? Bool == true)
        #expect(findings.filter { $0["severity"] as? String != "block" }.allSatisfy { $0["overridden"] as? Bool == false })
        let table = try clinic.meso.run(["session", "show", String(id)])
        #expect(table.stdout.contains("Overrides\nRULE"), "\(table)")
        #expect(table.stdout.contains(reason))
        let listed = try #require(try clinic.meso.run(["session", "list", "--patient", "MRN-0005", "--format", "json"]).json() as? [[String: Any]])
        #expect(listed.last?["overridden"] as? String == "allergy")
        #expect((listed.last?["overrides"] as? [[String: Any]])?.first?["reason"] as? String == reason)

        // No override lifts a stock block: nothing of HA-BOOST-2 was ever received.
        let short = try clinic.record("MRN-0006", "SKIN-BOOST", ["--override", "allergy:the patient insists"])
        #expect(short.status == 3, "\(short)")
        #expect(try short.jsonError()["message"] as? String
            == "Session not recorded: Not enough usable stock of HA-BOOST-2: 2.000 mL needed, 0.000 mL in released, unexpired lots (2.000 mL single-use vials, drawn whole); no override can lift this.")

        // An override where nothing blocks is not stored.
        let needless = try clinic.meso.run(
            ["session", "record", "--patient", "MRN-0006", "--formula", "REVIT-LIDO", "--override", "allergy:just in case"])
        #expect(needless.status == 0, "\(needless)")
        #expect(needless.stdout.contains("The check found no allergy block, so the override of allergy was not recorded."))
        #expect(try clinic.admin.query("SELECT count(*) AS n FROM session_override").first?.decode("n", as: Int.self) == 1)
        #expect(try clinic.verify().status == 0)
    }

    @Test func anExpiredRecalledOrQuarantinedLotNamedWithLotIsRefused() throws {
        let clinic = try SessionClinic("cli_session_lots")
        try clinic.receive("POLYREVIT-5", "PR-GOOD", vials: 4)
        try clinic.receive("POLYREVIT-5", "PR-HELD", vials: 4, ["--quarantine"])
        try clinic.receive("POLYREVIT-5", "PR-RECALL", vials: 4)
        let recall = try clinic.pharmacy.run(["lot", "recall", "--product", "POLYREVIT-5", "--lot", "PR-RECALL", "--reason", "supplier notice"])
        #expect(recall.status == 0, "\(recall)")
        // Received a month ago, expired yesterday (the schema refuses receiving an expired lot).
        try LedgerFixture.receiveLot(clinic.admin, product: "POLYREVIT-5", lot: "PR-OLD", vials: 4, expiresInDays: -1, receivedDaysAgo: 30)
        try clinic.receive("HA-15-2", "HA-1", vials: 4)
        let yesterday = CalendarDate.today(plus: -1)

        let counts = try clinic.counts()
        for (lot, why) in [
            ("PR-HELD", "is quarantined: the pharmacist has not released it"),
            ("PR-RECALL", "is recalled and is never injected"),
            ("PR-OLD", "expired on \(yesterday) and cannot be used on \(CalendarDate.today())"),
        ] {
            for extra in [[], ["--override", "allergy:I accept the risk"]] {
                let outcome = try clinic.meso.run(
                    ["session", "record", "--patient", "MRN-0006", "--formula", "REVIT-FACE", "--lot", "POLYREVIT-5:\(lot)"] + extra)
                #expect(outcome.status == 3, "\(outcome)")
                #expect(outcome.stderr == "meso: Session not recorded: --lot POLYREVIT-5:\(lot) \(why); no override can lift this.\n")
            }
        }
        let foreign = try clinic.record("MRN-0006", "REVIT-FACE", ["--lot", "LIDO-1-MD:LD-9"])
        #expect(foreign.status == 65, "\(foreign)")
        #expect(try foreign.jsonError()["field"] as? String == "--lot")
        let unknown = try clinic.record("MRN-0006", "REVIT-FACE", ["--lot", "POLYREVIT-5:NOPE"])
        #expect(unknown.status == 65, "\(unknown)")
        #expect(try clinic.counts() == counts)

        // The lot named is drawn rather than the FEFO one.
        let chosen = try clinic.recorded("MRN-0006", "REVIT-FACE", ["--lot", "POLYREVIT-5:PR-GOOD"])
        #expect((chosen["lots"] as? [[String: Any]])?.map { $0["lot_number"] as? String } == ["PR-GOOD", "HA-1"])
    }

    @Test func aCancelledSessionRestoresTheStockThroughNewLedgerRows() throws {
        let clinic = try SessionClinic("cli_session_cancel")
        try clinic.receive("POLYREVIT-5", "PR-1", vials: 2)
        try clinic.receive("HA-15-2", "HA-1", vials: 2)
        let before = (try clinic.balance("PR-1"), try clinic.balance("HA-1"))
        let session = try clinic.recorded("MRN-0006", "REVIT-FACE")
        let id = try #require(session["session_id"] as? Int)
        #expect(try clinic.balance("PR-1") == before.0 - ml("5"), "a whole 5 mL vial: 3 injected, 2 wasted")
        #expect(try clinic.balance("HA-1") == before.1 - ml("2"))

        let cancelled = try clinic.meso.run(["session", "cancel", String(id), "--reason", "recorded for the wrong patient"])
        #expect(cancelled.status == 0, "\(cancelled)")
        #expect(cancelled.stdout.contains("Session \(id) cancelled; 4 reversing ledger rows put the stock back."))
        #expect(try clinic.balance("PR-1") == before.0)
        #expect(try clinic.balance("HA-1") == before.1)

        let shown = try clinic.show(id)
        #expect(shown["status"] as? String == "cancelled")
        #expect(shown["cancelled_by"] as? String == "Dr Lee")
        #expect(shown["cancel_reason"] as? String == "recorded for the wrong patient")
        let ledger = try #require(shown["ledger"] as? [[String: Any]])
        let taken = ledger.filter { ["session-use", "waste"].contains($0["kind"] as? String) }
        let reversals = ledger.filter { $0["kind"] as? String == "reversal" }
        #expect(taken.count == 4)
        #expect(Set(reversals.compactMap { $0["reverses_id"] as? Int }) == Set(taken.compactMap { $0["movement_id"] as? Int }))
        for reversal in reversals {
            let original = try #require(taken.first { $0["movement_id"] as? Int == reversal["reverses_id"] as? Int })
            #expect(reversal["quantity_ml"] as? String == (original["quantity_ml"] as? String).map { String($0.dropFirst()) })
            #expect(reversal["reason"] as? String == "Session \(id) cancelled.")
        }
        // The session and its usage are kept.
        #expect((shown["lots"] as? [Any])?.count == 2)

        let again = try clinic.meso.run(["session", "cancel", String(id), "--reason", "twice", "--format", "json"])
        #expect(again.status == 3, "\(again)")
        #expect((try again.jsonError()["message"] as? String)?.contains("was already cancelled") == true)
        #expect(try clinic.verify().status == 0)

        // A session whose lot has been destroyed since cannot be cancelled: the lot takes nothing back.
        let kept = try #require(try clinic.recorded("MRN-0008", "REVIT-FACE")["session_id"] as? Int)
        let destroy = try clinic.pharmacy.run(["lot", "destroy", "--product", "HA-15-2", "--lot", "HA-1", "--reason", "recall R-7"])
        #expect(destroy.status == 0, "\(destroy)")
        let counts = try clinic.counts()
        let refused = try clinic.meso.run(["session", "cancel", String(kept), "--reason", "wrong patient"])
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr == "meso: Session \(kept) cannot be cancelled: it drew from lot HA-1 of HA-15-2, destroyed since, which can take no stock back; the session stays on record as performed.\n")
        #expect(try clinic.counts() == counts)
        #expect(try clinic.show(kept)["status"] as? String == "performed")

        let missing = try clinic.meso.run(["session", "cancel", "999999", "--reason", "x"])
        #expect(missing.status == 65, "\(missing)")
        #expect(try clinic.verify().status == 0)
    }

    @Test func adverseEventsAreTiedToTheSessionAndListedWithIt() throws {
        let clinic = try SessionClinic("cli_session_events")
        try clinic.receive("POLYREVIT-5", "PR-1", vials: 3)
        try clinic.receive("HA-15-2", "HA-1", vials: 3)
        let first = try #require(try clinic.recorded("MRN-0006", "REVIT-FACE")["session_id"] as? Int)
        let second = try #require(try clinic.recorded("MRN-0008", "REVIT-FACE")["session_id"] as? Int)

        let event = try clinic.meso.run(
            ["session", "adverse-event", String(first), "--kind", "swelling", "--severity", "moderate", "--note", "left cheek, settled in 48 h", "--format", "json"])
        #expect(event.status == 0, "\(event)")
        let document = try #require(try event.json() as? [String: Any])
        #expect(document["kind"] as? String == "swelling")
        #expect(document["severity"] as? String == "moderate")
        #expect((document["lots"] as? [[String: Any]])?.map { $0["lot_number"] as? String } == ["PR-1", "HA-1"])
        let events = try #require(try clinic.show(first)["adverse_events"] as? [[String: Any]])
        #expect(events.map { $0["note"] as? String } == ["left cheek, settled in 48 h"])
        #expect(events.first?["recorded_by"] as? String == "Dr Lee")

        for (arguments, field) in [
            (["--kind", "fainting", "--severity", "mild"], "--kind"),
            (["--kind", "pain", "--severity", "awful"], "--severity"),
        ] {
            let invalid = try clinic.meso.run(["session", "adverse-event", String(first)] + arguments + ["--format", "json"])
            #expect(invalid.status == 65, "\(invalid)")
            #expect(try invalid.jsonError()["field"] as? String == field)
        }
        _ = try clinic.meso.run(["session", "cancel", String(second), "--reason", "entered twice"])
        let onCancelled = try clinic.meso.run(["session", "adverse-event", String(second), "--kind", "pain", "--severity", "mild"])
        #expect(onCancelled.status == 65, "\(onCancelled)")
        #expect(onCancelled.stderr.contains("an adverse event is recorded against a session that was performed"))

        let all = try #require(try clinic.meso.run(["session", "list", "--format", "json"]).json() as? [[String: Any]])
        #expect(all.map { $0["session_id"] as? Int } == [first, second])
        #expect(all.map { $0["status"] as? String } == ["performed", "cancelled"])
        let mine = try #require(try clinic.meso.run(["session", "list", "--patient", "MRN-0008", "--format", "json"]).json() as? [[String: Any]])
        #expect(mine.map { $0["session_id"] as? Int } == [second])
        let csv = try clinic.meso.run(["session", "list", "--format", "csv", "--patient", "MRN-0006"])
        #expect(csv.stdout.hasPrefix("session_id,performed_at,patient_mrn,patient_name,formula_code,formula_version,practitioner,area,verdict,overridden,status\r\n"))
        let unknown = try clinic.meso.run(["session", "list", "--patient", "MRN-9999"])
        #expect(unknown.status == 65, "\(unknown)")
    }

    @Test func aPractitionerLoginRecordsAndCancelsSessions() throws {
        let clinic = try SessionClinic("cli_session_role")
        try clinic.receive("POLYREVIT-5", "PR-1", vials: 2)
        try clinic.receive("LIDO-1-MD", "LD-1")
        let logins = try ClinicLogins("ses", database: clinic.database)
        defer { logins.drop() }
        let practitioner = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.practitioner), actor: "Dr Amani")

        let recorded = try practitioner.run(
            ["session", "record", "--patient", "MRN-0008", "--formula", "REVIT-LIDO", "--format", "json"])
        #expect(recorded.status == 0, "\(recorded)")
        let id = try #require((try recorded.json() as? [String: Any])?["session_id"] as? Int)
        let event = try practitioner.run(["session", "adverse-event", String(id), "--kind", "redness", "--severity", "mild"])
        #expect(event.status == 0, "\(event)")
        let cancelled = try practitioner.run(["session", "cancel", String(id), "--reason", "wrong formula recorded"])
        #expect(cancelled.status == 0, "\(cancelled)")
        let blocked = try practitioner.run(
            ["session", "record", "--patient", "MRN-0005", "--formula", "REVIT-LIDO", "--override", "allergy:cleared by the allergist"])
        #expect(blocked.status == 0, "\(blocked)")
        let course = try practitioner.run(
            ["course", "plan", "--patient", "MRN-0008", "--formula", "REVIT-LIDO", "--start", CalendarDate.today().description])
        #expect(course.status == 0, "\(course)")

        // Written as the login, recorded against the person named.
        let actors = try clinic.admin.query(
            "SELECT DISTINCT actor FROM stock_movement WHERE session_id IS NOT NULL").rows.map { try $0.decode("actor", as: String.self) }
        #expect(actors == ["Dr Amani"])
        #expect(try clinic.balance("PR-1") == ml("5"))
        // The auditor may read sessions but not record one.
        let auditor = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.auditor), actor: "Ada")
        #expect(try auditor.run(["session", "show", String(id)]).status == 0)
        let denied = try auditor.run(["session", "record", "--patient", "MRN-0006", "--formula", "REVIT-LIDO"])
        #expect(denied.status == 77, "\(denied)")
        #expect(try clinic.verify().status == 0)
    }

    @Test func aClientKilledMidSessionLeavesNoTrace() throws {
        let clinic = try SessionClinic("cli_session_killed")
        try clinic.receive("POLYREVIT-5", "PR-1", vials: 2)
        try clinic.receive("HA-15-2", "HA-1", vials: 2)
        let counts = try clinic.counts()
        let balances = (try clinic.balance("PR-1"), try clinic.balance("HA-1"))

        // Hold the patient's row so that the session waits inside its transaction, then kill it there.
        let holder = try clinic.database.connect()
        try holder.query("BEGIN")
        try holder.query("SELECT id FROM patient WHERE mrn = 'MRN-0006' FOR UPDATE")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MesoCLI.executable)
        process.arguments = [
            "session", "record", "--patient", "MRN-0006", "--formula", "REVIT-FACE", "--database-url", clinic.database.url,
            "--actor", "Dr Lee",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let waiting = try waitFor(clinic.admin, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'meso' AND wait_event_type = 'Lock'")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        try holder.query("COMMIT")
        // Its server process finds the client gone and ends, rolling the transaction back.
        _ = try waitFor(clinic.admin, "SELECT 1 WHERE NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = \(waiting))")
        #expect(try clinic.counts() == counts)
        #expect(try clinic.balance("PR-1") == balances.0)
        #expect(try clinic.balance("HA-1") == balances.1)
    }

    /// Polls until `sql` returns a row (at most about 10 s); returns its first column as an integer.
    func waitFor(_ connection: PostgresConnection, _ sql: PostgresQuery) throws -> Int {
        for _ in 0..<1000 {
            if let row = try connection.query(sql).first {
                return try row.decode(row.columns.names[0], as: Int.self)
            }
            usleep(10_000)
        }
        throw LedgerFixture.FixtureError("timed out waiting for: \(sql.sql)")
    }
}
