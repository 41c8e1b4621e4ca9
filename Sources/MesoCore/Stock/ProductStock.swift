#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A product's stock: its lots holding anything, usable ones first in FEFO order (the order a
/// session draws their sealed vials), then the unusable ones with the reason, and the open vials
/// waiting to be discarded.
public struct ProductStock: Sendable, Hashable {
    public let productCode: String
    public let productName: String
    public let reorderML: Decimal
    /// What sessions may draw today: sealed and open vials the rule lets be drawn.
    public let usableML: Decimal
    /// Everything physically on hand, usable or not.
    public let onHandML: Decimal
    /// What open vials past their beyond-use day hold: never drawn, waiting to be discarded.
    public let toDiscardML: Decimal
    public let lots: [Lot]

    /// At or below the reorder point; a reorder point of 0 means the product is not reordered.
    public var isBelowReorder: Bool { reorderML > 0 && usableML <= reorderML }

    /// The open vials of the lots listed that wait to be discarded, with their lot.
    public var vialsToDiscard: [(lot: Lot, vial: OpenVial)] {
        lots.flatMap { lot in lot.vialsToDiscard.map { (lot, $0) } }
    }

    init(productCode: String, productName: String, reorderML: Decimal, lots: [Lot]) {
        let usable = lots.filter(\.usability.isUsable).sorted(by: Lot.fefoOrder)
        let unusable = lots.filter { !$0.usability.isUsable }.sorted(by: Lot.fefoOrder)
        self.productCode = productCode
        self.productName = productName
        self.reorderML = reorderML
        self.usableML = lots.reduce(0) { $0 + $1.usableML }
        self.onHandML = lots.reduce(0) { $0 + $1.onHandML }
        self.toDiscardML = lots.reduce(0) { $0 + $1.toDiscardML }
        self.lots = usable + unusable
    }

    private init(copying stock: ProductStock, lots: [Lot]) {
        self.productCode = stock.productCode
        self.productName = stock.productName
        self.reorderML = stock.reorderML
        self.usableML = stock.usableML
        self.onHandML = stock.onHandML
        self.toDiscardML = stock.toDiscardML
        self.lots = lots
    }

    /// The same product and totals, listing only the lots `keep` accepts.
    func listing(only keep: (Lot) -> Bool) -> ProductStock {
        ProductStock(copying: self, lots: lots.filter(keep))
    }
}
