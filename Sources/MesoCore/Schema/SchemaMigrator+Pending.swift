import PostgresClient

extension SchemaMigrator {
    /// Why a statement found no table or function of meso's: the database has no meso schema, or
    /// migrations of this meso are not applied yet; nil when neither (the failure is another's).
    /// Reads only, and only on this error path, so that no command pays for it when it succeeds.
    public func unmigrated(on connection: PostgresConnection) -> MesoError? {
        guard
            let row = try? connection.query(
                "SELECT to_regclass('meso_schema_migration') IS NOT NULL AS present"
            ).first,
            let present = try? row.decode("present", as: Bool.self)
        else { return nil }
        guard present else { return Self.noSchema }
        guard
            let applied = try? connection.query("SELECT version FROM meso_schema_migration").rows.map({
                try $0.decode("version", as: Int.self)
            })
        else { return nil }
        if applied.isEmpty { return Self.noSchema }
        let pending = Set(migrations.map(\.version)).subtracting(applied).count
        guard pending > 0 else { return nil }
        return MesoError(
            .unavailable,
            "The database has \(pending) migration\(pending == 1 ? "" : "s") pending: run meso db migrate.")
    }

    static let noSchema = MesoError(.unavailable, "The database has no meso schema: run meso db migrate.")

    /// The failures that mean a table, view or function the statement names is not in the database.
    public static func missingObject(_ state: SQLState?) -> Bool {
        guard let state else { return false }
        return [SQLState.undefinedTable, .undefinedFunction, .undefinedColumn].contains(state)
    }
}
