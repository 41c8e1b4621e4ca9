import PostgresClient

/// Compounds: listing, showing and adding them, and correcting them (Schema/0016): a compound's
/// public codes and name change through rows of their history, with who and when; what the compound
/// carries now is derived from it.
extension CatalogService {
    public func compounds(in compoundClass: CompoundClass? = nil) throws -> [Compound] {
        try MesoError.translating {
            try connection.query(
                """
                SELECT c.code, c.name, c.class, c.role, c.source,
                       array(SELECT m.group_code FROM allergen_group_member m
                              WHERE m.compound_code = c.code ORDER BY m.group_code) AS groups
                  FROM compound c
                 WHERE \(compoundClass?.rawValue)::text IS NULL OR c.class = \(compoundClass?.rawValue)
                 ORDER BY c.class, c.code
                """
            ).rows.map(Self.compound)
        }
    }

    public func compound(_ code: CompoundCode) throws -> CompoundDetails {
        try MesoError.translating {
            guard
                let row = try connection.query(
                    """
                    SELECT c.code, c.name, c.class, c.role, c.source,
                           array(SELECT m.group_code FROM allergen_group_member m
                                  WHERE m.compound_code = c.code ORDER BY m.group_code) AS groups
                      FROM compound c WHERE c.code = \(code)
                    """
                ).first
            else {
                throw MesoError.invalid("CODE", "No compound has the code \(code).")
            }
            let groups = try connection.query(
                """
                SELECT g.code, g.name, g.note FROM allergen_group g
                  JOIN allergen_group_member m ON m.group_code = g.code
                 WHERE m.compound_code = \(code) ORDER BY g.code
                """
            ).rows.map { row in
                AllergenGroup(
                    code: try row.decode("code"), name: try row.decode("name"), note: try row.decode("note"), members: [])
            }
            let products = try connection.query(
                """
                SELECT p.code, p.name, i.amount, i.unit FROM product_ingredient i
                  JOIN product p ON p.code = i.product_code
                 WHERE i.compound_code = \(code) ORDER BY p.code
                """
            ).rows.map { row in
                ProductStrength(
                    productCode: try row.decode("code"), productName: try row.decode("name"),
                    strength: try Self.strength(row))
            }
            return CompoundDetails(
                compound: try Self.compound(row), groups: groups, products: products, limits: try limits(of: code),
                codings: try codings(of: code.text))
        }
    }

    /// Adds the compound and its allergen group memberships together.
    public func add(_ new: NewCompound) throws -> Compound {
        try MesoError.translating {
            try connection.transaction { tx in
                let known = try tx.query("SELECT code FROM allergen_group WHERE code = ANY(\(new.groups))")
                    .rows.map { try $0.decode("code", as: String.self) }
                if let unknown = new.groups.first(where: { !known.contains($0) }) {
                    throw MesoError.invalid("\(.group)", "No allergen group has the code \(unknown) (\(.group)).")
                }
                do {
                    try tx.query(
                        """
                        INSERT INTO compound (code, name, class, role, source, created_by)
                        VALUES (\(new.code), \(new.name), \(new.compoundClass.rawValue), \(new.role.rawValue),
                                \(new.source.rawValue), \(actor.name))
                        """)
                } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                    throw MesoError.invalid("CODE", "A compound with the code \(new.code) already exists.")
                }
                try tx.query(
                    """
                    INSERT INTO allergen_group_member_change (group_code, compound_code, change, recorded_by)
                    SELECT g, \(new.code), 'add', \(actor.name) FROM unnest(\(new.groups)::text[]) AS g
                    """)
                try Self.change(codings: new.codings, of: new.code, to: "added", by: actor, on: tx)
                return Compound(
                    code: new.code, name: new.name, compoundClass: new.compoundClass, role: new.role,
                    source: new.source, allergenGroups: new.groups.sorted())
            }
        }
    }

    /// Renames the compound and adds and removes public codes, all in one transaction or nothing.
    public func update(_ update: CompoundUpdate) throws -> CompoundDetails {
        try MesoError.translating { try connection.transaction { tx in try apply(update, on: tx) } }
        return try compound(update.code)
    }

    private func apply(_ update: CompoundUpdate, on tx: PostgresConnection) throws {
        guard try !tx.query("SELECT 1 FROM compound WHERE code = \(update.code)").rows.isEmpty else {
            throw MesoError.invalid("CODE", "No compound has the code \(update.code).")
        }
        if let name = update.name {
            do {
                try tx.query(
                    """
                    INSERT INTO compound_name_change (compound_code, name_after, recorded_by)
                    VALUES (\(update.code), \(name), \(actor.name))
                    """)
            } catch {
                guard error.sqlState == .compoundNameUnchanged else { throw error }
                throw MesoError.invalid("\(.name)", "The compound \(update.code) is already named \(name) (\(.name)).")
            }
        }
        try Self.change(codings: update.removedCodings, of: update.code.text, to: "removed", by: actor, on: tx)
        try Self.change(codings: update.addedCodings, of: update.code.text, to: "added", by: actor, on: tx)
    }

    /// The compound's public codes now, by system then code.
    func codings(of code: String) throws -> [CompoundCoding] {
        try connection.query(
            """
            SELECT system || '|' || code AS coding FROM compound_coding
             WHERE compound_code = \(code) ORDER BY system, code
            """
        ).rows.map { CompoundCoding(stored: try $0.decode("coding")) }
    }

    /// Writes one history row per coding; the database refuses adding a code the compound carries
    /// or removing one it does not, which is reported naming the flag.
    static func change(
        codings: [CompoundCoding], of compound: String, to change: String, by actor: Actor, on connection: PostgresConnection
    ) throws {
        for coding in codings {
            do {
                try connection.query(
                    """
                    INSERT INTO compound_coding_change (compound_code, system, code, change, recorded_by)
                    VALUES (\(compound), \(coding.system), \(coding.code), \(change), \(actor.name))
                    """)
            } catch {
                guard error.sqlState == .compoundCodingUnchanged else { throw error }
                let field: Message = change == "added" ? "\(.code)" : "\(.removeCode)"
                throw MesoError.invalid(
                    field,
                    change == "added"
                        ? "The compound \(compound) already carries \(coding) (\(field))."
                        : "The compound \(compound) carries no \(coding) to remove (\(field)).")
            }
        }
    }
}
