#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A validated `compound limit set`: mg per kg of body weight and an absolute cap in mg, for plain
/// solutions or for solutions with a vasoconstrictor.
public struct NewCompoundLimit: Sendable, Hashable {
    public static let maxMGPerKG: Decimal = 100
    public static let maxCapMG: Decimal = 10000

    public let compoundCode: CompoundCode
    public let mgPerKG: Decimal
    public let maxMG: Decimal
    public let withVasoconstrictor: Bool

    public init(compound: CompoundCode, mgPerKG: DoseAmount, maxMG: DoseAmount, withVasoconstrictor: Bool) {
        compoundCode = compound
        self.mgPerKG = mgPerKG.value
        self.maxMG = maxMG.value
        self.withVasoconstrictor = withVasoconstrictor
    }
}
