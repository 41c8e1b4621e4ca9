import PostgresClient

/// Where one migration stands in a database.
public struct MigrationState: Sendable, Equatable {
    public enum Status: String, Sendable {
        case applied
        case pending
        /// Applied, but its file has changed since: the database no longer matches the file.
        case changed
        /// Applied, but no file carries its number any more.
        case missing
    }

    public let version: Int
    public let name: String
    public let status: Status
    public let appliedAt: Timestamp?
    public let checksum: String
}

/// Applies `Schema/` migrations in order and records each with a SHA-256 of its text, so that
/// a migration edited after it was applied is caught instead of silently diverging.
public struct SchemaMigrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Every known migration, applied or not, in order.
    public func status(on connection: PostgresConnection) throws -> [MigrationState] {
        try MesoError.translating {
            try ensureHistoryTable(on: connection)
            return try states(on: connection)
        }
    }

    /// Applies the pending migrations; returns those it applied (none when up to date).
    /// Refuses to apply anything while an applied migration's file has changed or gone.
    @discardableResult
    public func migrate(on connection: PostgresConnection, actor: String) throws -> [Migration] {
        try MesoError.translating {
            try ensureHistoryTable(on: connection)
            // Two `meso db migrate` at once must not both apply the same file.
            try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
            defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }

            let current = try states(on: connection)
            if let drifted = current.first(where: { $0.status == .changed }) {
                throw MesoError(
                    .invalidInput,
                    "Migration \(Self.label(drifted)) was applied but its file has changed since; migrations are never edited once applied, add a new one instead.")
            }
            if let missing = current.first(where: { $0.status == .missing }) {
                throw MesoError(
                    .invalidInput,
                    "Migration \(Self.label(missing)) is applied in the database but has no file in Schema/; this meso is older than the database.")
            }
            let pending = Set(current.filter { $0.status == .pending }.map(\.version))
            var applied: [Migration] = []
            for migration in migrations where pending.contains(migration.version) {
                let checksum = current.first { $0.version == migration.version }!.checksum
                try connection.transaction { connection in
                    // A migration may rewrite or validate large tables: no statement limit. It still
                    // stops at the lock timeout rather than queue behind the clinic's work for ever.
                    try connection.query("SET LOCAL statement_timeout = 0")
                    try connection.execute(script: migration.sql)
                    try connection.query(
                        """
                        INSERT INTO meso_schema_migration (version, name, checksum, applied_by)
                        VALUES (\(migration.version), \(migration.name), \(checksum), \(actor))
                        """)
                }
                applied.append(migration)
            }
            return applied
        }
    }

    private static let lockKey = 7_362_001

    private static func label(_ state: MigrationState) -> String {
        String(repeating: "0", count: max(0, 4 - String(state.version).count)) + "\(state.version)_\(state.name)"
    }

    private func ensureHistoryTable(on connection: PostgresConnection) throws {
        // Logins in the meso roles may not create tables but may read the history (`db status`).
        let present = try connection.query("SELECT to_regclass('meso_schema_migration') IS NOT NULL AS present").first
        if try present?.decode("present", as: Bool.self) == true { return }
        try connection.execute(
            script: """
                SET client_min_messages = warning;
                CREATE TABLE IF NOT EXISTS meso_schema_migration (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    applied_by text NOT NULL
                );
                RESET client_min_messages;
                """)
    }

    private func states(on connection: PostgresConnection) throws -> [MigrationState] {
        // The server computes the checksums: one SHA-256 implementation, the one PostgreSQL ships.
        let texts = migrations.map(\.sql)
        let checksums = try connection.query(
            "SELECT encode(sha256(convert_to(sql, 'UTF8')), 'hex') AS checksum FROM unnest(\(texts)) WITH ORDINALITY AS t(sql, n) ORDER BY n"
        ).rows.map { try $0.decode("checksum", as: String.self) }
        let recorded = try connection.query(
            "SELECT version, name, checksum, applied_at FROM meso_schema_migration ORDER BY version"
        ).rows
        var byVersion: [Int: (name: String, checksum: String, appliedAt: Timestamp)] = [:]
        for row in recorded {
            byVersion[try row.decode("version")] = (
                try row.decode("name"), try row.decode("checksum"), try row.decode("applied_at")
            )
        }
        var result: [MigrationState] = []
        for (migration, checksum) in zip(migrations, checksums) {
            if let applied = byVersion.removeValue(forKey: migration.version) {
                result.append(
                    MigrationState(
                        version: migration.version, name: migration.name,
                        status: applied.checksum == checksum ? .applied : .changed,
                        appliedAt: applied.appliedAt, checksum: checksum))
            } else {
                result.append(
                    MigrationState(
                        version: migration.version, name: migration.name, status: .pending, appliedAt: nil,
                        checksum: checksum))
            }
        }
        for (version, applied) in byVersion {
            result.append(
                MigrationState(
                    version: version, name: applied.name, status: .missing, appliedAt: applied.appliedAt,
                    checksum: applied.checksum))
        }
        return result.sorted { $0.version < $1.version }
    }
}
