import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// No login in a meso role can make itself more than its role: every path tried through psql as
/// each role, every table unchanged after each refused attempt (Schema/0012; README, "Security").
@Suite("security: no escalation")
struct SecurityEscalationTests {
    /// The direct paths: changing its own or its role's attributes, becoming another role, setting
    /// what turns the guards off, creating objects (in public, a schema, temporary ones), touching
    /// the guards, the server's files and programs.
    @Test(arguments: DatabaseRole.allCases)
    func everyDirectPathIsRefused(role: DatabaseRole) throws {
        let clinic = try SecurityClinic("sec_direct_\(role.rawValue.dropFirst(5))")
        defer { clinic.drop() }
        let me = clinic.login(role)
        let attacks: [(String, String)] = [
            ("ALTER ROLE \(me) SUPERUSER", "must be superuser"),
            ("ALTER ROLE \(me) CREATEROLE", "permission denied"),
            ("ALTER ROLE \(me) CREATEDB", "permission denied"),
            ("ALTER ROLE \(me) REPLICATION", "must be superuser"),
            ("ALTER ROLE \(me) BYPASSRLS", "must be superuser"),
            ("ALTER ROLE \(role.rawValue) SUPERUSER", "must be superuser"),
            ("ALTER ROLE \(role.rawValue) BYPASSRLS", "must be superuser"),
            ("ALTER ROLE \(me) SET session_replication_role = replica", "permission denied to set parameter"),
            ("SET session_replication_role = replica", "permission denied to set parameter"),
            ("SELECT set_config('session_replication_role', 'replica', false)", "permission denied to set parameter"),
            ("GRANT meso_pharmacist, meso_practitioner, meso_auditor, meso_ledger TO \(me)", "must have admin option"),
            ("GRANT meso_ledger TO \(me)", "must have admin option"),
            ("SET ROLE meso_ledger", "permission denied to set role"),
            ("SET ROLE \(clinic.admin.user)", "permission denied to set role"),
            ("SET ROLE \(role == .pharmacist ? "meso_practitioner" : "meso_pharmacist")", "permission denied to set role"),
            ("SET SESSION AUTHORIZATION \(clinic.admin.user)", "permission denied to set session authorization"),
            ("CREATE TABLE public.evil (id int)", "permission denied for schema public"),
            ("CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS 'SELECT $1'", "permission denied for schema public"),
            ("CREATE VIEW public.evil AS SELECT 1", "permission denied for schema public"),
            ("CREATE SCHEMA evil", "permission denied for database"),
            ("CREATE TEMP TABLE evil (id int)", "permission denied to create temporary tables"),
            ("CREATE FUNCTION pg_temp.now() RETURNS timestamptz LANGUAGE sql AS 'SELECT NULL::timestamptz'",
             "permission denied to create temporary tables"),
            ("ALTER TABLE public.lot DISABLE TRIGGER lot_guard", "must be owner"),
            ("ALTER TABLE public.stock_movement DISABLE ROW LEVEL SECURITY", "must be owner"),
            ("DROP POLICY stock_movement_readable ON public.stock_movement", "must be owner"),
            ("CREATE POLICY evil ON public.stock_movement FOR INSERT WITH CHECK (true)", "must be owner"),
            ("CREATE TRIGGER evil BEFORE INSERT ON public.lot FOR EACH ROW EXECUTE FUNCTION public.meso_refuse_change()",
             "permission denied for table lot"),
            ("CREATE OR REPLACE FUNCTION public.lot_guard() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
             "permission denied for schema public"),
            ("ALTER FUNCTION public.stock_movement_apply() OWNER TO \(me)", "must be owner"),
            ("BEGIN; LOCK TABLE public.lot IN ACCESS EXCLUSIVE MODE; COMMIT", "permission denied for table lot"),
            ("UPDATE public.lot SET on_hand_ml = on_hand_ml + 100", "permission denied for table lot"),
            ("SELECT 1 FROM public.lot FOR UPDATE", "permission denied for table lot"),
            ("SELECT public.lot_guard()", "trigger functions can only be called as triggers"),
            ("COPY (SELECT 1) TO PROGRAM 'id'", "pg_execute_server_program"),
            ("SELECT pg_read_file('/etc/passwd')", "permission denied for function pg_read_file"),
            ("SELECT lo_import('/etc/passwd')", "permission denied for function lo_import"),
            ("CREATE EXTENSION dblink", "permission denied to create extension"),
            ("CREATE EVENT TRIGGER evil ON ddl_command_start EXECUTE FUNCTION public.meso_refuse_change()",
             "permission denied to create event trigger"),
        ] + (role == .auditor
            ? [("SELECT * FROM public.meso_lock_lots(ARRAY[1]::bigint[])", "permission denied for function meso_lock_lots")]
            : [])
        let roles = try clinic.admin.query(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname LIKE 'meso\\_%' ORDER BY 1").rows.map {
                "\(try $0.decode("rolname", as: String.self)) \(try $0.decode("rolsuper", as: Bool.self)) \(try $0.decode("rolbypassrls", as: Bool.self))"
            }
        for (attack, error) in attacks {
            try clinic.expectRefused(role, attack + ";", error)
        }
        // Granting itself a privilege it lacks is a warning, and grants nothing.
        let grant = try clinic.psql(role, "GRANT UPDATE, TRIGGER, TRUNCATE ON public.lot, public.stock_movement TO \(me);")
        #expect(grant.stderr.contains("no privileges were granted"), "\(grant)")
        #expect(
            try !clinic.admin.query(
                "SELECT has_table_privilege(\(me), 'public.lot', 'UPDATE, TRIGGER, TRUNCATE') AS granted").rows[0].decode(
                    "granted", as: Bool.self))
        #expect(try clinic.attributes(of: role) == [false, false, false, false, false])
        #expect(
            try clinic.admin.query(
                "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname LIKE 'meso\\_%' ORDER BY 1").rows.map {
                    "\(try $0.decode("rolname", as: String.self)) \(try $0.decode("rolsuper", as: Bool.self)) \(try $0.decode("rolbypassrls", as: Bool.self))"
                } == roles)
        #expect(try clinic.verifyRules().status == 0)
    }

    /// Every table some function names, shadowed by a temporary table: refused, for every role,
    /// because no meso role may create temporary objects at all.
    @Test(arguments: DatabaseRole.allCases)
    func noRoleCanShadowATableAFunctionNames(role: DatabaseRole) throws {
        let clinic = try SecurityClinic("sec_shadow_\(role.rawValue.dropFirst(5))")
        defer { clinic.drop() }
        let tables = try SecurityCatalog.tablesNamedByFunctions(clinic.admin)
        #expect(tables.contains("lot") && tables.contains("session") && tables.contains("patient") && tables.count >= 10)
        for table in tables {
            try clinic.expectRefused(
                role, "CREATE TEMP TABLE \(table) (id bigint);", "permission denied to create temporary tables")
        }
    }

    /// The second wall, should an administrator grant a login TEMPORARY by mistake: every table a
    /// function names is shadowed by a temporary table whose triggers try `ALTER ROLE ... SUPERUSER`,
    /// every catalog function the functions call by a temporary one that tries the same, and then
    /// the role's day of legitimate writes fires every function. None of them reaches the shadows:
    /// the writes succeed, the login stays what it was, the payload never ran.
    @Test(arguments: DatabaseRole.allCases)
    func shadowsReachNoFunctionOfTheOwner(role: DatabaseRole) throws {
        let clinic = try SecurityClinic("sec_shadowed_\(role.rawValue.dropFirst(5))")
        defer { clinic.drop() }
        try clinic.admin.query("GRANT TEMPORARY ON DATABASE \(identifier: clinic.database.name) TO \(identifier: clinic.login(role))")
        let script = try Self.shadows(clinic, role) + clinic.day(role, "SH") + "\nSELECT 'payload ran ' || count(*) FROM pg_temp.pwned;\n"
        let outcome = try clinic.psql(role, script)
        #expect(!outcome.failed, "\(outcome)")
        #expect(outcome.stdout.contains("payload ran 0"), "\(outcome)")
        #expect(try clinic.attributes(of: role) == [false, false, false, false, false])
        try clinic.admin.query("REVOKE TEMPORARY ON DATABASE \(identifier: clinic.database.name) FROM \(identifier: clinic.login(role))")
        let verified = try clinic.verifyRules()
        #expect(verified.status == 0, "\(verified)")
    }

    /// The shadows of `shadowsReachNoFunctionOfTheOwner`: the payload, a temporary table in place of
    /// every table the functions name, a temporary function in place of every catalog function they call.
    static func shadows(_ clinic: SecurityClinic, _ role: DatabaseRole) throws -> String {
        let me = clinic.login(role)
        var script = """
            CREATE TEMP TABLE pwned (fired text);
            CREATE FUNCTION pg_temp.payload() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO pg_temp.pwned VALUES (TG_TABLE_NAME || ' ' || TG_OP);
                EXECUTE 'ALTER ROLE \(me) SUPERUSER';
                RETURN NULL;
            END $$;

            """
        for table in try SecurityCatalog.tablesNamedByFunctions(clinic.admin) {
            let columns = TableAccess.readsWhole(role, table) ? "LIKE public.\(table)" : "id bigint"
            script += """
                CREATE TEMP TABLE \(table) (\(columns));
                CREATE TRIGGER payload_row BEFORE INSERT OR UPDATE OR DELETE ON pg_temp.\(table)
                    FOR EACH ROW EXECUTE FUNCTION pg_temp.payload();
                CREATE TRIGGER payload_statement AFTER INSERT OR UPDATE OR DELETE ON pg_temp.\(table)
                    FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.payload();

                """
        }
        for function in try SecurityCatalog.catalogFunctionsCalled(clinic.admin) {
            script += """
                CREATE FUNCTION pg_temp.\(function.name)(\(function.arguments)) RETURNS \(function.returns) LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO pg_temp.pwned VALUES ('\(function.name)');
                    EXECUTE 'ALTER ROLE \(me) SUPERUSER';
                    RETURN NULL;
                END $$;

                """
        }
        return script
    }

    /// A trigger nested around the lot guard: a temporary table whose trigger updates a lot, so that
    /// the update runs one trigger level deeper, as the guard of Schema/0002 took for its own
    /// functions. With TEMPORARY and UPDATE on the lot's caches granted to a login by mistake, the
    /// guard still refuses: it asks who runs (meso_ledger), not how deep.
    @Test func aTriggerNestedAroundTheLotGuardChangesNoCache() throws {
        let clinic = try SecurityClinic("sec_nested")
        defer { clinic.drop() }
        let me = clinic.login(.pharmacist)
        try clinic.admin.execute(
            script: """
                GRANT TEMPORARY ON DATABASE \(clinic.database.name) TO \(me);
                GRANT UPDATE (on_hand_ml, status, status_changed_at) ON lot TO \(me);
                """)
        for change in ["on_hand_ml = on_hand_ml + 100", "status = 'released', status_changed_at = now() - interval '1 year'"] {
            try clinic.expectRefused(
                .pharmacist,
                """
                CREATE TEMP TABLE nest (id int);
                CREATE FUNCTION pg_temp.nest() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE public.lot SET \(change) WHERE id = \(clinic.clinic.lidoA);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER nest AFTER INSERT ON pg_temp.nest FOR EACH ROW EXECUTE FUNCTION pg_temp.nest();
                INSERT INTO pg_temp.nest VALUES (1);
                """, "balance and status change only by recording a stock movement or a status change")
            // Nor directly, at no depth.
            try clinic.expectRefused(
                .pharmacist, "UPDATE public.lot SET \(change) WHERE id = \(clinic.clinic.lidoA);",
                "balance and status change only by recording a stock movement or a status change")
        }
        // The schema's owner is held too: only meso_ledger's functions move the caches.
        #expect(throws: PostgresError.self) {
            try clinic.admin.query("UPDATE lot SET on_hand_ml = on_hand_ml + 100 WHERE id = \(clinic.clinic.lidoA)")
        }
        try clinic.admin.execute(
            script: """
                REVOKE TEMPORARY ON DATABASE \(clinic.database.name) FROM \(me);
                REVOKE UPDATE ON lot FROM \(me);
                """)
        #expect(try clinic.verifyRules().status == 0)
    }
}
