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
    public struct Component: Sendable, Hashable {
        public let productCode: String
        public let volumeML: Decimal
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

    /// - Parameter components: `PRODUCT:ML` texts as typed after `Field.component`.
    public init(code: String, name: String?, components: [String], minIntervalDays: String?, indication: String?)
        throws(MesoError)
    {
        self.code = try FieldText.code(code, field: "CODE", upperCase: true)
        self.name = try name.map { text throws(MesoError) in try FieldText.name(text, field: "\(.name)") }
        self.indication = try indication.map { text throws(MesoError) in try FieldText.note(text, field: "\(.indication)") }
        self.minIntervalDays = try minIntervalDays.map { text throws(MesoError) in
            try FieldText.integer(text, field: "\(.minIntervalDays)", in: 1...365)
        }
        guard components.count <= Self.maxComponents else {
            throw .invalid("\(.component)", "A formula has at most \(Self.maxComponents) components.")
        }
        var parsed: [Component] = []
        for text in components {
            let component = try Self.component(text)
            if parsed.contains(where: { $0.productCode == component.productCode }) {
                throw .invalid(
                    "\(.component)",
                    "\(.component) names \(component.productCode) twice; give each product once with its volume per session.")
            }
            parsed.append(component)
        }
        self.components = parsed
    }

    /// Parses `PRODUCT:ML`, such as `LIDO-1-MD:0.5`.
    static func component(_ text: String) throws(MesoError) -> Component {
        let field: Message = "\(.component)"
        guard let pair = try FieldText.codePair(text, field: field, upperCase: true) else {
            throw .invalid(field, "\(.component) must be PRODUCT:ML, such as HA-15-2:1.5 (got \"\(text)\").")
        }
        let volume: Decimal
        do {
            volume = try FieldText.decimal(pair.value, field: "the volume", unit: "mL", maximum: maxComponentML)
        } catch {
            // Name the component: a formula has several and the user must see which one is wrong.
            throw .invalid(field, "\(.component) \(text): \(error.sentence)")
        }
        return Component(productCode: pair.code, volumeML: volume)
    }
}
