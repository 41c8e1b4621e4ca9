import Foundation
import MesoCore
import PostgresClient

/// Writes the generated clinic with COPY, as a bulk historical import run by the superuser: with
/// `session_replication_role = replica`, so that neither the ledger trigger (which would apply
/// every row to its lot one at a time) nor the foreign-key checks run. The generator has already
/// computed what they would have: each lot's balance, each ledger row's balance after it, ids
/// that match. `AuditService.verify()` proves it afterwards. The large tables load in parallel,
/// one connection each.
struct HistoryLoader: Sendable {
    let url: String
    let catalog: ClinicCatalog
    let patients: [GeneratedPatient]
    let history: ClinicHistory
    let progress: Progress

    /// The tables loaded in bulk, largest first.
    static let largeTables = ["stock_movement", "session_usage", "lot_trace", "session", "session_finding"]

    struct Outcome {
        /// The number of rows each table received.
        let rows: [String: Int]
        /// Of the whole load, the time spent building the secondary indexes again.
        let indexSeconds: Double
    }

    func load() throws -> Outcome {
        let counts = RowCounts()
        let first = try connect()
        let indexes = try SecondaryIndexes.of(Self.largeTables, on: first)
        try indexes.drop(on: first)
        try first.query("SELECT setval('patient_id_seq', \(PatientGenerator.firstID - 1))")
        counts.add(try loadPatients(first))
        counts.add(try loadLots(first))
        try Parallel.run([
            { counts.add(try loadSessions(try connect())) },
            { counts.add(try loadUsage(try connect())) },
            { counts.add(try loadLotTrace(try connect())) },
            { counts.add(try loadLedger(try connect())) },
        ])
        progress.finish()
        let rebuild = try Clock.time { try indexes.rebuild(url: url, connections: 2, order: Self.largeTables) }
        let rebuilt = try SecondaryIndexes.of(Self.largeTables, on: first)
        guard rebuilt.definitions.map(\.sql) == indexes.definitions.map(\.sql) else {
            throw BenchError("The indexes rebuilt after the load differ from the schema's.")
        }
        return Outcome(rows: counts.all, indexSeconds: rebuild.seconds)
    }

    private func connect() throws -> PostgresConnection {
        let connection = try PostgresConnection(url, applicationName: "meso-bench-loader")
        try connection.query("SET session_replication_role = replica")
        try connection.query("SET synchronous_commit = off")
        return connection
    }

    func copy(
        _ connection: PostgresConnection, _ table: String, _ columns: [String], _ body: (inout CopyInWriter) throws -> Void
    ) throws -> [String: Int] {
        let statement = PostgresQuery(unsafeSQL: "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN")
        return [table: try connection.copyIn(statement, body)]
    }

    private func loadPatients(_ connection: PostgresConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        counts.merge(
            try copy(connection, "patient", ["mrn", "name", "birth_date", "weight_kg", "allergy_assessment", "created_at", "created_by"]) {
                rows in
                for patient in patients {
                    try rows.append([
                        patient.mrn, patient.name, patient.birthDate.description, patient.weightKG.map { "\($0)" },
                        patient.assessment.rawValue, patient.createdAt.description, "reception",
                    ])
                }
            }, uniquingKeysWith: +)
        counts.merge(
            try copy(
                connection, "patient_allergy",
                ["patient_id", "compound_code", "group_code", "criticality", "verification", "reaction", "recorded_at", "recorded_by"]
            ) { rows in
                for patient in patients {
                    for allergy in patient.allergies {
                        var compound: String?
                        var group: String?
                        switch allergy.substance {
                        case .compound(let code): compound = code
                        case .group(let code): group = code
                        }
                        try rows.append([
                            String(patient.id), compound, group, allergy.criticality.rawValue,
                            allergy.verification.rawValue, allergy.reaction, allergy.recordedAt.description,
                            ClinicVocabulary.practitioners[Int(patient.id) % ClinicVocabulary.practitioners.count],
                        ])
                    }
                }
            }, uniquingKeysWith: +)
        counts.merge(
            try copy(connection, "patient_condition", ["patient_id", "kind", "onset", "note", "recorded_at", "recorded_by"]) {
                rows in
                for patient in patients {
                    for condition in patient.conditions {
                        try rows.append([
                            String(patient.id), condition.kind.rawValue, condition.onset?.description, condition.note,
                            condition.recordedAt.description,
                            ClinicVocabulary.practitioners[Int(patient.id) % ClinicVocabulary.practitioners.count],
                        ])
                    }
                }
            }, uniquingKeysWith: +)
        counts.merge(
            try copy(connection, "patient_medication", ["patient_id", "name", "recorded_at", "recorded_by"]) { rows in
                for patient in patients {
                    for medication in patient.medications {
                        try rows.append([
                            String(patient.id), medication.name, patient.createdAt.description,
                            ClinicVocabulary.practitioners[Int(patient.id) % ClinicVocabulary.practitioners.count],
                        ])
                    }
                }
            }, uniquingKeysWith: +)
        return counts
    }

    private func loadLots(_ connection: PostgresConnection) throws -> [String: Int] {
        let balances = history.onHandMilli
        var counts = try copy(
            connection, "lot",
            [
                "product_code", "lot_number", "expiry", "status", "on_hand_ml", "received_at", "received_by",
                "status_changed_at", "recorded_at",
            ]
        ) { rows in
            for (index, lot) in history.lots.enumerated() {
                try rows.append([
                    catalog.products[lot.product].code, lot.lotNumber, lot.expiry.description, lot.status.rawValue,
                    CopyText.milli(balances[index]), CopyText.timestamp(lot.receivedAt), lot.receivedBy,
                    CopyText.timestamp(lot.statusChangedAt),
                    // Written when it arrived, as the stamp (Schema/0012), which the import skips, would have.
                    CopyText.timestamp(lot.receivedAt),
                ])
            }
        }
        counts.merge(try loadReceiptsAndVials(connection), uniquingKeysWith: +)
        counts.merge(
            try copy(connection, "lot_status_change", ["lot_id", "from_status", "to_status", "reason", "changed_at", "changed_by"]) {
                rows in
                for change in history.statusChanges {
                    try rows.append([
                        String(change.lot + 1), change.from?.rawValue, change.to.rawValue, change.reason,
                        CopyText.timestamp(change.at), change.by,
                    ])
                }
            }, uniquingKeysWith: +)
        return counts
    }

    /// Row counts gathered from the loading threads.
    private final class RowCounts: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var counts: [String: Int] = [:]

        func add(_ more: [String: Int]) {
            lock.lock()
            counts.merge(more, uniquingKeysWith: +)
            lock.unlock()
        }

        var all: [String: Int] {
            lock.lock()
            defer { lock.unlock() }
            return counts
        }
    }
}
