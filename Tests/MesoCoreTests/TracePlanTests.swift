import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `audit lot` and `audit patient` on years of sessions: hundreds of thousands of usage rows loaded
/// with COPY, then the plan PostgreSQL chooses for exactly the statements `AuditService` runs must
/// reach every table through an index. No timing is asserted: MesoBench measures.
@Suite("audit lot and audit patient plans at scale")
struct TracePlanTests {
    static let lots = 2_000
    static let patients = 20_000
    static let sessions = 200_000
    /// Every session draws from two lots: 400,000 usage rows, 200 per lot on average.
    static let lotsPerSession = 2

    /// A small linear congruential generator: the same rows on every run.
    struct Dice {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func roll(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Loads the clinic's history behind the triggers' backs (a superuser with
    /// session_replication_role = replica, which also skips the foreign-key checks: the rows are
    /// built consistent), then VACUUM ANALYZE so that the planner knows the tables' sizes and the
    /// visibility map allows index-only scans.
    static func loadHistory(_ database: TestDatabase) throws {
        let admin = try database.connect()
        try admin.query("SET session_replication_role = replica")
        var dice = Dice()
        let products = try admin.query("SELECT code FROM product ORDER BY code").rows.map { try $0.decode("code", as: String.self) }

        try admin.copyIn(
            "COPY lot (product_code, lot_number, expiry, status, on_hand_ml, received_by, received_at, recorded_at) FROM STDIN"
        ) { rows in
            for index in 0..<lots {
                try rows.append([
                    products[index % products.count], "BULK-\(index)", "2029-12-31", "released", "0", "pharmacist",
                    "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z",
                ])
            }
        }
        try admin.copyIn("COPY patient (mrn, name, birth_date, allergy_assessment, created_by) FROM STDIN") { rows in
            for index in 0..<patients {
                // Birth dates unknown, before 1970 and after: the trace carries dates as days since 1970.
                let birth: String? = [nil, "1950-06-15", "1980-01-01"][index % 3]
                try rows.append(["BULK-\(index)", "Patient \(index)", birth, "none-known", "test"])
            }
        }
        let firstLot: Int64 = try admin.query("SELECT min(id) AS id FROM lot WHERE lot_number LIKE 'BULK-%'").rows[0].decode("id")
        let firstPatient: Int64 = try admin.query("SELECT min(id) AS id FROM patient WHERE mrn LIKE 'BULK-%'").rows[0].decode("id")
        let firstSession: Int64 = try admin.query("SELECT coalesce(max(id), 0) + 1 AS id FROM session").rows[0].decode("id")

        // Each lot's status history starts with the status it was received in (Schema/0006).
        try admin.copyIn("COPY lot_status_change (lot_id, to_status, reason, changed_by, changed_at) FROM STDIN") { rows in
            for index in 0..<lots {
                try rows.append([String(firstLot + Int64(index)), "released", "received", "pharmacist", "2024-01-01T00:00:00Z"])
            }
        }

        // Three years of sessions, one every few minutes, in the order performed.
        let start = Timestamp(date: CalendarDate(year: 2023, month: 1, day: 1)!)
        var sessionPatients: [Int64] = []
        var sessionTimes: [String] = []
        try admin.copyIn(
            """
            COPY session (patient_id, formula_code, formula_version, practitioner, performed_at, area, status, verdict,
                          cancelled_at, cancelled_by, cancel_reason, recorded_by, recorded_at) FROM STDIN
            """
        ) { rows in
            for index in 0..<sessions {
                let patient = firstPatient + Int64(dice.roll(patients))
                // Microseconds included: the trace carries times as microseconds since 1970.
                let time = Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + Int64(index) * 470_000_037)
                    .description
                sessionPatients.append(patient)
                sessionTimes.append(time)
                let cancelled = dice.roll(50) == 0
                try rows.append([
                    String(patient), "REVIT-LIDO", "1", "Dr \(dice.roll(5))", time, index % 2 == 0 ? "face" : nil,
                    cancelled ? "cancelled" : "performed",
                    "PASS", cancelled ? time : nil, cancelled ? "Dr 0" : nil, cancelled ? "recorded twice" : nil,
                    "Dr 0", time,
                ])
            }
        }
        try admin.copyIn(
            "COPY session_usage (session_id, patient_id, performed_at, lot_id, volume_ml, waste_ml) FROM STDIN"
        ) { rows in
            for index in 0..<sessions {
                let first = dice.roll(lots)
                for part in 0..<lotsPerSession {
                    let lot = firstLot + Int64((first + part * 7) % lots)
                    try rows.append([
                        String(firstSession + Int64(index)), String(sessionPatients[index]), sessionTimes[index],
                        String(lot), part == 0 ? "3.000" : "1.000", part == 0 ? "2.000" : "0",
                    ])
                }
            }
        }
        try admin.copyIn("COPY adverse_event (session_id, kind, severity, recorded_by) FROM STDIN") { rows in
            for _ in 0..<(sessions / 100) {
                try rows.append([String(firstSession + Int64(dice.roll(sessions))), "redness", "mild", "Dr 0"])
            }
        }
        try admin.query(
            """
            INSERT INTO lot_status_change (lot_id, from_status, to_status, reason, changed_by)
            SELECT id, 'released', 'recalled', 'supplier notice', 'pharmacist' FROM lot
             WHERE lot_number LIKE 'BULK-%' AND id % 100 = 0
            """)
        // What the lot trace's triggers (skipped by this import) would have written.
        try admin.query("INSERT INTO lot_trace SELECT * FROM lot_trace_expected WHERE lot_id >= \(firstLot)")
        try admin.query("RESET session_replication_role")
        try admin.query("VACUUM ANALYZE")
    }

    /// Every node of an EXPLAIN (FORMAT JSON) plan.
    static func nodes(_ plan: [String: Any]) -> [[String: Any]] {
        [plan] + ((plan["Plans"] as? [[String: Any]]) ?? []).flatMap(nodes)
    }

    /// The nodes of the plan EXPLAIN (FORMAT JSON) gives for `query` with its parameters.
    static func explain(_ query: PostgresQuery, on connection: PostgresConnection) throws -> [[String: Any]] {
        let text: String = try connection.query("EXPLAIN (FORMAT JSON) " + query).rows[0].decode("QUERY PLAN")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        return nodes(try #require(document.first?["Plan"] as? [String: Any]))
    }

    /// "Index Only Scan on session_usage using session_usage_lot" for each node that reads a table
    /// or an index ("Bitmap Index Scan using session_usage_patient" feeds a Bitmap Heap Scan).
    static func scans(_ nodes: [[String: Any]]) -> [String] {
        nodes.compactMap { node in
            guard let type = node["Node Type"] as? String else { return nil }
            let table = (node["Relation Name"] as? String).map { " on \($0)" }
            let index = (node["Index Name"] as? String).map { " using \($0)" }
            guard table != nil || index != nil else { return nil }
            return type + (table ?? "") + (index ?? "")
        }
    }

    /// The tables a trace reads that grow with the clinic's history: each must be reached by an index.
    static let growingTables = ["session_usage", "stock_movement", "session", "patient", "adverse_event", "lot", "lot_status_change"]

    @Test func auditLotAndAuditPatientAreIndexLookupsOverHundredsOfThousandsOfUsageRows() throws {
        let database = try TestDatabase.seeded("core_trace_plans")
        try Self.loadHistory(database)
        let connection = try database.connect()
        let usageRows: Int = try connection.query("SELECT count(*) AS n FROM session_usage").rows[0].decode("n")
        #expect(usageRows == Self.sessions * Self.lotsPerSession)

        // The lot with the most usage rows, recalled or not.
        let busiest = try connection.query(
            """
            SELECT l.product_code, l.lot_number, count(*) AS uses FROM session_usage u JOIN lot l ON l.id = u.lot_id
             GROUP BY l.id ORDER BY count(*) DESC, l.id LIMIT 1
            """
        ).rows[0]
        let reference = LotRef(product: try busiest.decode("product_code"), lot: try busiest.decode("lot_number"))
        let statements = AuditService.fetchLotTrace(reference).queries
        #expect(statements.count == 3)
        let lotScans = try statements.map { Self.scans(try Self.explain($0, on: connection)) }
        print("audit lot (\(try busiest.decode("uses", as: Int.self)) usage rows of \(usageRows)): \(lotScans)")
        // The lot, and its first recall.
        #expect(lotScans[0].contains("Index Scan on lot using lot_number_unique_per_product"), "\(lotScans[0])")
        #expect(lotScans[0].contains("Index Scan on lot_status_change using lot_status_change_lot"), "\(lotScans[0])")
        // Every use, from the lot trace's covering index alone: no per-row probe of session or patient.
        #expect(lotScans[1].contains("Index Only Scan on lot_trace using lot_trace_lot"), "\(lotScans[1])")
        #expect(!lotScans[1].contains { $0.contains("on session") || $0.contains("on patient") }, "\(lotScans[1])")
        // The few cancelled sessions and sessions with adverse events, by their partial index.
        #expect(lotScans[2].contains { $0.hasSuffix("using lot_trace_lot_exceptions") }, "\(lotScans[2])")
        #expect(
            lotScans[2].contains("Index Scan on session using session_pkey")
                || lotScans[2].contains("Index Scan on session using session_id_patient_unique"), "\(lotScans[2])")
        #expect(lotScans[2].contains { $0.hasPrefix("Index Scan on adverse_event using adverse_event_session") }, "\(lotScans[2])")
        for table in Self.growingTables + ["lot_trace"] {
            for scans in lotScans {
                #expect(!scans.contains("Seq Scan on \(table)"), "\(scans)")
            }
            #expect(!lotScans[1].contains("Bitmap Heap Scan on \(table)"), "\(lotScans[1])")
        }

        // The patient with the most usage rows.
        let mrn: String = try connection.query(
            """
            SELECT p.mrn FROM session_usage u JOIN patient p ON p.id = u.patient_id
             GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1
            """
        ).rows[0].decode("mrn")
        let patientScans = Self.scans(try Self.explain(AuditService.patientHistoryQuery(mrn: mrn), on: connection))
        print("audit patient \(mrn): \(patientScans)")
        #expect(patientScans.contains("Index Scan on patient using patient_mrn_unique"), "\(patientScans)")
        // A patient has a few dozen usage rows scattered over years: an index scan, or a bitmap built
        // from the same index, both lookups.
        #expect(
            patientScans.contains("Index Scan on session_usage using session_usage_patient")
                || patientScans.contains("Bitmap Index Scan using session_usage_patient"), "\(patientScans)")
        #expect(patientScans.contains("Index Scan on session using session_pkey"), "\(patientScans)")
        #expect(patientScans.contains("Index Scan on lot using lot_pkey"), "\(patientScans)")
        for table in Self.growingTables {
            #expect(!patientScans.contains("Seq Scan on \(table)"), "\(patientScans)")
        }

        // And the answers are the whole of what the tables hold.
        let audit = AuditService(connection: connection, actor: try Actor("auditor"))
        let trace = try audit.lot(reference)
        let expected = try connection.query(
            """
            SELECT count(*) AS uses, count(DISTINCT u.patient_id) FILTER (WHERE s.status = 'performed') AS patients,
                   coalesce(sum(u.volume_ml) FILTER (WHERE s.status = 'performed'), 0) AS volume_ml
              FROM session_usage u JOIN session s ON s.id = u.session_id JOIN lot l ON l.id = u.lot_id
             WHERE l.product_code = \(reference.productCode) AND l.lot_number = \(reference.lotNumber)
            """
        ).rows[0]
        #expect(trace.uses.count == (try expected.decode("uses", as: Int.self)))
        #expect(trace.contacts.count == (try expected.decode("patients", as: Int.self)))
        #expect(trace.volumeML == (try expected.decode("volume_ml", as: Decimal.self)))
        #expect(trace.uses.map(\.performedAt) == trace.uses.map(\.performedAt).sorted())
        // Every use the trace lists is, field for field, the use `audit patient` reads from the
        // sessions, patients and usage rows themselves.
        #expect(Set(trace.uses.map(\.area)) == ["face", nil])
        #expect(Set(trace.uses.map { $0.patientBirthDate?.year }) == [nil, 1950, 1980])
        #expect(trace.uses.contains { $0.sessionStatus == .cancelled } && trace.uses.contains { !$0.adverseEvents.isEmpty })
        for use in trace.uses.prefix(60) + trace.uses.filter({ !$0.isPerformed || !$0.adverseEvents.isEmpty }) {
            let history = try audit.patient(mrn: MRN(test: use.patientMRN))
            let same = history.uses.first { $0.sessionID == use.sessionID && $0.lot.id == use.lot.id }
            #expect(same == use, "session \(use.sessionID)")
        }
        let history = try audit.patient(mrn: MRN(test: mrn))
        let received: Int = try connection.query(
            "SELECT count(*) AS n FROM session_usage u JOIN patient p ON p.id = u.patient_id WHERE p.mrn = \(mrn)"
        ).rows[0].decode("n")
        #expect(history.uses.count == received)
    }
}
