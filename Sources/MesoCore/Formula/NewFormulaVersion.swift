#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A validated request for a formula version: version 1 of a new code, or version n+1 of an
/// existing one. A new version inherits every field it does not set (name, indication, minimum
/// interval, components) from the version before; a new code needs a name and components. Nothing
/// is written until every value here has passed.
public struct NewFormulaVersion: Sendable, Hashable {
    /// `PRODUCT:ML` as typed after `Field.component`: a product and its volume per session.
    public struct Component: Sendable, Hashable {
        public let productCode: String
        public let volumeML: Decimal

        /// Parses `PRODUCT:ML`, such as `LIDO-1-MD:0.5`.
        public init(_ text: String) throws(MesoError) {
            let field: Message = "\(.component)"
            guard let pair = try FieldText.codePair(text, field: field, upperCase: true) else {
                throw .invalid(field, "\(.component) must be PRODUCT:ML, such as HA-15-2:1.5 (got \"\(text)\").")
            }
            let volume: Millilitres
            do {
                volume = try Millilitres(pair.value, field: "the volume", maximum: maxComponentML)
            } catch {
                // Name the component: a formula has several and the user must see which one is wrong.
                throw .invalid(field, "\(.component) \(text): \(error.sentence)")
            }
            self.init(productCode: pair.code, volumeML: volume.value)
        }

        /// A component of a version already stored, carried into the next.
        init(productCode: String, volumeML: Decimal) {
            self.productCode = productCode
            self.volumeML = volumeML
        }
    }

    public static let defaultMinIntervalDays = 15
    /// What `formula_component.volume_ml` allows per product and session.
    public static let maxComponentML: Decimal = 50
    public static let maxComponents = 60

    public let code: String
    /// Nil: the previous version's.
    public let name: String?
    public let indication: String?
    public let minIntervalDays: Int?
    /// Empty: the previous version's.
    public let components: [Component]

    /// Checks what relates the components: at most `maxComponents`, each product once.
    public init(code: FormulaCode, name: Name?, indication: Note?, minIntervalDays: IntervalDays?, components: [Component])
        throws(MesoError)
    {
        self.code = code.text
        self.name = name?.text
        self.indication = indication?.text
        self.minIntervalDays = minIntervalDays?.value
        guard components.count <= Self.maxComponents else {
            throw .invalid("\(.component)", "A formula has at most \(Self.maxComponents) components.")
        }
        for (index, component) in components.enumerated()
        where components[..<index].contains(where: { $0.productCode == component.productCode }) {
            throw .invalid(
                "\(.component)",
                "\(.component) names \(component.productCode) twice; give each product once with its volume per session.")
        }
        self.components = components
    }
}
