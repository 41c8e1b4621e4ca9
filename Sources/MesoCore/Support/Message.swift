/// A sentence for the user that may name inputs by their `Field` key (`"\(.lot) \(choice) is named
/// twice."`); whoever shows it names each field as the user gave it (`rendered(naming:)`).
public struct Message: Sendable, Hashable, ExpressibleByStringInterpolation {
    enum Part: Sendable, Hashable {
        case text(String)
        case field(Field)
    }

    var parts: [Part]

    public init(stringLiteral value: String) {
        parts = [.text(value)]
    }

    /// A sentence that names no field.
    public init(_ text: String) {
        parts = [.text(text)]
    }

    public init(stringInterpolation: Interpolation) {
        parts = stringInterpolation.parts
    }

    /// The sentence, each field named by `name`.
    public func rendered(naming name: (Field) -> String) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .text(let piece): text += piece
            case .field(let field): text += name(field)
            }
        }
        return text
    }

    /// The fields the sentence names, in order.
    public var fields: [Field] {
        parts.compactMap { if case .field(let field) = $0 { field } else { nil } }
    }

    /// Messages one after the other, `separator` between them.
    public static func joined(_ messages: [Message], separator: String) -> Message {
        var result = Message(stringLiteral: "")
        result.parts = []
        for (index, message) in messages.enumerated() {
            if index > 0 { result.parts.append(.text(separator)) }
            result.parts += message.parts
        }
        return result
    }

    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            if case .text(let last)? = parts.last {
                parts[parts.count - 1] = .text(last + literal)
            } else {
                parts.append(.text(literal))
            }
        }

        public mutating func appendInterpolation(_ field: Field) {
            parts.append(.field(field))
        }

        public mutating func appendInterpolation(_ message: Message) {
            for part in message.parts {
                if case .text(let text) = part { appendLiteral(text) } else { parts.append(part) }
            }
        }

        public mutating func appendInterpolation<Value>(_ value: Value) {
            appendLiteral(String(describing: value))
        }
    }
}

extension DefaultStringInterpolation {
    /// A message names its fields only once rendered: it is never interpolated into a plain string.
    @available(*, deprecated, message: "render the message (rendered(naming:)) or build a Message")
    public mutating func appendInterpolation(_ message: Message) { appendLiteral(message.rendered(naming: Field.byKey)) }
}

extension DefaultStringInterpolation {
    /// A field is named by whoever shows the message: it is never interpolated into a plain string.
    @available(*, deprecated, message: "interpolate the field into a Message")
    public mutating func appendInterpolation(_ field: Field) { appendLiteral(Field.byKey(field)) }
}
