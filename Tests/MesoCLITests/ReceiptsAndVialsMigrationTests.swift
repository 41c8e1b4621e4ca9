import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Schema/0015 on a database that already holds lots and sessions (migrated through every migration
/// before it): every lot keeps its balance and gets its receipt, a serial kept on a lot
/// becomes its pack, and a multi-dose lot drawn part-way has one open vial holding the rest, dated by
/// the first draw since it last held that vial whole.
@Suite("Migrating to receipts and vials")
struct ReceiptsAndVialsMigrationTests {
    @Test func lotsAndSessionsOnFileKeepTheirBalancesAndGetTheirReceiptsAndVials() throws {
        let database = try TestDatabase.create("migrate_receipts_vials", migrated: false)
        let admin = try database.connect()
        let migrations = try Migration.load(from: ProjectPaths.schema)
        try SchemaMigrator(migrations: migrations.filter { $0.version < 15 }).migrate(on: admin, actor: "test")

        // The catalog, lots and sessions as meso wrote them before 0015.
        try admin.query(
            """
            INSERT INTO compound (code, name, class, created_by) VALUES ('lidocaine', 'Lidocaine', 'anaesthetic', 'test'),
                   ('hyaluronic-acid', 'Hyaluronic acid', 'glycosaminoglycan', 'test')
            """)
        try admin.transaction { tx in
            try tx.query(
                """
                INSERT INTO product (code, name, gtin, vial_ml, single_use, created_by)
                VALUES ('LIDO-1-MD', 'Lidocaine 1 %, 20 mL', '09520107000112', 20, false, 'test'),
                       ('HA-5', 'HA, 5 mL', NULL, 5, true, 'test')
                """)
            try tx.query(
                """
                INSERT INTO product_ingredient (product_code, compound_code, amount, unit)
                VALUES ('LIDO-1-MD', 'lidocaine', 10, 'mg'), ('HA-5', 'hyaluronic-acid', 5, 'mg')
                """)
        }
        try admin.transaction { tx in
            try tx.query("INSERT INTO formula (code, created_by) VALUES ('LIDO-DOT', 'test'), ('HA-3', 'test')")
            try tx.query(
                """
                INSERT INTO formula_version (formula_code, version, name, min_interval_days, created_by)
                VALUES ('LIDO-DOT', 1, 'Lidocaine papules', 1, 'test'), ('HA-3', 1, 'HA 3 mL', 1, 'test')
                """)
            try tx.query(
                """
                INSERT INTO formula_component (formula_code, version, position, product_code, volume_ml)
                VALUES ('LIDO-DOT', 1, 1, 'LIDO-1-MD', 0.4), ('HA-3', 1, 1, 'HA-5', 3)
                """)
        }
        try admin.query(
            "INSERT INTO patient (mrn, name, weight_kg, allergy_assessment, created_by) VALUES ('MIG-1', 'Mig Rated', 70, 'none-known', 'test')")
        func receive(_ product: String, _ lot: String, vials: Int, vialML: Int, serial: String? = nil) throws -> Int64 {
            try admin.transaction { tx in
                let id: Int64 = try tx.query(
                    """
                    INSERT INTO lot (product_code, lot_number, expiry, status, vials_received, received_ml, supplier, gs1_serial,
                                     received_by, received_at)
                    VALUES (\(product), \(lot), current_date + 300, 'released', \(vials), \(vials * vialML), 'Lab Ouest', \(serial),
                            'pharmacist', now() - interval '40 days')
                    RETURNING id
                    """
                ).rows[0].decode("id")
                try tx.query(
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor)
                    VALUES (\(id), 'receipt', \(vials * vialML), 'delivery', 'pharmacist')
                    """)
                try tx.query(
                    "INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by) VALUES (\(id), 'released', 'Received and released.', 'pharmacist')")
                return id
            }
        }
        let drawn = try receive("LIDO-1-MD", "LD-OLD", vials: 2, vialML: 20, serial: "SER-1")
        let exact = try receive("LIDO-1-MD", "LD-EXACT", vials: 2, vialML: 20)
        let single = try receive("HA-5", "HA-OLD", vials: 4, vialML: 5)
        func session(daysAgo: Int, formula: String, draws: [(Int64, String, String)]) throws {
            try admin.transaction { tx in
                let row = try tx.query(
                    """
                    INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
                    SELECT id, \(formula), 1, 'Dr Old', now() - make_interval(days => \(daysAgo)::int), 'PASS', 'Dr Old'
                      FROM patient WHERE mrn = 'MIG-1'
                    RETURNING id, patient_id, performed_at
                    """
                ).rows[0]
                let id: Int64 = try row.decode("id")
                let patient: Int64 = try row.decode("patient_id")
                let at: Timestamp = try row.decode("performed_at")
                for (lot, volume, waste) in draws {
                    try tx.query(
                        """
                        INSERT INTO session_usage (session_id, patient_id, performed_at, lot_id, volume_ml, waste_ml)
                        VALUES (\(id), \(patient), \(at), \(lot), \(Decimal(string: volume)!), \(Decimal(string: waste)!))
                        """)
                    try tx.query(
                        """
                        INSERT INTO stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id)
                        VALUES (\(lot), 'session-use', \(-Decimal(string: volume)!), 'Dr Old', \(id), \(patient))
                        """)
                    if waste != "0" {
                        try tx.query(
                            """
                            INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id)
                            VALUES (\(lot), 'waste', \(-Decimal(string: waste)!), 'Unused remainder of opened single-use vials',
                                    'Dr Old', \(id), \(patient))
                            """)
                    }
                }
            }
        }
        // LD-OLD: three draws of 0.4 mL from 20, 15 and 10 days ago: 38.8 mL, one vial sealed.
        for days in [20, 15, 10] { try session(daysAgo: days, formula: "LIDO-DOT", draws: [(drawn, "0.4", "0")]) }
        try session(daysAgo: 12, formula: "HA-3", draws: [(single, "3", "2")])
        // LD-EXACT: a whole vial written off, none open.
        try admin.query(
            "INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor) VALUES (\(exact), 'waste', -20, 'broken', 'pharmacist')")
        let before = try admin.query("SELECT id, on_hand_ml FROM lot ORDER BY id").rows.map {
            "\(try $0.decode("id", as: Int64.self)) \(try $0.decode("on_hand_ml", as: Decimal.self))"
        }
        let firstDraw: Timestamp = try admin.query(
            "SELECT min(performed_at) AS at FROM session WHERE formula_code = 'LIDO-DOT'").rows[0].decode("at")

        // 0015 applied to it.
        let applied = try SchemaMigrator(migrations: migrations).migrate(on: admin, actor: "test")
        #expect(applied.map(\.version).contains(15))
        let after = try admin.query("SELECT id, on_hand_ml FROM lot ORDER BY id").rows.map {
            "\(try $0.decode("id", as: Int64.self)) \(try $0.decode("on_hand_ml", as: Decimal.self))"
        }
        #expect(after == before, "every balance is kept")
        let receipts = try admin.query(
            """
            SELECT r.lot_id, r.vials, r.received_ml, r.supplier, r.received_at = l.received_at AS arrived_with_lot
              FROM lot_receipt r JOIN lot l ON l.id = r.lot_id ORDER BY r.lot_id
            """
        ).rows.map {
            "\(try $0.decode("lot_id", as: Int64.self)) \(try $0.decode("vials", as: Int.self)) \(try $0.decode("received_ml", as: Decimal.self)) \(try $0.decode("supplier", as: String.self)) \(try $0.decode("arrived_with_lot", as: Bool.self))"
        }
        #expect(receipts == ["\(drawn) 2 40 Lab Ouest true", "\(exact) 2 40 Lab Ouest true", "\(single) 4 20 Lab Ouest true"])
        let packs = try admin.query("SELECT gtin, serial, element_string IS NULL AS unscanned FROM lot_receipt_pack").rows.map {
            "\(try $0.decode("gtin", as: String.self)) \(try $0.decode("serial", as: String.self)) \(try $0.decode("unscanned", as: Bool.self))"
        }
        #expect(packs == ["09520107000112 SER-1 true"])
        let vials = try admin.query("SELECT lot_id, content_ml, remaining_ml, opened_at FROM vial").rows
        #expect(vials.count == 1, "only the lot drawn part-way has an open vial")
        #expect(try vials.first?.decode("lot_id", as: Int64.self) == drawn)
        #expect(try vials.first?.decode("remaining_ml", as: Decimal.self) == Decimal(string: "18.8"))
        #expect(try vials.first?.decode("opened_at", as: Timestamp.self) == firstDraw, "opened by the first draw since it was whole")
        let inUse = try admin.query("SELECT code, in_use_days FROM product ORDER BY code").rows.map {
            "\(try $0.decode("code", as: String.self)) \(try $0.decode("in_use_days", as: Int?.self).map(String.init) ?? "-")"
        }
        #expect(inUse == ["HA-5 -", "LIDO-1-MD 28"])

        // audit verify holds, and the next session draws the vial found open.
        let meso = MesoCLI(databaseURL: database.url, actor: "Dr New")
        let verify = try meso.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify)")
        let recorded = try meso.run(["session", "record", "--patient", "MIG-1", "--formula", "LIDO-DOT", "--format", "json"])
        #expect(recorded.status == 0, "\(recorded)")
        let vial: Int64 = try admin.query("SELECT id FROM vial").rows[0].decode("id")
        let ledger = try #require((try recorded.json() as? [String: Any])?["ledger"] as? [[String: Any]])
        #expect(ledger.compactMap { $0["vial_id"] as? Int } == [Int(vial)])
        #expect(try admin.query("SELECT remaining_ml FROM vial").rows[0].decode("remaining_ml", as: Decimal.self) == Decimal(string: "18.4"))
        #expect(try meso.run(["audit", "verify"]).status == 0)
    }
}
