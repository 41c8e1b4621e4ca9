import PostgresClient

extension FixtureSeeder {
    /// The statements for a database whose schema predates the histories of class links and dose
    /// limits (Schema/0013), by file: its memberships and limits are written as that schema held
    /// them (a limit with a vasoconstrictor as one "with epinephrine"). Tests of the migrations
    /// before it seed such a database; on a current one this is empty.
    func earlierSchemaInserts(on connection: PostgresConnection) throws -> [String: PostgresQuery] {
        let current: Bool = try connection.query(
            "SELECT to_regclass('public.dose_limit_change') IS NOT NULL AS current"
        ).rows[0].decode("current")
        guard !current else { return [:] }
        return [
            "allergen_group_members.csv": """
                INSERT INTO allergen_group_member (group_code, compound_code, added_by)
                SELECT group_code, compound_code, \(actor.name) FROM staged ON CONFLICT DO NOTHING
                """,
            "dose_limits.csv": """
                INSERT INTO dose_limit (compound_code, mg_per_kg, max_mg, with_compound)
                SELECT compound_code, mg_per_kg::numeric, max_mg::numeric,
                       CASE WHEN with_vasoconstrictor::boolean THEN 'epinephrine' END
                  FROM staged ON CONFLICT DO NOTHING
                """,
        ]
    }
}
