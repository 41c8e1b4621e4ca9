import MesoCore

// Test-only: MesoCore's typed values written as string literals in tests (`SessionRequest(patient:
// "MRN-0006", formula: "REVIT-FACE")`), or made of strings a test read. A text the value refuses
// stops the test run with the refusal: tests that mean to see a refusal build the value with its
// throwing initialiser. This file is compiled into the test targets alone, never into meso or
// MesoCore.

extension CheckedText {
    /// The value of `text`, which a test knows to be valid (a literal, or a value read from the
    /// database); traps naming the refusal otherwise.
    public init(test text: String) {
        do {
            try self.init(text, field: "test value")
        } catch {
            fatalError("test value \"\(text)\" is refused: \(error)")
        }
    }

    public init(stringLiteral text: String) { self.init(test: text) }
}

extension MRN: ExpressibleByStringLiteral {}
extension ProductCode: ExpressibleByStringLiteral {}
extension CompoundCode: ExpressibleByStringLiteral {}
extension AllergenGroupCode: ExpressibleByStringLiteral {}
extension FormulaCode: ExpressibleByStringLiteral {}
extension LotNumber: ExpressibleByStringLiteral {}
extension Name: ExpressibleByStringLiteral {}
extension Note: ExpressibleByStringLiteral {}

/// `PRODUCT:LOT`.
extension LotRef: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        do {
            try self.init(text, field: "test value")
        } catch {
            fatalError("test value \"\(text)\" is refused: \(error)")
        }
    }

    /// The lot a test names by its product code and lot number (a literal, or values it read).
    public init(product: String, lot: String) {
        self.init(product: ProductCode(test: product), lot: LotNumber(test: lot))
    }
}

extension Millilitres {
    /// A volume a test knows to be valid; traps naming the refusal otherwise.
    public init(test text: String) {
        do {
            try self.init(text, field: "test value", maximum: 1_000_000, allowZero: true)
        } catch {
            fatalError("test value \"\(text)\" is refused: \(error)")
        }
    }
}
