#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Cocktails: adding versions (immutable once written), listing, and showing one version with
/// the compound totals it delivers per session.
public struct FormulaService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// Writes version 1 of a new code, or version n+1 of an existing one, with its components,
    /// in one transaction. An unknown product writes nothing.
    ///
    /// Two additions to one code at the same moment both compute n+1; the second then meets the
    /// first's primary key and runs again to take n+2. (No row lock: the pharmacist's role may
    /// insert formulas but not update them, and `FOR UPDATE` needs that privilege.)
    public func add(_ request: NewFormulaVersion) throws -> FormulaComposition {
        var attempt = 1
        while true {
            do {
                return try addOnce(request)
            } catch let error as PostgresError
                where error.sqlState == .uniqueViolation && error.constraint == "formula_version_pkey" && attempt < 20
            {
                attempt += 1
            } catch let error as PostgresError {
                throw MesoError(error)
            }
        }
    }

    private func addOnce(_ request: NewFormulaVersion) throws -> FormulaComposition {
        try connection.transaction { connection in
            let previous = try composition(code: request.code, version: nil, on: connection)
            let version = try Self.inherited(request, from: previous?.formula)
            let products = version.components.map(\.productCode)
            let known = Set(
                try connection.query("SELECT code FROM product WHERE code = ANY(\(products))").rows.map {
                    try $0.decode("code", as: String.self)
                })
            if let unknown = products.first(where: { !known.contains($0) }) {
                throw MesoError.invalid("\(.component)", "\(.component) names \(unknown), but no product has that code.")
            }
            try connection.query(
                "INSERT INTO formula (code, created_by) VALUES (\(request.code), \(actor.name)) ON CONFLICT (code) DO NOTHING")
            let next = try connection.query(
                """
                INSERT INTO formula_version (formula_code, version, name, indication, min_interval_days, created_by)
                SELECT \(request.code), coalesce(max(version), 0) + 1, \(version.name), \(version.indication),
                       \(version.minIntervalDays), \(actor.name)
                  FROM formula_version WHERE formula_code = \(request.code)
                RETURNING version
                """
            ).first!.decode("version", as: Int.self)
            try connection.query(
                """
                INSERT INTO formula_component (formula_code, version, position, product_code, volume_ml)
                SELECT \(request.code), \(next), c.position, c.product_code, c.volume_ml
                  FROM unnest(\(products), \(version.components.map(\.volumeML))) WITH ORDINALITY
                       AS c(product_code, volume_ml, position)
                """)
            guard let written = try composition(code: request.code, version: next, on: connection) else {
                throw MesoError(.internal, "Formula \(request.code) version \(next) could not be read back.")
            }
            return written.with(changes: FormulaChange.between(previous?.formula, written.formula))
        }
    }

    /// The version to write: what the request sets, and the rest from the version before (or the
    /// defaults of a new formula, which needs a name and components). A version that would change
    /// nothing is refused.
    static func inherited(_ request: NewFormulaVersion, from previous: FormulaVersion?) throws(MesoError)
        -> (name: String, indication: String?, minIntervalDays: Int, components: [NewFormulaVersion.Component])
    {
        guard let name = request.name ?? previous?.name else {
            throw .invalid("\(.name)", "\(.name) is required: \(request.code) is a new formula.")
        }
        let components =
            !request.components.isEmpty
            ? request.components
            : previous?.components.map { NewFormulaVersion.Component(productCode: $0.productCode, volumeML: $0.volumeML) } ?? []
        guard !components.isEmpty else {
            throw .invalid("\(.component)", "\(.component) is required: a formula needs at least one PRODUCT:ML.")
        }
        let version = (
            name: name, indication: request.indication ?? previous?.indication,
            minIntervalDays: request.minIntervalDays ?? previous?.minIntervalDays ?? NewFormulaVersion.defaultMinIntervalDays,
            components: components
        )
        if let previous, previous.name == version.name, previous.indication == version.indication,
            previous.minIntervalDays == version.minIntervalDays,
            previous.components.map({ NewFormulaVersion.Component(productCode: $0.productCode, volumeML: $0.volumeML) })
                == version.components
        {
            throw .invalid(
                "CODE",
                "Formula \(request.code) version \(previous.version) already has these values: a new version must change its name, indication, minimum interval or components.")
        }
        return version
    }

    /// The latest version of every formula, by code.
    public func list() throws -> [FormulaVersion] {
        try MesoError.translating {
            let (versions, components) = try connection.pipeline(
                Fetch.all(
                    Fetch(
                        """
                        SELECT DISTINCT ON (formula_code) formula_code, version, name, indication, min_interval_days,
                               created_at, created_by
                          FROM formula_version ORDER BY formula_code, version DESC
                        """
                    ) { $0 },
                    Fetch(
                        """
                        SELECT c.formula_code, c.position, c.product_code, p.name AS product_name, c.volume_ml, p.vial_ml, p.single_use
                          FROM formula_component c JOIN product p ON p.code = c.product_code
                         WHERE (c.formula_code, c.version) IN (SELECT formula_code, max(version) FROM formula_version GROUP BY formula_code)
                         ORDER BY c.formula_code, c.position
                        """
                    ) { result in
                        var components: [String: [FormulaComponent]] = [:]
                        for row in result.rows {
                            components[try row.decode("formula_code"), default: []].append(try FormulaComponent(row: row))
                        }
                        return components
                    }))
            return try versions.rows.map { row in
                try FormulaVersion(row: row, components: components[try row.decode("formula_code")] ?? [])
            }
        }
    }

    /// One version (the latest when `version` is nil) with its components and ingredients, and what
    /// changed from the version before it. One round trip, one snapshot.
    public func show(code: FormulaCode, version: Int? = nil) throws -> FormulaComposition {
        let code = code.text
        return try MesoError.translating {
            let (chosen, before) = try connection.fetch(
                Fetch.all(
                    Self.fetchComposition(code: code, version: version),
                    Self.fetchComposition(code: code, version: version, before: true)))
            if let composition = chosen {
                return composition.with(changes: FormulaChange.between(before?.formula, composition.formula))
            }
            let exists = try connection.query("SELECT 1 FROM formula WHERE code = \(code)").first != nil
            if exists, let version {
                throw MesoError.invalid("\(.version)", "Formula \(code) has no version \(version).")
            }
            throw MesoError.invalid("CODE", "No formula has the code \(code).")
        }
    }

    /// Reads a version, its components and their ingredients in one round trip; nil when the
    /// formula or the version does not exist.
    func composition(code: String, version: Int?, on connection: PostgresConnection) throws -> FormulaComposition? {
        try connection.pipeline(Self.fetchComposition(code: code, version: version))
    }

    /// Reads a version: its row, its components, its ingredients; nil when there is no such version.
    /// The latest version when `version` is nil; with `before`, the version before that one.
    static func fetchComposition(code: String, version: Int?, before: Bool = false) -> Fetch<FormulaComposition?> {
        let chosen: PostgresQuery =
            "coalesce(\(version), (SELECT max(version) FROM formula_version WHERE formula_code = \(code))) - \(before ? 1 : 0)"
        return Fetch.all(
            Fetch(
                """
                SELECT formula_code, version, name, indication, min_interval_days, created_at, created_by
                  FROM formula_version WHERE formula_code = \(code) AND version = \(chosen)
                """
            ) { $0.first },
            Fetch(
                """
                SELECT c.position, c.product_code, p.name AS product_name, c.volume_ml, p.vial_ml, p.single_use
                  FROM formula_component c JOIN product p ON p.code = c.product_code
                 WHERE c.formula_code = \(code) AND c.version = \(chosen)
                 ORDER BY c.position
                """
            ) { try $0.rows.map(FormulaComponent.init(row:)) },
            Fetch(
                """
                SELECT \(unsafeRaw: FormulaIngredient.columns)
                  FROM formula_component c
                  JOIN product_ingredient i ON i.product_code = c.product_code
                  JOIN compound co ON co.code = i.compound_code
                 WHERE c.formula_code = \(code) AND c.version = \(chosen)
                 ORDER BY c.position, i.compound_code
                """
            ) { try $0.rows.map(FormulaIngredient.init(row:)) }
        ).map { row, components, ingredients in
            try row.map { row in
                FormulaComposition(formula: try FormulaVersion(row: row, components: components), ingredients: ingredients)
            }
        }
    }
}
