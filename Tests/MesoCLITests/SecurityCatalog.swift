import Foundation
import MesoCore
import PostgresClient
import TestSupport

/// What the security tests read from the catalog of a migrated database, so that a function or
/// table a later migration adds is attacked and linted without anyone listing it.
enum SecurityCatalog {
    struct Function {
        let signature: String
        let body: String
        let config: [String]
        let definer: Bool
        /// The body without its comments and string literals: what it names, not what it says.
        var code: String { SecurityCatalog.code(of: body) }
    }

    /// Every function of the schema (`public`), with its body and settings.
    static func functions(_ connection: PostgresConnection) throws -> [Function] {
        try connection.query(
            """
            SELECT 'public.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature,
                   p.prosrc, coalesce(p.proconfig, '{}') AS config, p.prosecdef
              FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1
            """
        ).rows.map { row in
            Function(
                signature: try row.decode("signature"), body: try row.decode("prosrc"), config: try row.decode("config"),
                definer: try row.decode("prosecdef"))
        }
    }

    /// The tables, views and sequences of the schema.
    static func relations(_ connection: PostgresConnection) throws -> [String] {
        try connection.query(
            "SELECT relname::text AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S') ORDER BY 1"
        ).rows.map { try $0.decode("name") }
    }

    /// The tables (and views) some function names, `public.name`: those a temporary table could
    /// shadow if the function resolved names through the search path.
    static func tablesNamedByFunctions(_ connection: PostgresConnection) throws -> [String] {
        let functions = try functions(connection)
        return try relations(connection).filter { relation in
            !relation.hasSuffix("_seq") && functions.contains { $0.code.contains("public.\(relation)") }
        }
    }

    /// The catalog functions the schema's functions call by name, with the argument types of each
    /// of their forms that a PL/pgSQL function can take (`any` and internal types it cannot).
    static func catalogFunctionsCalled(_ connection: PostgresConnection) throws -> [(name: String, arguments: String, returns: String)] {
        let called = Set(
            try functions(connection).flatMap { function in
                function.code.matches(of: /([a-z_][a-z0-9_]*)\s*\(/).map { String($0.output.1) }
            })
        return try connection.query(
            """
            SELECT p.proname::text AS name, pg_get_function_identity_arguments(p.oid) AS arguments,
                   format_type(p.prorettype, NULL) AS returns
              FROM pg_proc p
             WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f' AND p.proname = ANY (\(Array(called)))
               AND NOT p.proretset
               -- Pseudo-types (any, internal, anyelement, trigger, record, void) are no PL/pgSQL's.
               AND (SELECT typtype FROM pg_type WHERE oid = p.prorettype) <> 'p'
               AND NOT EXISTS (SELECT FROM unnest(p.proargtypes) t JOIN pg_type ty ON ty.oid = t WHERE ty.typtype = 'p')
             ORDER BY 1, 2
            """
        ).rows.map { (try $0.decode("name"), try $0.decode("arguments"), try $0.decode("returns")) }
    }

    /// `text` without `--` comments and quoted literals ('...' with '' inside, E'...').
    static func code(of text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "-", text[index...].hasPrefix("--") {
                index = text[index...].firstIndex(of: "\n") ?? text.endIndex
            } else if character == "'" {
                var end = text.index(after: index)
                while end < text.endIndex {
                    if text[end] == "'" {
                        let next = text.index(after: end)
                        if next < text.endIndex, text[next] == "'" { end = text.index(after: next); continue }
                        break
                    }
                    end = text.index(after: end)
                }
                result += "''"
                index = end < text.endIndex ? text.index(after: end) : end
            } else {
                result.append(character)
                index = text.index(after: index)
            }
        }
        return result
    }
}
