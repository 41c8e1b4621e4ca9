import PostgresClient

extension AuditService {
    /// No login escapes the guards: no meso role (nor PUBLIC, whose grants they share) may create
    /// temporary objects or schemas in the database, no login in a meso role is a superuser,
    /// bypasses row-level security, creates roles or replicates (each would be above the rules), and
    /// nobody is a member of meso_ledger, the owner of the functions that move lot balances.
    func privileges(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            WITH RECURSIVE meso_roles AS (
                SELECT oid, rolname::text AS via FROM pg_roles
                 WHERE rolname IN ('meso_pharmacist', 'meso_practitioner', 'meso_auditor', 'meso_ledger')
                UNION
                SELECT m.member, r.via FROM pg_auth_members m JOIN meso_roles r ON r.oid = m.roleid
            )
            SELECT DISTINCT ON (a.rolname) a.rolname, r.via,
                   has_database_privilege(a.oid, current_database(), 'TEMPORARY') AS temporary,
                   has_database_privilege(a.oid, current_database(), 'CREATE') AS create_schemas,
                   a.rolsuper, a.rolbypassrls, a.rolcreaterole, a.rolreplication
              FROM meso_roles r JOIN pg_roles a ON a.oid = r.oid
             ORDER BY a.rolname, r.via
            """
        ).rows.compactMap { row in
            let role: String = try row.decode("rolname")
            let via: String = try row.decode("via")
            var powers: [String] = []
            if try row.decode("rolsuper", as: Bool.self) { powers.append("is a superuser") }
            if try row.decode("rolbypassrls", as: Bool.self) { powers.append("bypasses row-level security") }
            if try row.decode("rolcreaterole", as: Bool.self) { powers.append("may create roles") }
            if try row.decode("rolreplication", as: Bool.self) { powers.append("may replicate") }
            if try row.decode("temporary", as: Bool.self) { powers.append("may create temporary objects") }
            if try row.decode("create_schemas", as: Bool.self) { powers.append("may create schemas") }
            if via == "meso_ledger" && role != via { powers.append("may change lot balances and statuses directly") }
            guard !powers.isEmpty else { return nil }
            let subject = role == via ? "The role \(role)" : "The login \(role), in \(via),"
            let list = powers.count > 1 ? powers.dropLast().joined(separator: ", ") + " and " + powers.last! : powers[0]
            return Discrepancy(
                rule: .privilege, message: "\(subject) \(list): a login with it is not held by the guards.",
                object: "privileges of \(role)")
        }
    }
}
