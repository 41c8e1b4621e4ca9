import PostgresClient

/// A compound's public codes and name (Schema/0016): each addition, removal and renaming is a row
/// of its history, with who and when; what the compound carries now is derived from it.
extension CatalogService {
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
                throw MesoError.invalid("--name", "The compound \(update.code) is already named \(name) (--name).")
            }
        }
        try Self.change(codings: update.removedCodings, of: update.code, to: "removed", by: actor, on: tx)
        try Self.change(codings: update.addedCodings, of: update.code, to: "added", by: actor, on: tx)
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
                let field = change == "added" ? "--code" : "--remove-code"
                throw MesoError.invalid(
                    field,
                    change == "added"
                        ? "The compound \(compound) already carries \(coding) (\(field))."
                        : "The compound \(compound) carries no \(coding) to remove (\(field)).")
            }
        }
    }
}
