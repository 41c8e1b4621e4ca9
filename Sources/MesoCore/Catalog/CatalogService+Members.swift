import PostgresClient

/// Class links the pharmacist can fix: a compound joins or leaves an allergen group through
/// `allergen_group_member_change`, which keeps every change with who and when (Schema/0013).
extension CatalogService {
    /// Adds the compound to the group, or removes it; returns the group as it then stands.
    public func changeMember(group: String, compound: String, adding: Bool) throws -> AllergenGroup {
        let groupCode = try FieldText.code(group, field: "GROUP", upperCase: false)
        let compoundCode = try FieldText.code(compound, field: "COMPOUND", upperCase: false)
        return try MesoError.translating {
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
                return try CatalogService(connection: connection, actor: actor).allergenGroup(groupCode)
            }
        }
    }

    /// Every change of the group's members, oldest first.
    public func memberChanges(of group: String) throws -> [MemberChange] {
        try MesoError.translating {
            try connection.query(
                """
                SELECT compound_code, change, recorded_at, recorded_by, recorded_login
                  FROM allergen_group_member_change WHERE group_code = \(group) ORDER BY id
                """
            ).rows.map { row in
                MemberChange(
                    compoundCode: try row.decode("compound_code"), added: try row.decode("change", as: String.self) == "add",
                    at: try row.decode("recorded_at"), by: try row.decode("recorded_by"),
                    login: try row.decode("recorded_login"))
            }
        }
    }
}

/// A compound joining or leaving an allergen group: when, by whom (actor and login).
public struct MemberChange: Sendable, Hashable {
    public let compoundCode: String
    public let added: Bool
    public let at: Timestamp
    public let by: String
    public let login: String
}
