import PostgresClient

extension FixtureSeeder {
    /// The statements for a database whose schema predates some of the tables and columns the fixtures
    /// fill, by file. Before the histories of class links and dose limits (Schema/0013), memberships and
    /// limits are written as that schema held them (a limit with a vasoconstrictor as one "with
    /// epinephrine"); before the medication vocabulary (Schema/0014), its files add nothing; before
    /// in-use periods (Schema/0015), products are written without one (that migration gives them
    /// theirs). Tests of the migrations before them seed such a database; on a current one this is empty.
    func earlierSchemaInserts(on connection: PostgresConnection) throws -> [String: PostgresQuery] {
        let present = try connection.query(
            """
            SELECT to_regclass('public.dose_limit_change') IS NOT NULL AS histories,
                   to_regclass('public.medication_term') IS NOT NULL AS vocabulary,
                   EXISTS (SELECT FROM pg_catalog.pg_attribute
                            WHERE attrelid = 'public.product'::regclass AND attname = 'in_use_days' AND NOT attisdropped)
                       AS in_use_days
            """
        ).rows[0]
        var inserts: [String: PostgresQuery] = [:]
        if !(try present.decode("histories", as: Bool.self)) {
            inserts["allergen_group_members.csv"] = """
                INSERT INTO allergen_group_member (group_code, compound_code, added_by)
                SELECT group_code, compound_code, \(actor.name) FROM staged ON CONFLICT DO NOTHING
                """
            inserts["dose_limits.csv"] = """
                INSERT INTO dose_limit (compound_code, mg_per_kg, max_mg, with_compound)
                SELECT compound_code, mg_per_kg::numeric, max_mg::numeric,
                       CASE WHEN with_vasoconstrictor::boolean THEN 'epinephrine' END
                  FROM staged ON CONFLICT DO NOTHING
                """
        }
        if !(try present.decode("vocabulary", as: Bool.self)) {
            for file in ["medication_substances.csv", "medication_terms.csv"] {
                inserts[file] = "SELECT FROM staged WHERE false"
            }
        }
        if !(try present.decode("in_use_days", as: Bool.self)) {
            inserts["products.csv"] = """
                INSERT INTO product (code, name, gtin, vial_ml, single_use, reorder_ml, created_by)
                SELECT code, name, gtin, vial_ml::numeric, single_use::boolean, coalesce(reorder_ml::numeric, 0), \(actor.name)
                  FROM staged ON CONFLICT (code) DO NOTHING
                """
        }
        return inserts
    }
}
