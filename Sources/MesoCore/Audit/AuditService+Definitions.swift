import PostgresClient

/// The rules of `verify` that see tampering by the schema's owner: every guard's definition against
/// the digests this meso ships (`ShippedGuardDigests`), and the privileges that would let a login
/// escape the guards altogether.
extension AuditService {
    /// Every guard whose digest differs from the shipped one, is missing, or is not one the
    /// migrations install; guards `reported` already (a missing trigger) are not named twice.
    func guardDefinitions(_ reading: GuardDigest.Reading, reported: Set<String>) -> [Discrepancy] {
        guard let expected = ShippedGuardDigests.byMajorVersion[reading.majorVersion] else {
            return [
                Discrepancy(
                    rule: .guardChanged,
                    message: "This meso knows the guards of PostgreSQL \(ShippedGuardDigests.byMajorVersion.keys.sorted().map(String.init).joined(separator: ", ")), not of PostgreSQL \(reading.majorVersion): it cannot prove that the guards are those its migrations install.")
            ]
        }
        let actual = Dictionary(reading.digests.map { ($0.object, $0.digest) }, uniquingKeysWith: { first, _ in first })
        var found: [Discrepancy] = []
        for (object, digest) in expected.sorted(by: { $0.key < $1.key }) where !reported.contains(object) {
            let (noun, plural) = Self.describe(object)
            if let present = actual[object] {
                if present != digest {
                    found.append(
                        Discrepancy(
                            rule: .guardChanged,
                            message: "\(noun) \(plural ? "differ" : "differs") from what meso's migrations install.",
                            object: object))
                }
            } else {
                found.append(
                    Discrepancy(
                        rule: .guardMissing,
                        message: "\(noun), which meso's migrations install, \(plural ? "are" : "is") missing.", object: object))
            }
        }
        for object in actual.keys.sorted() where expected[object] == nil && !reported.contains(object) {
            let (noun, _) = Self.describe(object)
            found.append(
                Discrepancy(
                    rule: .guardChanged,
                    message: "The schema holds \(noun.prefix(1).lowercased() + noun.dropFirst()), which meso's migrations do not install.",
                    object: object))
        }
        return found
    }

    /// A digest's object as a sentence names it, and whether the name is plural.
    static func describe(_ object: String) -> (String, Bool) {
        let kinds: [(String, String, Bool)] = [
            ("function ", "The function ", false), ("trigger ", "The trigger ", false), ("policy ", "The policy ", false),
            ("table privileges ", "The privileges on table ", true), ("view privileges ", "The privileges on view ", true),
            ("sequence privileges ", "The privileges on sequence ", true), ("view ", "The view ", false),
            ("row security ", "Row-level security on ", false), ("constraint ", "The constraint ", false),
            ("index ", "The unique index ", false), ("schema privileges ", "The privileges on schema ", true),
            ("default privileges ", "The default privileges ", true), ("role ", "The attributes and memberships of role ", true),
            ("event trigger ", "The event trigger ", false),
            // Integrity/GuardDigest+Catalog.swift's.
            ("rule ", "The rule ", false), ("schema ", "The schema ", false),
            ("catalog function ", "The function pg_catalog.", false), ("columns ", "The columns of ", true),
            ("operator ", "The operator ", false), ("cast ", "The cast ", false), ("publication ", "The publication ", false),
            ("database settings ", "The settings ", true),
        ]
        for (prefix, noun, plural) in kinds where object.hasPrefix(prefix) {
            return (noun + object.dropFirst(prefix.count), plural)
        }
        return ("The " + object, false)
    }

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
