#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How a product's vials are drawn: whole and once (single-use), or across sessions within an
/// in-use period once punctured (multi-dose).
public enum VialKind: Sendable, Hashable {
    case singleUse(vialML: Decimal)
    case multiDose(vialML: Decimal)

    public var vialML: Decimal {
        switch self {
        case .singleUse(let ml), .multiDose(let ml): return ml
        }
    }
}

/// The vial a draw takes from.
public enum DrawnVial: Sendable, Hashable {
    /// An open vial of a multi-dose lot.
    case open(OpenVial)
    /// A sealed vial of a multi-dose lot, opened by this draw.
    case new
    /// This many whole single-use vials, opened and emptied by the session.
    case whole(Int)
}

/// One part of a component's plan: a lot, the vial it comes from, and how much.
public struct LotDraw: Sendable, Hashable {
    public let lot: StockLot
    public let vial: DrawnVial
    /// Taken out of the lot: the volume injected plus, for single-use vials, the opened remainder.
    public let drawnML: Decimal
    public let injectedML: Decimal
    /// The vials drawn had arrived by the session's time; false when they came with a receipt after it.
    public let arrivedByThen: Bool

    public init(lot: StockLot, vial: DrawnVial, drawnML: Decimal, injectedML: Decimal, arrivedByThen: Bool = true) {
        self.lot = lot
        self.vial = vial
        self.drawnML = drawnML
        self.injectedML = injectedML
        self.arrivedByThen = arrivedByThen
    }

    /// The unused remainder of opened single-use vials, written off as waste with the session.
    public var wasteML: Decimal { drawnML - injectedML }
}

/// How one product's volume for a session is taken from its lots and vials.
public struct ComponentPlan: Sendable, Hashable {
    public let productCode: String
    public let requiredML: Decimal
    public let draws: [LotDraw]
    /// What usable stock could not cover; zero when the plan is complete.
    public let shortfallML: Decimal

    public init(productCode: String, requiredML: Decimal, draws: [LotDraw], shortfallML: Decimal) {
        self.productCode = productCode
        self.requiredML = requiredML
        self.draws = draws
        self.shortfallML = shortfallML
    }

    public var isComplete: Bool { shortfallML == 0 }
    public var drawnML: Decimal { draws.reduce(0) { $0 + $1.drawnML } }
    public var injectedML: Decimal { draws.reduce(0) { $0 + $1.injectedML } }
}
