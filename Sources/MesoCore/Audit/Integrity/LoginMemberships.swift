import PostgresClient

/// `privilege`, for memberships: a login in a meso role holds no predefined role that reads or
/// writes every table, reads or writes server files, runs server programs or signals other
/// sessions (each would take it past the grants and guards), and is in one meso role only (a
/// pharmacist who is also a practitioner reads the clinical data the pharmacist's role withholds,
/// and writes what both write, under one login).
extension AuditService {
    func loginMemberships(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            WITH RECURSIVE held AS (
                SELECT r.oid AS member, r.oid AS role FROM pg_roles r
                UNION
                SELECT m.member, h.role FROM pg_auth_members m JOIN held h ON h.member = m.roleid
            ), logins AS (
                SELECT l.rolname,
                       array_agg(DISTINCT g.rolname::text ORDER BY g.rolname::text)
                           FILTER (WHERE g.rolname IN ('meso_pharmacist', 'meso_practitioner', 'meso_auditor')) AS meso_roles,
                       array_agg(DISTINCT g.rolname::text ORDER BY g.rolname::text)
                           FILTER (WHERE g.rolname IN ('pg_read_all_data', 'pg_write_all_data', 'pg_read_server_files',
                                                       'pg_write_server_files', 'pg_execute_server_program',
                                                       'pg_signal_backend', 'pg_database_owner')) AS predefined
                  FROM held h JOIN pg_roles l ON l.oid = h.member JOIN pg_roles g ON g.oid = h.role
                 WHERE h.member <> h.role
                 GROUP BY l.rolname
            )
            SELECT rolname, meso_roles, predefined FROM logins
             WHERE meso_roles IS NOT NULL AND (predefined IS NOT NULL OR cardinality(meso_roles) > 1)
             ORDER BY rolname
            """
        ).rows.map { row in
            let login: String = try row.decode("rolname")
            let mesoRoles: [String] = try row.decode("meso_roles")
            let predefined: [String] = try row.decode("predefined", as: [String]?.self) ?? []
            let problem =
                predefined.isEmpty
                ? "is in \(mesoRoles.joined(separator: " and ")): one login holds one meso role"
                : "is in \(mesoRoles.joined(separator: ", ")) and also in \(predefined.joined(separator: ", ")): a login with it is not held by the grants and guards"
            return Discrepancy(rule: .privilege, message: "The login \(login) \(problem).", object: "memberships of \(login)")
        }
    }
}
