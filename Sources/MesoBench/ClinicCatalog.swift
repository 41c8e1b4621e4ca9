import Foundation
import MesoCore
import PostgresClient

/// The fixture catalog as the generator needs it: products with their vial sizes, the formulas
/// with their compositions and dose limits (for the real pre-session check), and the compounds and
/// allergen groups patients can be allergic to. Read back from the seeded database.
struct ClinicCatalog: Sendable {
    struct Product: Sendable {
        let code: String
        /// Volumes in thousandths of a mL, the scale of numeric(12,3): exact integer arithmetic.
        let vialMilli: Int64
        let singleUse: Bool
        /// Days a punctured multi-dose vial may be drawn from; 0 for a single-use product.
        let inUseDays: Int
    }

    struct Component: Sendable {
        let product: Int
        let volumeMilli: Int64
    }

    struct Formula: Sendable {
        let code: String
        let version: Int
        let minIntervalDays: Int
        let components: [Component]
        let composition: FormulaComposition
        let doseLimits: [DoseLimit]
    }

    let products: [Product]
    let productIndex: [String: Int]
    let formulas: [Formula]
    let compounds: [String: CompoundProfile]
    let groupNames: [String: String]
    /// The compounds of the anaesthetic class (their doses add up; one without a limit warns).
    let anaesthetics: Set<String>
    /// The seeded medication vocabulary, all of it: the generator draws names from it and the check
    /// reads them against it.
    let vocabulary: MedicationVocabulary

    static func load(_ connection: PostgresConnection, actor: Actor) throws -> ClinicCatalog {
        let products = try connection.query(
            "SELECT code, (vial_ml * 1000)::bigint AS vial_milli, single_use, coalesce(in_use_days, 0) AS in_use_days FROM product ORDER BY code"
        ).rows.map { row in
            Product(
                code: try row.decode("code"), vialMilli: try row.decode("vial_milli"), singleUse: try row.decode("single_use"),
                inUseDays: try row.decode("in_use_days"))
        }
        let productIndex = Dictionary(uniqueKeysWithValues: products.enumerated().map { ($0.element.code, $0.offset) })
        let limits = try connection.query("SELECT compound_code, mg_per_kg, max_mg, with_vasoconstrictor FROM dose_limit")
            .rows.map { row in
                DoseLimit(
                    compoundCode: try row.decode("compound_code"), mgPerKG: try row.decode("mg_per_kg"),
                    maxMG: try row.decode("max_mg"), withVasoconstrictor: try row.decode("with_vasoconstrictor"))
            }
        let anaesthetics = Set(
            try connection.query("SELECT code FROM compound WHERE class = 'anaesthetic'").rows.map {
                try $0.decode("code", as: String.self)
            })
        let formulaService = FormulaService(connection: connection, actor: actor)
        let formulas = try formulaService.list().map { version in
            let composition = try formulaService.show(code: try FormulaCode(version.code, field: .formula))
            let compounds = Set(composition.ingredients.map(\.compound.code))
            return Formula(
                code: version.code, version: composition.formula.version,
                minIntervalDays: composition.formula.minIntervalDays,
                components: composition.formula.components.map { component in
                    Component(
                        product: productIndex[component.productCode]!,
                        volumeMilli: NSDecimalNumber(decimal: component.volumeML * 1000).int64Value)
                },
                composition: composition,
                doseLimits: limits.filter { compounds.contains($0.compoundCode) })
        }
        let compounds = try connection.query(
            """
            SELECT c.code, c.name, c.role, c.source,
                   array(SELECT m.group_code FROM allergen_group_member m WHERE m.compound_code = c.code ORDER BY 1) AS groups
              FROM compound c ORDER BY c.code
            """
        ).rows.map { row in
            CompoundProfile(
                code: try row.decode("code"), name: try row.decode("name"),
                role: Compound.Role(rawValue: try row.decode("role"))!,
                source: Compound.Source(rawValue: try row.decode("source"))!, groups: try row.decode("groups"))
        }
        let groups = try connection.query("SELECT code, name FROM allergen_group").rows.map {
            (try $0.decode("code", as: String.self), try $0.decode("name", as: String.self))
        }
        return ClinicCatalog(
            products: products, productIndex: productIndex, formulas: formulas,
            compounds: Dictionary(uniqueKeysWithValues: compounds.map { ($0.code, $0) }),
            groupNames: Dictionary(uniqueKeysWithValues: groups), anaesthetics: anaesthetics,
            vocabulary: MedicationVocabulary(try VocabularyService(connection: connection, actor: actor).list().map(\.term)))
    }
}
