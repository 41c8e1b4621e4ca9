/// How a product's vials are used once opened: single-use vials are drawn once and their remainder
/// written off; a punctured multi-dose vial may be drawn again for its in-use period (28 days unless
/// its label says otherwise: USP <797>, CDC injection-safety guidance).
public struct VialUse: Sendable, Hashable {
    /// The in-use period of a preserved multi-dose vial unless its label says otherwise.
    public static let defaultInUseDays = 28

    /// The longest in-use period accepted: a year is already far beyond any label.
    public static let longestInUseDays = 365

    public let singleUse: Bool
    /// Days a punctured multi-dose vial may be drawn from; nil for a single-use product.
    public let inUseDays: Int?

    /// - Parameter inUseDays: `Field.inUseDays` as typed, for a multi-dose product only (default 28).
    public init(singleUse: Bool, inUseDays: String?) throws(MesoError) {
        self.singleUse = singleUse
        if singleUse {
            guard inUseDays == nil else {
                throw .invalid(
                    "\(.inUseDays)",
                    "\(.inUseDays) is for a multi-dose product (\(.multiDose)): a single-use vial is never drawn again once opened.")
            }
            self.inUseDays = nil
        } else {
            self.inUseDays = try inUseDays.map { text throws(MesoError) in
                try FieldText.integer(text, field: "\(.inUseDays)", in: 1...Self.longestInUseDays)
            } ?? Self.defaultInUseDays
        }
    }
}
