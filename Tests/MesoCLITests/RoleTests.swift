import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Logins for the three meso roles, made for one test and dropped after it. Roles belong to the
/// whole cluster, so their names are unique to this process and test.
struct ClinicLogins {
    let pharmacist: String
    let practitioner: String
    let auditor: String
    private let admin: PostgresConnection

    init(_ tag: String, database: TestDatabase) throws {
        admin = try database.connect()
        let prefix = "t\(getpid())_\(tag)"
        pharmacist = prefix + "_pharmacist"
        practitioner = prefix + "_practitioner"
        auditor = prefix + "_auditor"
        for (login, role) in [(pharmacist, "meso_pharmacist"), (practitioner, "meso_practitioner"), (auditor, "meso_auditor")] {
            try admin.query("DROP ROLE IF EXISTS \(identifier: login)")
            try admin.query("CREATE ROLE \(identifier: login) LOGIN IN ROLE \(identifier: role)")
        }
    }

    func drop() {
        for login in [pharmacist, practitioner, auditor] {
            _ = try? admin.query("DROP ROLE IF EXISTS \(identifier: login)")
        }
    }
}

/// Runs `statement` and expects the database to refuse it for lack of privilege (SQLSTATE 42501),
/// or, with `orBy`, by one of meso's own rules instead (a ledger rule can fire before the policy).
func expectDenied(
    _ connection: PostgresConnection, _ statement: PostgresQuery, orBy rules: Set<SQLState> = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        try connection.query(statement)
        Issue.record("\(connection.user) was allowed: \(statement.sql)", sourceLocation: sourceLocation)
    } catch {
        #expect(
            error.sqlState == .insufficientPrivilege || rules.contains(error.sqlState ?? SQLState("00000")),
            "\(statement.sql): \(error)", sourceLocation: sourceLocation)
    }
    // A refused statement inside a transaction would poison it; these run outside one.
    #expect(!connection.isInTransaction, sourceLocation: sourceLocation)
}

@Suite("database roles")
struct RoleTests {
    @Test func anAuditorReadsTheRecordButNoClinicalDataAndWritesNothing() throws {
        let clinic = try AuditClinic("roles_auditor")
        let logins = try ClinicLogins("aud", database: clinic.database)
        defer { logins.drop() }
        let auditor = try PostgresConnection(try clinic.database.url(asUser: logins.auditor))

        // Every table the schema has, each with one of its columns, read from the catalog so a
        // table added later is covered too.
        let tables = try clinic.admin.query(
            """
            SELECT c.relname AS name,
                   (SELECT attname FROM pg_attribute
                     WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped AND attidentity = ''
                     ORDER BY attnum LIMIT 1) AS column_name
              FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY c.relname
            """
        ).rows.map { (try $0.decode("name", as: String.self), try $0.decode("column_name", as: String.self)) }
        #expect(tables.count >= 21)
        for (table, column) in tables {
            // Reading works where the auditor reads (TableAccess: not patients' clinical data)...
            if TableAccess.readers[table] == .practitioner {
                expectDenied(auditor, "SELECT count(*) FROM \(identifier: table)")
            } else {
                #expect(throws: Never.self, "\(table)") { try auditor.query("SELECT count(*) FROM \(identifier: table)") }
            }
            // ...and every kind of write is refused before any row is looked at.
            expectDenied(auditor, "INSERT INTO \(identifier: table) DEFAULT VALUES")
            expectDenied(auditor, "UPDATE \(identifier: table) SET \(identifier: column) = \(identifier: column)")
            expectDenied(auditor, "DELETE FROM \(identifier: table)")
            expectDenied(auditor, "TRUNCATE \(identifier: table)")
            expectDenied(auditor, "SELECT 1 FROM \(identifier: table) FOR UPDATE")
        }
        expectDenied(auditor, "CREATE TABLE audit_scratch (id int)")

        // Each write command on this branch, through the binary: exit 77 and nothing written.
        let meso = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.auditor), actor: "Ada Auditor")
        let counts = try clinic.admin.rowCounts(of: tables.map(\.0))
        let seed = try meso.run(["db", "seed", "--format", "json"])
        #expect(seed.status == 77, "\(seed)")
        let error = try seed.jsonError()
        #expect(error["error"] as? String == "permission_denied")
        let message = try #require(error["message"] as? String)
        #expect(
            message.hasPrefix(
                "The database login \"\(logins.auditor)\" may not create temporary tables: only the schema's owner (the database administrator, who runs meso db migrate and meso db seed) does"),
            "\(message)")
        #expect(message.contains("--actor only names who is recorded and grants nothing"))
        #expect(try clinic.admin.rowCounts(of: tables.map(\.0)) == counts)

        let fresh = try TestDatabase.create("roles_auditor_fresh", migrated: false)
        let migrate = try MesoCLI(databaseURL: try fresh.url(asUser: logins.auditor)).run(["db", "migrate"])
        #expect(migrate.status == 77, "\(migrate)")
        #expect(migrate.stderr.contains("has no privilege for this on schema public: the schema is changed only by its owner"))
        let created = try fresh.connect().query("SELECT to_regclass('meso_schema_migration') IS NULL AS absent")
        #expect(try created.rows[0].decode("absent", as: Bool.self))

        // The reading commands work for the auditor.
        let today = CalendarDate.today()
        for command in [
            ["audit", "verify"], ["audit", "ledger"], ["report", "expiry"], ["db", "status"],
            ["audit", "lot", "--product", "POLYREVIT-5", "--lot", "PR-1"], ["audit", "patient", "MRN-0001"],
            ["report", "usage", "--from", today.adding(days: -1).description, "--to", today.description, "--by", "compound"],
        ] {
            let outcome = try meso.run(command)
            #expect(outcome.status == 0, "\(command): \(outcome)")
        }
        // The recall list an auditor prints: both patients who received PR-1, not the cancelled session's.
        let recall = try meso.run(["audit", "lot", "--product", "POLYREVIT-5", "--lot", "PR-1", "--format", "csv"])
        let patients = recall.stdout.components(separatedBy: "\r\n").dropFirst().compactMap { $0.split(separator: ",").dropFirst(2).first }
        #expect(patients == ["MRN-0001", "MRN-0002"], "\(recall)")
        #expect(try clinic.admin.rowCounts(of: tables.map(\.0)) == counts)
    }

    @Test func aPractitionerRecordsSessionsButCannotReceiveOrMoveStock() throws {
        let clinic = try AuditClinic("roles_practitioner")
        let logins = try ClinicLogins("pra", database: clinic.database)
        defer { logins.drop() }
        let practitioner = try PostgresConnection(try clinic.database.url(asUser: logins.practitioner))
        let before = try clinic.admin.rowCounts(of: ["lot", "stock_movement", "lot_status_change"])

        // Receiving: neither a lot, nor a receipt into an existing lot, nor the whole receipt.
        expectDenied(
            practitioner,
            """
            INSERT INTO lot (product_code, lot_number, expiry, status, received_by)
            VALUES ('LIDO-1-MD', 'SNEAK-1', current_date + 100, 'released', 'dr')
            """)
        expectDenied(
            practitioner,
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor)
            VALUES (\(clinic.lidoA), 'receipt', 20, 0, 'dr')
            """)
        #expect(throws: PostgresError.self) {
            try LedgerFixture.receiveLot(practitioner, product: "LIDO-1-MD", lot: "SNEAK-2", vials: 1, expiresInDays: 90)
        }
        // Nor releasing, recalling or destroying, counting, destroying stock or writing it off outside a session.
        for status in ["quarantined", "recalled", "destroyed"] {
            expectDenied(
                practitioner,
                "INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by) VALUES (\(clinic.lidoA), \(status), 'x', 'dr')")
        }
        // (On single-use PR-1: a multi-dose lot's rows would be refused first for moving sealed vials in part.)
        for (kind, quantity) in [("count-adjustment", "5"), ("count-adjustment", "-5"), ("destruction", "-1"), ("waste", "-1")] {
            expectDenied(
                practitioner,
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
                VALUES (\(clinic.polyrevit), \(kind), \(Decimal(string: quantity)!), 0, 'dr', 'x')
                """, orBy: [.rowDisagrees])
        }
        // Nor putting stock back with a "reversal" of a receipt, of stock waste, or of more than a session took.
        let receipt: Int64 = try clinic.admin.query(
            "SELECT id FROM stock_movement WHERE lot_id = \(clinic.lidoA) AND kind = 'receipt'").rows[0].decode("id")
        let stockWaste: Int64 = try clinic.admin.query(
            "SELECT id FROM stock_movement WHERE lot_id = \(clinic.lidoA) AND kind = 'waste'").rows[0].decode("id")
        let sessionUse: Int64 = try clinic.admin.query(
            "SELECT id FROM stock_movement WHERE lot_id = \(clinic.lidoA) AND kind = 'session-use'").rows[0].decode("id")
        for (reversed, quantity) in [(receipt, "40"), (stockWaste, "1"), (sessionUse, "1")] {
            expectDenied(
                practitioner,
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, reverses_id)
                VALUES (\(clinic.lidoA), 'reversal', \(Decimal(string: quantity)!), 0, 'dr', 'x', \(reversed))
                """, orBy: [.rowDisagrees])
        }
        expectDenied(practitioner, "UPDATE lot SET on_hand_ml = on_hand_ml + 10 WHERE id = \(clinic.lidoA)")

        // The sentences a refused write gives (exit 77) name the login and the role that may do it.
        let receipt42501 = #expect(throws: PostgresError.self) {
            try practitioner.query(
                "INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor) VALUES (\(clinic.polyrevit), 'receipt', 1, 0, 'dr')")
        }
        let policy = MesoError(try #require(receipt42501))
        #expect(policy.kind == .permissionDenied)
        #expect(
            policy.message.hasPrefix(
                "The database login \"\(logins.practitioner)\" may not record this stock movement: receipts, counts, destructions and stock waste are written by logins in meso_pharmacist"),
            "\(policy.message)")
        let lotInsert = #expect(throws: PostgresError.self) {
            try practitioner.query("INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by) VALUES (1, 'recalled', 'x', 'dr')")
        }
        let table = MesoError(try #require(lotInsert))
        #expect(
            table.message
                == "The database login \"\(logins.practitioner)\" has no privilege for this on table lot_status_change, which logins in meso_pharmacist write and every meso role reads; --actor only names who is recorded and grants nothing.")
        expectDenied(practitioner, "INSERT INTO product (code, name, vial_ml, single_use, created_by) VALUES ('X-1', 'X', 1, true, 'dr')")
        #expect(try clinic.admin.rowCounts(of: ["lot", "stock_movement", "lot_status_change"]) == before)

        // What a practitioner does is allowed: patients, sessions with their stock, cancelling, adverse events.
        try practitioner.query(
            "INSERT INTO patient (mrn, name, created_by) VALUES ('MRN-9001', 'New Patient', 'dr')")
        try practitioner.query("UPDATE patient SET allergy_assessment = 'none-known' WHERE mrn = 'MRN-9001'")
        // Lots are locked through the one function that may (no role has UPDATE on lot).
        expectDenied(practitioner, "SELECT id FROM lot WHERE product_code = 'POLYREVIT-5' ORDER BY id FOR UPDATE")
        try practitioner.query(
            "SELECT id FROM public.meso_lock_lots(ARRAY(SELECT id FROM lot WHERE product_code = 'POLYREVIT-5'))")
        let session = try LedgerFixture.recordSession(
            practitioner, patient: "MRN-9001", formula: "REVIT-FACE",
            draws: [.init(lot: clinic.polyrevit, volume: "3", waste: "2")])
        try practitioner.query(
            "INSERT INTO adverse_event (session_id, kind, severity, recorded_by) VALUES (\(session), 'redness', 'mild', 'dr')")
        try LedgerFixture.cancelSession(practitioner, session)
        #expect(try clinic.onHand(clinic.polyrevit) == ml("10"))
        #expect(try clinic.verify().status == 0)
    }

    @Test func aPractitionerLoginCannotReceiveStockWithTheCLI() throws {
        let clinic = try AuditClinic("roles_practitioner_cli")
        let logins = try ClinicLogins("prc", database: clinic.database)
        defer { logins.drop() }
        let meso = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.practitioner), actor: "Dr Lee")
        let tables = ["lot", "stock_movement", "lot_status_change"]
        let before = try clinic.admin.rowCounts(of: tables)
        let expiry = CalendarDate.today(plus: 200)
        for receive in [
            ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "SNEAK-3", "--expiry", expiry.description, "--vials", "2"],
            ["lot", "receive", "--gs1", "(01)09520107000112(17)\(expiry.gs1YYMMDD)(10)SNEAK-4", "--vials", "1"],
        ] {
            let outcome = try meso.run(receive + ["--format", "json"])
            #expect(outcome.status == 77, "\(outcome)")
            let error = try outcome.jsonError()
            #expect(error["error"] as? String == "permission_denied")
            #expect(
                error["message"] as? String
                    == "The database login \"\(logins.practitioner)\" has no privilege for this on table lot, which logins in meso_pharmacist write and every meso role reads; --actor only names who is recorded and grants nothing.",
                "\(error)")
        }
        #expect(try clinic.admin.rowCounts(of: tables) == before)
        // The same login reads the recall list.
        #expect(try meso.run(["audit", "lot", "--product", "LIDO-1-MD", "--lot", "LD-A"]).status == 0)
    }

    @Test func aPharmacistReceivesStockButRecordsNoSessions() throws {
        let clinic = try AuditClinic("roles_pharmacist")
        let logins = try ClinicLogins("pha", database: clinic.database)
        defer { logins.drop() }
        let pharmacist = try PostgresConnection(try clinic.database.url(asUser: logins.pharmacist))

        // Single-use ampoules: counts and waste of any volume (a multi-dose lot's move in whole vials).
        let lot = try LedgerFixture.receiveLot(pharmacist, product: "PDRN-2", lot: "NEW-1", vials: 10, expiresInDays: 90)
        try LedgerFixture.move(pharmacist, lot: lot, kind: "count-adjustment", ml: "-0.5")
        let waste = try LedgerFixture.move(pharmacist, lot: lot, kind: "waste", ml: "-1")
        try pharmacist.query(
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, reverses_id)
            VALUES (\(lot), 'reversal', 1, 0, 'ph', 'written off by mistake', \(waste))
            """)
        try LedgerFixture.changeStatus(pharmacist, lot: lot, to: "recalled")
        #expect(try clinic.onHand(lot) == ml("19.5"))

        expectDenied(pharmacist, "INSERT INTO patient (mrn, name, created_by) VALUES ('MRN-9002', 'X', 'ph')")
        expectDenied(
            pharmacist,
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
            SELECT \(clinic.lidoA), 'session-use', -1, 0, 'ph', id, patient_id FROM session WHERE id = \(clinic.splitSession)
            """, orBy: [SQLState("MS008")])  // Schema/0017: nor adds a row to a session after its transaction
        // A pharmacist may cancel any session, whole (Schema/0012's session_guard and commit-time check).
        #expect(throws: PostgresError.self) {
            try pharmacist.query("UPDATE session SET status = 'cancelled' WHERE id = \(clinic.splitSession)")
        }
        try LedgerFixture.cancelSession(pharmacist, clinic.wasteSession, actor: "Phil Pharmacist")
        #expect(try clinic.verify().status == 0)
    }

    @Test func loginsTheDatabaseRefusesExit77WithASentence() throws {
        let database = try TestDatabase.create("roles_login")
        for (user, expected) in [
            ("meso_auditor", "The database role \"meso_auditor\" may not log in: it is a group role, granted to each person's own login (CREATE ROLE alice LOGIN IN ROLE meso_auditor)."),
            ("nobody_\(getpid())", "The database has no login \"nobody_\(getpid())\""),
        ] {
            let outcome = try MesoCLI(databaseURL: try database.url(asUser: user)).run(["audit", "verify", "--format", "json"])
            #expect(outcome.status == 77, "\(outcome)")
            let error = try outcome.jsonError()
            #expect(error["error"] as? String == "permission_denied")
            #expect((error["message"] as? String)?.hasPrefix(expected) == true, "\(error)")
        }
        // A login in a meso role, on a database that no longer lets PUBLIC connect.
        let logins = try ClinicLogins("con", database: database)
        defer { logins.drop() }
        try database.connect().query("REVOKE CONNECT ON DATABASE \(identifier: database.name) FROM PUBLIC")
        let outcome = try MesoCLI(databaseURL: try database.url(asUser: logins.auditor)).run(["audit", "verify"])
        #expect(outcome.status == 77, "\(outcome)")
        #expect(outcome.stderr == "meso: The database login \"\(logins.auditor)\" may not connect to this database (no CONNECT privilege).\n")
    }
}
