/// The guards beside public's functions, triggers and grants that an owner could change to defeat
/// them, digested as `GuardDigest.query` digests the rest (one row each, kind, name, definition):
/// rewrite rules on any table (a DO INSTEAD NOTHING on a recall, a DO ALSO leaking rows), every
/// schema but public and the system's with what it holds, functions added to pg_catalog, each
/// table's column definitions (type, NOT NULL, default, generated expression, identity), operators
/// and casts created after initdb, publications, and the settings meso's migrations give the
/// database (its timeouts, which a restore or a CREATE DATABASE ... TEMPLATE drops).
extension GuardDigest {
    static let catalogQuery = """
        SELECT 'rule', r.rulename || ' on ' || n.nspname || '.' || c.relname, pg_get_ruledef(r.oid)
          FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE r.rulename <> '_RETURN' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        UNION ALL
        SELECT 'schema', n.nspname,
               concat_ws(chr(10), 'privileges: ' || coalesce(n.nspacl::text, ''),
                         'relations: ' || (SELECT coalesce(string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname), '')
                                             FROM pg_class c WHERE c.relnamespace = n.oid),
                         'functions: ' || (SELECT coalesce(string_agg(p.oid::regprocedure::text, ',' ORDER BY 1), '')
                                             FROM pg_proc p WHERE p.pronamespace = n.oid))
          FROM pg_namespace n
         WHERE n.nspname NOT IN ('public', 'pg_catalog', 'information_schema', 'pg_toast')
           AND n.nspname !~ '^pg_(toast_)?temp_'
        UNION ALL
        SELECT 'catalog function', p.oid::regprocedure::text,
               CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE pg_get_functiondef(p.oid) END
          FROM pg_proc p WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.oid >= 16384
        UNION ALL
        SELECT 'columns', c.relname,
               (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                                  || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                                  || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
                                  || CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END
                                  || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''),
                                  chr(10) ORDER BY a.attnum)
                  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
          FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        UNION ALL
        SELECT 'operator', o.oid::regoperator::text, o.oprcode::regprocedure::text
          FROM pg_operator o WHERE o.oid >= 16384
        UNION ALL
        SELECT 'cast', format_type(k.castsource, NULL) || ' as ' || format_type(k.casttarget, NULL),
               concat_ws(' ', nullif(k.castfunc, 0)::regprocedure::text, k.castcontext, k.castmethod)
          FROM pg_cast k WHERE k.oid >= 16384
        UNION ALL
        SELECT 'publication', p.pubname, 'all tables ' || p.puballtables
          FROM pg_publication p
        UNION ALL
        SELECT 'database settings', 'of meso''s database',
               coalesce((SELECT string_agg(setting, ',' ORDER BY setting)
                           FROM pg_db_role_setting s, unnest(s.setconfig) setting
                          WHERE s.setrole = 0 AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())),
                        'none')
        """
}
