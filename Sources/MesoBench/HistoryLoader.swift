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

    private func copy(
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
                            String(patient.id), medication, patient.createdAt.description,
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
                "product_code", "lot_number", "expiry", "status", "on_hand_ml", "vials_received", "received_ml",
                "supplier", "received_at", "received_by", "status_changed_at", "recorded_at",
            ]
        ) { rows in
            for (index, lot) in history.lots.enumerated() {
                let product = catalog.products[lot.product]
                try rows.append([
                    product.code, lot.lotNumber, lot.expiry.description, lot.status.rawValue,
                    CopyText.milli(balances[index]), String(lot.vials), CopyText.milli(Int64(lot.vials) * product.vialMilli),
                    lot.supplier, CopyText.timestamp(lot.receivedAt), lot.receivedBy, CopyText.timestamp(lot.statusChangedAt),
                    // Written when it arrived, as the stamp (Schema/0012), which the import skips, would have.
                    CopyText.timestamp(lot.receivedAt),
                ])
            }
        }
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

    private func loadSessions(_ connection: PostgresConnection) throws -> [String: Int] {
        var performed = TimestampText()
        var recorded = TimestampText()
        var counts = try copy(
            connection, "session",
            [
                "patient_id", "formula_code", "formula_version", "practitioner", "performed_at", "area", "status", "verdict",
                "cancelled_at", "cancelled_by", "cancel_reason", "recorded_at", "recorded_by",
            ]
        ) { rows in
            for (index, session) in history.sessions.enumerated() {
                let patient = patients[Int(session.patient)]
                let formula = catalog.formulas[Int(session.formula)]
                let findings = patient.findingsByFormula[Int(session.formula)] ?? []
                let practitioner = ClinicVocabulary.practitioners[Int(session.practitioner)]
                let cancelled = session.cancelledAt != 0
                try rows.append([
                    String(patient.id), formula.code, String(formula.version), practitioner, performed(session.performedAt),
                    ClinicVocabulary.areas[Int(session.area)].0, cancelled ? "cancelled" : "performed",
                    findings.contains { $0.severity == .warn } ? "WARN" : "PASS",
                    cancelled ? CopyText.timestamp(session.cancelledAt) : nil, cancelled ? practitioner : nil,
                    cancelled ? ClinicVocabulary.cancelReasons[Int(session.cancelReason)] : nil, recorded(session.recordedAt),
                    practitioner,
                ])
                if index % 20_000 == 0 { progress.advance("session", by: 20_000) }
            }
        }
        counts.merge(
            try copy(
                connection, "session_finding",
                [
                    "session_id", "position", "severity", "rule", "match_type", "message", "compound_code", "group_code",
                    "product_code", "lot_id", "condition_id", "overridden",
                ]
            ) { rows in
                for (index, session) in history.sessions.enumerated() {
                    let findings = patients[Int(session.patient)].findingsByFormula[Int(session.formula)] ?? []
                    for (position, finding) in findings.enumerated() {
                        try rows.append([
                            String(index + 1), String(position + 1), finding.severity.rawValue, finding.rule.rawValue,
                            finding.matchType?.rawValue, finding.message, finding.compoundCode, finding.groupCode,
                            finding.productCode, nil, nil, "f",
                        ])
                    }
                }
            }, uniquingKeysWith: +)
        counts.merge(
            try copy(connection, "adverse_event", ["session_id", "kind", "severity", "note", "recorded_at", "recorded_by"]) {
                rows in
                for event in history.adverseEvents {
                    let session = history.sessions[Int(event.session)]
                    try rows.append([
                        String(event.session + 1), ClinicVocabulary.adverseEvents[Int(event.kind)].0,
                        ["mild", "moderate", "severe"][Int(event.severity)], nil, CopyText.timestamp(event.recordedAt),
                        ClinicVocabulary.practitioners[Int(session.practitioner)],
                    ])
                }
            }, uniquingKeysWith: +)
        return counts
    }

    private func loadUsage(_ connection: PostgresConnection) throws -> [String: Int] {
        var performed = TimestampText()
        return try copy(
            connection, "session_usage", ["session_id", "patient_id", "performed_at", "lot_id", "volume_ml", "waste_ml"]
        ) { rows in
            for (index, usage) in history.usage.enumerated() {
                let session = history.sessions[Int(usage.session)]
                try rows.append([
                    String(usage.session + 1), String(patients[Int(session.patient)].id), performed(session.performedAt),
                    String(usage.lot + 1), CopyText.milli(Int64(usage.volumeMilli)), CopyText.milli(Int64(usage.wasteMilli)),
                ])
                if index % 20_000 == 0 { progress.advance("session_usage", by: 20_000) }
            }
        }
    }

    /// What the lot trace's triggers would have written for each usage row (Schema/0008): the
    /// import skips them, and `verify` compares the two afterwards (rule lot-trace).
    private func loadLotTrace(_ connection: PostgresConnection) throws -> [String: Int] {
        var performed = TimestampText()
        var eventsBySession = [Int32](repeating: 0, count: history.sessions.count)
        for event in history.adverseEvents { eventsBySession[Int(event.session)] += 1 }
        return try copy(
            connection, "lot_trace",
            [
                "session_id", "lot_id", "performed_at", "patient_id", "volume_ml", "waste_ml", "practitioner", "formula_code",
                "formula_version", "area", "patient_mrn", "patient_name", "patient_birth_date", "cancelled", "adverse_events",
            ]
        ) { rows in
            for usage in history.usage {
                let session = history.sessions[Int(usage.session)]
                let patient = patients[Int(session.patient)]
                let formula = catalog.formulas[Int(session.formula)]
                try rows.append([
                    String(usage.session + 1), String(usage.lot + 1), performed(session.performedAt), String(patient.id),
                    CopyText.milli(Int64(usage.volumeMilli)), CopyText.milli(Int64(usage.wasteMilli)),
                    ClinicVocabulary.practitioners[Int(session.practitioner)], formula.code, String(formula.version),
                    ClinicVocabulary.areas[Int(session.area)].0, patient.mrn, patient.name, patient.birthDate.description,
                    session.cancelledAt != 0 ? "t" : "f", String(eventsBySession[Int(usage.session)]),
                ])
            }
        }
    }

    private func loadLedger(_ connection: PostgresConnection) throws -> [String: Int] {
        var recorded = TimestampText()
        var balances = [Int64](repeating: 0, count: history.lots.count)
        return try copy(
            connection, "stock_movement",
            [
                "lot_id", "kind", "quantity_ml", "balance_after_ml", "reason", "actor", "recorded_at", "session_id",
                "patient_id", "reverses_id",
            ]
        ) { rows in
            for (index, movement) in history.ledger.enumerated() {
                balances[Int(movement.lot)] += movement.quantityMilli
                let session = movement.session >= 0 ? history.sessions[Int(movement.session)] : nil
                try rows.append([
                    String(movement.lot + 1), movement.kind.name, CopyText.milli(movement.quantityMilli),
                    CopyText.milli(balances[Int(movement.lot)]),
                    movement.reason == 0 ? nil : history.reasons[Int(movement.reason)],
                    history.actors[Int(movement.actor)], recorded(movement.recordedAt),
                    session.map { _ in String(movement.session + 1) }, session.map { String(patients[Int($0.patient)].id) },
                    movement.reverses >= 0 ? String(movement.reverses + 1) : nil,
                ])
                if index % 20_000 == 0 { progress.advance("stock_movement", by: 20_000) }
            }
        }
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
