import MesoCore

extension GlobalOptions {
    /// A failure because a table or function of meso's is missing, said as what it means: the
    /// database has no meso schema, or has migrations pending (exit 69). Diagnosed on this error
    /// path only, on a connection of its own; nil when the failure is something else.
    func unmigrated(_ failure: MesoError) -> MesoError? {
        guard SchemaMigrator.missingObject(failure.sqlState),
            let directory = try? ProjectFiles.directory("Schema", environment: "MESO_SCHEMA_DIR"),
            let migrations = try? Migration.load(from: directory),
            let connection = try? connect()
        else { return nil }
        return SchemaMigrator(migrations: migrations).unmigrated(on: connection)
    }
}
