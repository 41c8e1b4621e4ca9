import PostgresClient

/// One guard of the schema as `audit verify` fingerprints it: a function, trigger, policy,
/// constraint, unique index, view, the privileges and row-level security of a table, the schema's
/// privileges, a meso role's attributes. Its digest is the SHA-256 of its definition as PostgreSQL
/// prints it (`pg_get_functiondef`, `pg_get_triggerdef`, ...), with owners and grantees named in a
/// way that does not depend on the installation ("owner" for the object's owner).
public struct GuardDigest: Sendable, Hashable {
    /// "function public.lot_guard()", "trigger lot_guard on lot", "table privileges lot", ...
    public let object: String
    public let digest: String

    public init(object: String, digest: String) {
        self.object = object
        self.digest = digest
    }

    /// The guards of a database and the major version of its server (15 for 15.18).
    public struct Reading: Sendable, Hashable {
        public let majorVersion: Int
        public let digests: [GuardDigest]
    }

    /// Reads every guard's digest. Definitions print a name schema-qualified or not depending on
    /// the search path, so it is pinned for the query and restored after it; inside a transaction.
    static func read(on connection: PostgresConnection) throws -> Reading {
        try connection.query("SET LOCAL search_path = pg_catalog, pg_temp")
        let digests = try connection.query(PostgresQuery(unsafeSQL: query)).rows.map { row in
            GuardDigest(object: try row.decode("object"), digest: try row.decode("digest"))
        }
        try connection.query("SET LOCAL search_path TO DEFAULT")
        return Reading(majorVersion: connection.serverVersion / 10000, digests: digests)
    }

    /// Privileges as "grantee:PRIVILEGE" items in order: PUBLIC is "public", the object's owner
    /// "owner", a default (NULL) list spelled out as `acldefault` gives it.
    private static func privileges(_ acl: String, kind: String, owner: String) -> String {
        """
        (SELECT coalesce(string_agg(item, ',' ORDER BY item), '')
           FROM (SELECT CASE WHEN a.grantee = 0 THEN 'public' WHEN a.grantee = \(owner) THEN 'owner'
                             ELSE pg_get_userbyid(a.grantee)::text END
                        || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '+grant' ELSE '' END AS item
                   FROM aclexplode(coalesce(\(acl), acldefault('\(kind)', \(owner)))) a) items)
        """
    }

    /// The owner every object of the schema should have: the role that ran the migrations.
    private static let migrator = "(SELECT relowner FROM pg_class WHERE oid = to_regclass('public.meso_schema_migration'))"

    static let query = """
        SELECT kind || ' ' || name AS object, encode(sha256(convert_to(definition, 'UTF8')), 'hex') AS digest
          FROM (
            SELECT 'function' AS kind,
                   'public.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
                   concat_ws(chr(10), CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE pg_get_functiondef(p.oid) END,
                             'owned by the migrator: ' || (p.proowner = \(migrator)),
                             'privileges: ' || \(privileges("p.proacl", kind: "f", owner: "p.proowner"))) AS definition
              FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'trigger', t.tgname || ' on ' || c.relname, pg_get_triggerdef(t.oid)
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
            UNION ALL
            SELECT 'policy', p.polname || ' on ' || c.relname,
                   concat_ws(chr(10), p.polcmd, CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
                             (SELECT string_agg(role_name, ',' ORDER BY role_name)
                                FROM (SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END AS role_name
                                        FROM unnest(p.polroles) r) roles),
                             'using: ' || pg_get_expr(p.polqual, p.polrelid),
                             'with check: ' || pg_get_expr(p.polwithcheck, p.polrelid))
              FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
             WHERE c.relnamespace = 'public'::regnamespace
            UNION ALL
            SELECT CASE c.relkind WHEN 'v' THEN 'view privileges' WHEN 'm' THEN 'view privileges'
                                  WHEN 'S' THEN 'sequence privileges' ELSE 'table privileges' END,
                   c.relname,
                   concat_ws(chr(10), 'owned by the migrator: ' || (c.relowner = \(migrator)),
                             'privileges: ' || \(privileges("c.relacl", kind: "r", owner: "c.relowner")),
                             'columns: ' || (SELECT coalesce(string_agg(a.attname || '=' || \(privileges("a.attacl", kind: "r", owner: "c.relowner")), ';' ORDER BY a.attname), '')
                                               FROM pg_attribute a
                                              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL))
              FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            UNION ALL
            SELECT 'view', c.relname, pg_get_viewdef(c.oid)
              FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
            UNION ALL
            SELECT 'row security', c.relname,
                   CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END
                   || CASE WHEN c.relforcerowsecurity THEN ', forced' ELSE '' END
              FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
            UNION ALL
            SELECT 'constraint', k.conname || ' on ' || c.relname,
                   regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', '')
              FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
             WHERE c.relnamespace = 'public'::regnamespace AND k.contype <> 't'
            UNION ALL
            SELECT 'index', i.relname, pg_get_indexdef(i.oid)
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
             WHERE c.relnamespace = 'public'::regnamespace AND x.indisunique
               AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
            UNION ALL
            SELECT 'schema privileges', n.nspname,
                   'privileges: ' || \(privileges("n.nspacl", kind: "n", owner: "n.nspowner"))
              FROM pg_namespace n WHERE n.nspname = 'public'
            UNION ALL
            SELECT 'default privileges', coalesce(pg_get_userbyid(NULLIF(d.defaclrole, \(migrator)))::text, 'of the migrator')
                   || ' on ' || d.defaclobjtype::text,
                   \(privileges("d.defaclacl", kind: "r", owner: "d.defaclrole"))
              FROM pg_default_acl d WHERE d.defaclnamespace IN (0, 'public'::regnamespace)
            UNION ALL
            SELECT 'role', r.rolname,
                   concat_ws(chr(10),
                             concat_ws(',', 'superuser ' || r.rolsuper, 'inherit ' || r.rolinherit,
                                       'create role ' || r.rolcreaterole, 'create database ' || r.rolcreatedb,
                                       'login ' || r.rolcanlogin, 'replication ' || r.rolreplication,
                                       'bypass row security ' || r.rolbypassrls),
                             'member of: ' || (SELECT coalesce(string_agg(g.rolname, ',' ORDER BY g.rolname), '')
                                                 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                                                WHERE m.member = r.oid))
              FROM pg_roles r WHERE r.rolname IN ('meso_pharmacist', 'meso_practitioner', 'meso_auditor', 'meso_ledger')
            UNION ALL
            SELECT 'event trigger', e.evtname, e.evtevent || ' ' || e.evtfoid::regproc::text
              FROM pg_event_trigger e
            UNION ALL
            \(catalogQuery)
          ) guards
         ORDER BY 1
        """
}
