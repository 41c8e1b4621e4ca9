import PostgresClient

/// Class links the pharmacist can fix: a compound joins or leaves an allergen group through
/// `allergen_group_member_change`, which keeps every change with who and when (Schema/0013).
extension CatalogService {
    /// Adds the compound to the group, or removes it; returns the group as it then stands.
    public func changeMember(group: AllergenGroupCode, compound: CompoundCode, adding: Bool) throws -> AllergenGroup {
        let groupCode = group.text
        let compoundCode = compound.text
        return try MesoError.translating(.groupMemberChangeRefused, field: { _ in "COMPOUND" }) {
            try connection.transaction { connection in
                guard try connection.query("SELECT 1 FROM allergen_group WHERE code = \(groupCode)").first != nil else {
                    throw MesoError.invalid("GROUP", "No allergen group has the code \(groupCode).")
                }
                guard try connection.query("SELECT 1 FROM compound WHERE code = \(compoundCode)").first != nil else {
                    throw MesoError.invalid("COMPOUND", "No compound has the code \(compoundCode).")
                }
                try connection.query(
                    """
                    INSERT INTO allergen_group_member_change (group_code, compound_code, change, recorded_by)
                    VALUES (\(groupCode), \(compoundCode), \(adding ? "add" : "remove"), \(actor.name))
                    """)
                return try CatalogService(connection: connection, actor: actor).allergenGroup(group)
            }
        }
    }
}
