#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A product's stock: its lots holding anything, usable ones first in FEFO order (the order a
/// session draws them), then the unusable ones with the reason.
public struct ProductStock: Sendable, Hashable {
    public let productCode: String
    public let productName: String
    public let reorderML: Decimal
    /// What sessions may draw today: released, unexpired lots.
    public let usableML: Decimal
    /// Everything physically on hand, usable or not.
    public let onHandML: Decimal
    public let lots: [Lot]

    /// At or below the reorder point; a reorder point of 0 means the product is not reordered.
    public var isBelowReorder: Bool { reorderML > 0 && usableML <= reorderML }

    init(productCode: String, productName: String, reorderML: Decimal, lots: [Lot]) {
        let usable = lots.filter(\.usability.isUsable).sorted { StockLot.fefoOrder($0.stockLot, $1.stockLot) }
        let unusable = lots.filter { !$0.usability.isUsable }.sorted { StockLot.fefoOrder($0.stockLot, $1.stockLot) }
        self.productCode = productCode
        self.productName = productName
        self.reorderML = reorderML
        self.usableML = usable.reduce(0) { $0 + $1.onHandML }
        self.onHandML = lots.reduce(0) { $0 + $1.onHandML }
        self.lots = usable + unusable
    }

    private init(copying stock: ProductStock, lots: [Lot]) {
        self.productCode = stock.productCode
        self.productName = stock.productName
        self.reorderML = stock.reorderML
        self.usableML = stock.usableML
        self.onHandML = stock.onHandML
        self.lots = lots
    }

    /// The same product and totals, listing only the lots `keep` accepts.
    func listing(only keep: (Lot) -> Bool) -> ProductStock {
        ProductStock(copying: self, lots: lots.filter(keep))
    }
}
