import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The conventions every migration follows (Schema/0012's header, README "Security"), read from a
/// freshly migrated database so that a function or table added later is held to them too.
@Suite("security: conventions of the schema")
struct SecurityLintTests {
    static let database = Result { try TestDatabase.create("security_lint") }

    /// Every function: exactly `search_path=pg_catalog, pg_temp`, no pg_trigger_depth(), no table,
    /// view, sequence or function of the schema named without `public.`.
    @Test func everyFunctionHasAFixedSearchPathAndQualifiedNames() throws {
        let connection = try Self.database.get().connect()
        let functions = try SecurityCatalog.functions(connection)
        #expect(functions.count >= 20)
        let names = try SecurityCatalog.relations(connection)
            + Set(try connection.query("SELECT proname::text AS name FROM pg_proc WHERE pronamespace = 'public'::regnamespace")
                .rows.map { try $0.decode("name", as: String.self) })
        for function in functions {
            #expect(function.config == ["search_path=pg_catalog, pg_temp"], "\(function.signature): \(function.config)")
            #expect(!function.body.lowercased().contains("pg_trigger_depth"), "\(function.signature) uses pg_trigger_depth()")
            let code = function.code
            for name in names {
                // A whole word not after a `.`: neither `public.name` nor `row.name`.
                let unqualified = try Regex("(^|[^.\\w])\(name)(?!\\w)").ignoresCase()
                #expect(code.firstMatch(of: unqualified) == nil, "\(function.signature) names \(name) without public.")
            }
        }
    }

    /// A function that runs as its owner is executable only by the roles it is for (a trigger
    /// function cannot be called at all).
    @Test func definerFunctionsAreNotForEveryone() throws {
        let rows = try Self.database.get().connect().query(
            """
            SELECT p.oid::regprocedure::text AS name, p.prorettype = 'trigger'::regtype AS is_trigger,
                   has_function_privilege('meso_auditor', p.oid, 'EXECUTE') AS auditor_executes
              FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef
            """
        ).rows
        #expect(!rows.isEmpty)
        for row in rows where !(try row.decode("is_trigger", as: Bool.self)) {
            let name: String = try row.decode("name")
            let executes: Bool = try row.decode("auditor_executes")
            #expect(!executes, "\(name)")
        }
    }

    /// Every table a person writes (it has an actor: `*_by` or `actor`) records the login in a
    /// `*_login` column stamped by meso_stamp, and every time it keeps is stamped by the server
    /// unless it is one of the back-dated facts, caches or copies listed here with their reason.
    @Test func everyWrittenRowCarriesTheServersTimeAndLogin() throws {
        let notStamped: [String: String] = [
            "session.performed_at": "a back-dated fact, within session_performed_at_bounded of recorded_at",
            "lot.received_at": "a back-dated fact, within lot_received_at_bounded of recorded_at",
            "lot.status_changed_at": "a cache, set to now() by lot_status_change_apply",
            "session.override_at": "equal to the stamped recorded_at (session_override_written_with_session)",
            "session.cancelled_at": "set to now() by session_guard when the session is cancelled",
            "session_usage.performed_at": "the session's, checked by session_usage_matches_session",
            "lot_trace.performed_at": "derived from session_usage by the lot trace's triggers",
            "meso_schema_migration.applied_at": "written by the owner's migrator, not by a meso role",
            "clinic.changed_at": "set to now() by clinic_stamp, on every change of the one row",
            "clinic_change.changed_at": "copied from the clinic row by clinic_keep_history",
        ]
        // Tables whose login is set by a stamp of their own (Schema/0011: the clinic row is updated,
        // not inserted, and its history is written by its trigger).
        let ownStamps: Set<String> = ["clinic", "clinic_change"]
        let connection = try Self.database.get().connect()
        let columns = try connection.query(
            """
            SELECT c.relname::text AS table_name, a.attname::text AS column_name, format_type(a.atttypid, NULL) AS type
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """
        ).rows.map { (try $0.decode("table_name", as: String.self), try $0.decode("column_name", as: String.self), try $0.decode("type", as: String.self)) }
        let stamped = Set(
            try connection.query(
                """
                SELECT c.relname::text || '.' || arg AS stamped
                  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 CROSS JOIN unnest(string_to_array(rtrim(encode(t.tgargs, 'escape'), '\\000'), '\\000')) AS arg
                 WHERE c.relnamespace = 'public'::regnamespace AND t.tgfoid = 'public.meso_stamp()'::regprocedure
                """
            ).rows.map { try $0.decode("stamped", as: String.self) })
        for (table, column, type) in columns where type == "timestamp with time zone" && column.hasSuffix("_at") {
            let name = "\(table).\(column)"
            #expect(stamped.contains(name) || notStamped[name] != nil, "\(name) is written by the writer: stamp it with meso_stamp")
            #expect(!(stamped.contains(name) && notStamped[name] != nil), "\(name) is both stamped and listed as not")
        }
        // meso_schema_migration is written by the owner's migrator alone.
        let written = Set(columns.filter { $0.1 == "actor" || $0.1.hasSuffix("_by") }.map(\.0))
            .subtracting(["meso_schema_migration"]).subtracting(ownStamps)
        for table in written.sorted() {
            #expect(stamped.contains { $0.hasPrefix(table + ".") && $0.hasSuffix("_login") }, "\(table) records no login stamped by meso_stamp")
        }
    }

    /// The guard digests meso ships are those of a database migrated with this Schema/.
    @Test func theShippedGuardDigestsAreThoseOfAFreshMigration() throws {
        let connection = try Self.database.get().connect()
        let reading = try AuditService(connection: connection, actor: try Actor("test")).guardDigests()
        let actual = Dictionary(uniqueKeysWithValues: reading.digests.map { ($0.object, $0.digest) })
        let shipped = ShippedGuardDigests.byMajorVersion[reading.majorVersion] ?? [:]
        let stale = Set(actual.keys).union(shipped.keys).filter { actual[$0] != shipped[$0] }.sorted()
        #expect(
            stale.isEmpty,
            "The guard digests meso ships differ from a fresh migration's for \(stale.count) guards (\(stale.prefix(5).joined(separator: "; "))): run MESO_DB_PORT=<port> Scripts/guard-digests and commit the files it writes.")
    }
}
