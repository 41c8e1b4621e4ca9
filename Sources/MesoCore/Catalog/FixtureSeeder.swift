#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// What one fixture file added to the database.
public struct SeededFile: Sendable, Equatable {
    public let file: String
    public let rowsInFile: Int
    public let rowsAdded: Int
}

/// Loads the reference catalog in `Fixtures/` (compounds, allergen groups, products, dose limits,
/// the medication vocabulary, cocktails, demo patients) in one transaction. Each CSV is copied with COPY into a staging
/// table, then inserted where not already present, so seeding twice adds nothing the second time.
public struct FixtureSeeder: Sendable {
    public let directory: String
    public let actor: Actor

    public init(directory: String, actor: Actor) {
        self.directory = directory
        self.actor = actor
    }

    /// Each file with its expected header and the statement that moves its staged rows into place.
    /// Staged columns are text; the casts here are where a malformed fixture value is caught.
    private var files: [(name: String, columns: [String], insert: PostgresQuery)] {
        [
            (
                "compounds.csv", ["code", "name", "class", "role", "source"],
                """
                INSERT INTO compound (code, name, class, role, source, created_by)
                SELECT code, name, class, coalesce(role, 'active'), coalesce(source, 'synthetic'), \(actor.name)
                  FROM staged ON CONFLICT (code) DO NOTHING
                """
            ),
            (
                "allergen_groups.csv", ["code", "name", "note"],
                """
                INSERT INTO allergen_group (code, name, note, created_by)
                SELECT code, name, note, \(actor.name) FROM staged ON CONFLICT (code) DO NOTHING
                """
            ),
            (
                "allergen_group_members.csv", ["group_code", "compound_code"],
                """
                INSERT INTO allergen_group_member_change (group_code, compound_code, change, recorded_by)
                SELECT s.group_code, s.compound_code, 'add', \(actor.name) FROM staged s
                 WHERE NOT EXISTS (SELECT 1 FROM allergen_group_member_change c
                                    WHERE c.group_code = s.group_code AND c.compound_code = s.compound_code)
                 ORDER BY s.line
                """
            ),
            (
                "products.csv", ["code", "name", "gtin", "vial_ml", "single_use", "in_use_days", "reorder_ml"],
                """
                INSERT INTO product (code, name, gtin, vial_ml, single_use, in_use_days, reorder_ml, created_by)
                SELECT code, name, gtin, vial_ml::numeric, single_use::boolean, in_use_days::integer,
                       coalesce(reorder_ml::numeric, 0), \(actor.name)
                  FROM staged ON CONFLICT (code) DO NOTHING
                """
            ),
            (
                "product_ingredients.csv", ["product_code", "compound_code", "amount", "unit"],
                """
                INSERT INTO product_ingredient (product_code, compound_code, amount, unit)
                SELECT s.product_code, s.compound_code, s.amount::numeric, s.unit FROM staged s
                 WHERE NOT EXISTS (SELECT 1 FROM product_ingredient i
                                    WHERE i.product_code = s.product_code AND i.compound_code = s.compound_code)
                """
            ),
            (
                "dose_limits.csv", ["compound_code", "mg_per_kg", "max_mg", "with_vasoconstrictor", "source"],
                """
                INSERT INTO dose_limit_change (compound_code, with_vasoconstrictor, change, mg_per_kg, max_mg, recorded_by)
                SELECT s.compound_code, s.with_vasoconstrictor::boolean, 'set', s.mg_per_kg::numeric, s.max_mg::numeric,
                       \(actor.name)
                  FROM staged s
                 WHERE NOT EXISTS (SELECT 1 FROM dose_limit_change c
                                    WHERE c.compound_code = s.compound_code
                                      AND c.with_vasoconstrictor = s.with_vasoconstrictor::boolean)
                 ORDER BY s.line
                """
            ),
            (
                "medication_substances.csv", ["name", "class", "washout_days", "washout_source"],
                """
                INSERT INTO medication_substance (name, class_code, washout_days, washout_source, recorded_by)
                SELECT name, class, washout_days::integer, washout_source, \(actor.name) FROM staged ON CONFLICT DO NOTHING
                """
            ),
            (
                // A term naming a substance the file above lacks has no substance: the NOT NULL refuses it.
                "medication_terms.csv", ["term", "substance", "language"],
                """
                INSERT INTO medication_term (term, substance, language, recorded_by)
                SELECT s.term, m.name, s.language, \(actor.name)
                  FROM staged s LEFT JOIN medication_substance m ON lower(m.name) = lower(s.substance)
                 ORDER BY s.line
                    ON CONFLICT DO NOTHING
                """
            ),
            (
                "formulas.csv", ["code", "name", "indication", "min_interval_days"],
                """
                WITH new_formula AS (
                    INSERT INTO formula (code, created_by)
                    SELECT code, \(actor.name) FROM staged ON CONFLICT (code) DO NOTHING RETURNING code
                )
                INSERT INTO formula_version (formula_code, version, name, indication, min_interval_days, created_by)
                SELECT s.code, 1, s.name, s.indication, coalesce(s.min_interval_days::int, 15), \(actor.name)
                  FROM staged s JOIN new_formula f ON f.code = s.code
                """
            ),
            (
                "formula_components.csv", ["formula_code", "product_code", "volume_ml"],
                """
                INSERT INTO formula_component (formula_code, version, position, product_code, volume_ml)
                SELECT s.formula_code, 1, row_number() OVER (PARTITION BY s.formula_code ORDER BY s.line), s.product_code,
                       s.volume_ml::numeric
                  FROM staged s
                 WHERE NOT EXISTS (SELECT 1 FROM formula_component c WHERE c.formula_code = s.formula_code AND c.version = 1)
                """
            ),
            (
                "patients.csv", ["mrn", "name", "birth_date", "weight_kg", "allergy_assessment"],
                """
                INSERT INTO patient (mrn, name, birth_date, weight_kg, allergy_assessment, created_by)
                SELECT mrn, name, birth_date::date, weight_kg::numeric, coalesce(allergy_assessment, 'unknown'), \(actor.name)
                  FROM staged ON CONFLICT (mrn) DO NOTHING
                """
            ),
            (
                "patient_allergies.csv", ["mrn", "compound_code", "group_code", "criticality", "verification", "reaction"],
                """
                INSERT INTO patient_allergy (patient_id, compound_code, group_code, criticality, verification, reaction, recorded_by)
                SELECT p.id, s.compound_code, s.group_code, coalesce(s.criticality, 'unable-to-assess'),
                       coalesce(s.verification, 'unconfirmed'), s.reaction, \(actor.name)
                  FROM staged s JOIN patient p ON p.mrn = s.mrn
                 WHERE NOT EXISTS (SELECT 1 FROM patient_allergy a
                                    WHERE a.patient_id = p.id
                                      AND a.compound_code IS NOT DISTINCT FROM s.compound_code
                                      AND a.group_code IS NOT DISTINCT FROM s.group_code)
                """
            ),
            (
                "patient_conditions.csv", ["mrn", "kind", "onset", "note"],
                """
                INSERT INTO patient_condition (patient_id, kind, onset, note, recorded_by)
                SELECT p.id, s.kind, s.onset::date, s.note, \(actor.name)
                  FROM staged s JOIN patient p ON p.mrn = s.mrn
                 WHERE NOT EXISTS (SELECT 1 FROM patient_condition c
                                    WHERE c.patient_id = p.id AND c.kind = s.kind
                                      AND c.onset IS NOT DISTINCT FROM s.onset::date)
                """
            ),
            (
                "patient_medications.csv", ["mrn", "name"],
                """
                INSERT INTO patient_medication (patient_id, name, recorded_by)
                SELECT p.id, s.name, \(actor.name)
                  FROM staged s JOIN patient p ON p.mrn = s.mrn
                 WHERE NOT EXISTS (SELECT 1 FROM patient_medication m WHERE m.patient_id = p.id AND m.name = s.name)
                """
            ),
        ]
    }

    /// Seeds every file in order, all or nothing.
    public func seed(on connection: PostgresConnection) throws -> [SeededFile] {
        let contents = try files.map { file in (file, try read(file.name, expecting: file.columns)) }
        return try MesoError.translating {
            try connection.transaction { connection in
                let inserts = try earlierSchemaInserts(on: connection)
                var report: [SeededFile] = []
                for (file, bytes) in contents {
                    let columns = file.columns.map { "\($0) text" }.joined(separator: ", ")
                    try connection.query(
                        PostgresQuery(unsafeSQL: "CREATE TEMP TABLE staged (\(columns), line bigserial) ON COMMIT DROP"))
                    let staged: Int
                    do {
                        staged = try connection.copyIn(
                            PostgresQuery(
                                unsafeSQL:
                                    "COPY staged (\(file.columns.joined(separator: ", "))) FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
                            ), bytes: bytes)
                    } catch let error as PostgresError where error.kind == .server {
                        throw MesoError.invalid(
                            Message(file.name), "Fixtures/\(file.name) is not valid CSV for its columns: \(error.message).")
                    }
                    let added: Int
                    do {
                        added = try connection.query(inserts[file.name] ?? file.insert).affectedRows
                    } catch let error as PostgresError
                        where error.kind == .server && !error.isUnreachable && error.sqlState != .insufficientPrivilege
                    {
                        let rule = error.constraint.map { " (\($0))" } ?? ""
                        throw MesoError.invalid(
                            Message(file.name), "Fixtures/\(file.name) holds a value the database refuses\(rule): \(error.description).")
                    }
                    try connection.query("DROP TABLE staged")
                    report.append(SeededFile(file: file.name, rowsInFile: staged, rowsAdded: added))
                }
                return report
            }
        }
    }

    private func read(_ name: String, expecting columns: [String]) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
            throw MesoError.invalid(Message(name), "Fixtures/\(name) is missing or cannot be read.")
        }
        let bytes = [UInt8](data)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MesoError.invalid(Message(name), "Fixtures/\(name) is not valid UTF-8.")
        }
        let header = text.prefix { $0 != "\n" && $0 != "\r\n" }.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0.filter { !$0.isWhitespace }) }
        guard header == columns else {
            throw MesoError.invalid(
                Message(name), "Fixtures/\(name) must start with the header \(columns.joined(separator: ",")).")
        }
        return bytes
    }
}
