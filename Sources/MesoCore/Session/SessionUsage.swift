#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// What a session took from one lot: the volume injected and, for single-use vials, the opened
/// remainder written off as waste.
public struct SessionUsage: Sendable, Hashable {
    public let lotID: Int64
    public let productCode: String
    public let productName: String
    public let lotNumber: String
    public let expiry: CalendarDate
    public let volumeML: Decimal
    public let wasteML: Decimal

    init(
        lotID: Int64, productCode: String, productName: String, lotNumber: String, expiry: CalendarDate,
        volumeML: Decimal, wasteML: Decimal
    ) {
        self.lotID = lotID
        self.productCode = productCode
        self.productName = productName
        self.lotNumber = lotNumber
        self.expiry = expiry
        self.volumeML = volumeML
        self.wasteML = wasteML
    }

    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            lotID: try row.decode("lot_id"), productCode: try row.decode("product_code"),
            productName: try row.decode("product_name"), lotNumber: try row.decode("lot_number"),
            expiry: try row.decode("expiry"), volumeML: try row.decode("volume_ml"), wasteML: try row.decode("waste_ml"))
    }
}
