import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Time and identity are the server's (Schema/0012): when a row was written and which login wrote
/// it are stamped whatever the writer sends; `--actor` defaults to the login; a session shows the
/// login that recorded it; only that login or a pharmacist cancels it.
@Suite("security: time and identity are the server's")
struct SecurityIdentityTests {
    @Test func theServerStampsWhenAndWhoWhateverTheWriterSends() throws {
        let clinic = try SecurityClinic("sec_stamps")
        defer { clinic.drop() }
        let practitioner = clinic.login(.practitioner)
        let pharmacist = clinic.login(.pharmacist)
        let lies = try clinic.psql(
            .practitioner,
            """
            INSERT INTO public.patient (mrn, name, created_by, created_at, created_login)
            VALUES ('STAMP-1', 'Stamped', 'Dr', '2001-01-01', 'someone_else') RETURNING id AS p \\gset
            INSERT INTO public.patient_medication (patient_id, name, recorded_by, recorded_at, recorded_login)
            VALUES (:p, 'aspirin', 'Dr', '2001-01-01', 'someone_else');
            BEGIN;
            INSERT INTO public.session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict,
                                        recorded_by, recorded_at, recorded_login)
            VALUES (:p, 'REVIT-FACE', 1, 'Dr', now(), 'PASS', 'Dr', '2001-01-01', 'someone_else')
            RETURNING id AS s, performed_at AS t \\gset
            INSERT INTO public.session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
            VALUES (:s, :p, :'t', \(clinic.clinic.polyrevit), 1);
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id, recorded_at, recorded_login)
            VALUES (\(clinic.clinic.polyrevit), 'session-use', -1, 'Dr', :s, :p, '2001-01-01', 'someone_else');
            COMMIT;
            """)
        #expect(!lies.failed, "\(lies)")
        let changed = try clinic.psql(
            .pharmacist,
            """
            INSERT INTO public.lot_status_change (lot_id, to_status, reason, changed_by, changed_at, changed_login)
            VALUES (\(clinic.clinic.lidoB), 'recalled', 'notice', 'Phil', '2001-01-01', 'someone_else');
            """)
        #expect(!changed.failed, "\(changed)")
        let stamps = try clinic.admin.query(
            """
            SELECT 'patient' AS row_kind, created_at AS at, created_login AS login FROM patient WHERE mrn = 'STAMP-1'
            UNION ALL SELECT 'medication', m.recorded_at, m.recorded_login FROM patient_medication m JOIN patient p ON p.id = m.patient_id WHERE p.mrn = 'STAMP-1'
            UNION ALL SELECT 'session', s.recorded_at, s.recorded_login FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.mrn = 'STAMP-1'
            UNION ALL SELECT 'ledger', m.recorded_at, m.recorded_login FROM stock_movement m JOIN patient p ON p.id = m.patient_id WHERE p.mrn = 'STAMP-1'
            UNION ALL SELECT 'status', changed_at, changed_login FROM lot_status_change WHERE lot_id = \(clinic.clinic.lidoB) AND to_status = 'recalled'
            UNION ALL SELECT 'lot cache', status_changed_at, NULL FROM lot WHERE id = \(clinic.clinic.lidoB)
            """
        ).rows
        #expect(stamps.count == 6)
        let oneMinuteAgo = Timestamp.now().adding(seconds: -60)
        for row in stamps {
            let kind: String = try row.decode("row_kind")
            let at: Timestamp = try row.decode("at")
            let login: String? = try row.decode("login")
            #expect(at > oneMinuteAgo, "\(kind) at \(at)")
            if kind != "lot cache" { #expect(login == (kind == "status" ? pharmacist : practitioner), "\(kind): \(login ?? "nil")") }
        }
    }

    @Test func theActorIsTheLoginUnlessNamed() throws {
        let clinic = try SecurityClinic("sec_actor")
        defer { clinic.drop() }
        let url = try clinic.database.url(asUser: clinic.login(.practitioner))
        let unnamed = try MesoCLI.run(["patient", "add", "ACTOR-1", "--name", "Unnamed Actor", "--database-url", url])
        #expect(unnamed.status == 0, "\(unnamed)")
        let named = try MesoCLI.run(
            ["patient", "add", "ACTOR-2", "--name", "Named Actor", "--database-url", url], environment: ["MESO_ACTOR": "Nurse Ann"])
        #expect(named.status == 0, "\(named)")
        let rows = try clinic.admin.query(
            "SELECT mrn, created_by, created_login FROM patient WHERE mrn LIKE 'ACTOR-%' ORDER BY mrn").rows
        #expect(try rows.map { try $0.decode("created_by", as: String.self) } == [clinic.login(.practitioner), "Nurse Ann"])
        #expect(try rows.map { try $0.decode("created_login", as: String.self) } == Array(repeating: clinic.login(.practitioner), count: 2))
    }

    /// An actor that cannot be recorded is refused naming where it came from: `MESO_ACTOR` when the
    /// environment gave it, `--actor` when the option did; exit 65 before any connection is made.
    @Test func aBadActorIsNamedAsItWasGiven() throws {
        let unreachable = "postgresql://nobody@127.0.0.1:1/none"
        let fromEnvironment = try MesoCLI.run(
            ["lot", "list", "--database-url", unreachable, "--format", "json"], environment: ["MESO_ACTOR": "Dr\nLee"])
        #expect(fromEnvironment.status == 65, "\(fromEnvironment)")
        #expect(fromEnvironment.stderr.contains("MESO_ACTOR contains a control character"), "\(fromEnvironment)")
        #expect(fromEnvironment.stderr.contains(#""field":"MESO_ACTOR""#), "\(fromEnvironment)")
        #expect(!fromEnvironment.stderr.contains("--actor"), "\(fromEnvironment)")
        let fromOption = try MesoCLI.run(
            ["lot", "list", "--database-url", unreachable, "--actor", "Dr\nLee"], environment: ["MESO_ACTOR": "Nurse Ann"])
        #expect(fromOption.status == 65, "\(fromOption)")
        #expect(fromOption.stderr.hasPrefix("meso: --actor contains a control character"), "\(fromOption)")
    }

    /// A nurse types in a doctor's session under her own login: the doctor is the practitioner, the
    /// nurse the actor, and the login that wrote it is stored and shown in every format.
    @Test func aSessionShowsTheLoginThatRecordedItAndOnlyItOrAPharmacistCancelsIt() throws {
        let clinic = try SecurityClinic("sec_session_login")
        defer { clinic.drop() }
        let nurse = clinic.login(.practitioner)
        let other = "t\(getpid())_other_practitioner"
        try clinic.admin.query("DROP ROLE IF EXISTS \(identifier: other)")
        try clinic.admin.query("CREATE ROLE \(identifier: other) LOGIN IN ROLE meso_practitioner")
        defer { _ = try? clinic.admin.query("DROP ROLE IF EXISTS \(identifier: other)") }
        let asNurse = MesoCLI(databaseURL: try clinic.database.url(asUser: nurse), actor: "Nurse Ann")
        let recorded = try asNurse.run([
            "session", "record", "--patient", "MRN-0006", "--formula", "REVIT-LIDO", "--practitioner", "Dr Someone Else",
            "--format", "json",
        ])
        #expect(recorded.status == 0, "\(recorded)")
        let session = try #require((try recorded.json() as? [String: Any])?["session_id"] as? Int)
        #expect((try recorded.json() as? [String: Any])?["recorded_login"] as? String == nurse)
        // `session show` in table and JSON (its CSV is the findings), `audit patient` in every format.
        for format in ["table", "json"] {
            let shown = try asNurse.run(["session", "show", String(session), "--format", format])
            #expect(shown.status == 0 && shown.stdout.contains(nurse) && shown.stdout.contains("Dr Someone Else"), "\(format): \(shown)")
        }
        for format in ["table", "json", "csv"] {
            let history = try asNurse.run(["audit", "patient", "MRN-0006", "--format", format])
            #expect(history.status == 0 && history.stdout.contains(nurse), "\(format): \(history)")
        }

        // Another practitioner's login may not cancel it, through meso or psql...
        let asOther = MesoCLI(databaseURL: try clinic.database.url(asUser: other), actor: "Dr Other")
        let refused = try asOther.run(["session", "cancel", String(session), "--reason", "not mine", "--format", "json"])
        #expect(refused.status == 77, "\(refused)")
        #expect(
            try refused.jsonError()["message"] as? String
                == "Session \(session) was recorded by the login \(nurse): only that login or a pharmacist may cancel it, not \(other).")
        let before = try clinic.database.tableChecksums()
        let psql = try Psql.run(
            try clinic.database.url(asUser: other),
            """
            UPDATE public.session SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'Dr Other', cancel_reason = 'x'
             WHERE id = \(session);
            """)
        #expect(psql.failed && psql.stderr.contains("only that login or a pharmacist may cancel it"), "\(psql)")
        #expect(try clinic.database.tableChecksums() == before)

        // ...a pharmacist may, and the cancellation is signed by the pharmacist's login.
        let pharmacist = MesoCLI(databaseURL: try clinic.database.url(asUser: clinic.login(.pharmacist)), actor: "Phil")
        let cancelled = try pharmacist.run(["session", "cancel", String(session), "--reason", "recorded twice", "--format", "json"])
        #expect(cancelled.status == 0, "\(cancelled)")
        let document = try #require(try cancelled.json() as? [String: Any])
        #expect(document["cancelled_login"] as? String == clinic.login(.pharmacist))
        #expect(document["cancelled_by"] as? String == "Phil")
        #expect(try clinic.verifyRules().status == 0)
    }
}
