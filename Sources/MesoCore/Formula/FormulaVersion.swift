#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One immutable version of a cocktail: changing a formula writes version n+1, and a session
/// records the version it used.
public struct FormulaVersion: Sendable, Hashable {
    public let code: String
    public let version: Int
    public let name: String
    public let indication: String?
    /// The fewest days between two sessions of this formula for one patient.
    public let minIntervalDays: Int
    public let createdAt: Timestamp
    public let createdBy: String
    public let components: [FormulaComponent]

    public init(
        code: String, version: Int, name: String, indication: String? = nil, minIntervalDays: Int = 15,
        createdAt: Timestamp, createdBy: String, components: [FormulaComponent]
    ) {
        self.code = code
        self.version = version
        self.name = name
        self.indication = indication
        self.minIntervalDays = minIntervalDays
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.components = components
    }

    /// Decodes a `formula_version` row (columns formula_code, version, name, indication,
    /// min_interval_days, created_at, created_by) with the components that belong to it.
    init(row: PostgresRow, components: [FormulaComponent]) throws(PostgresError) {
        self.init(
            code: try row.decode("formula_code"), version: try row.decode("version"), name: try row.decode("name"),
            indication: try row.decode("indication"), minIntervalDays: try row.decode("min_interval_days"),
            createdAt: try row.decode("created_at"), createdBy: try row.decode("created_by"), components: components)
    }
}

/// A product and the volume of it injected per session.
public struct FormulaComponent: Sendable, Hashable {
    public let position: Int
    public let productCode: String
    public let productName: String
    public let volumeML: Decimal
    public let vialML: Decimal
    /// Single-use vials are drawn whole; the opened remainder is waste.
    public let singleUse: Bool

    public init(
        position: Int, productCode: String, productName: String, volumeML: Decimal, vialML: Decimal, singleUse: Bool
    ) {
        self.position = position
        self.productCode = productCode
        self.productName = productName
        self.volumeML = volumeML
        self.vialML = vialML
        self.singleUse = singleUse
    }

    /// Decodes a row with position, product_code, product_name, volume_ml, vial_ml, single_use.
    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            position: try row.decode("position"), productCode: try row.decode("product_code"),
            productName: try row.decode("product_name"), volumeML: try row.decode("volume_ml"),
            vialML: try row.decode("vial_ml"), singleUse: try row.decode("single_use"))
    }
}
