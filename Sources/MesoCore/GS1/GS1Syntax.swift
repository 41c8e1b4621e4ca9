/// One application identifier as GS1's Syntax Dictionary defines it: its format (components, each
/// with a character set, a length and linters), whether its length is predefined (no GS needed after
/// it), the AIs it requires and excludes, and its title.
public struct GS1AIDefinition: Sendable, Hashable {
    /// The AI's digits, "01", "3103", "7003".
    public let ai: String
    /// The dictionary's title, "USE BY or EXPIRY", "NET WEIGHT (kg)"; empty where it gives none.
    public let title: String
    /// Flag `*`: a predefined-length AI, never followed by a GS.
    public let predefinedLength: Bool
    /// Flag `?`: may be a GS1 Digital Link URI data attribute.
    public let digitalLinkAttribute: Bool
    public let components: [GS1Component]
    /// Each `req=` attribute: one of its alternatives must be present, an alternative being a group
    /// of AIs or patterns that must all be present (`req=01+21,02` is [[01, 21], [02]]).
    public let requirements: [[[String]]]
    /// The `ex=` AIs and patterns ("310n", "31nn") that may not appear with this AI.
    public let exclusions: [String]

    /// The fewest and most characters the value may have.
    public var minimumLength: Int { components.reduce(0) { $0 + ($1.optional ? 0 : $1.minimumLength) } }
    public var maximumLength: Int { components.reduce(0) { $0 + $1.maximumLength } }
}

/// A part of an AI's value: `N6,yymmd0` (six digits, a date), `X..20` (up to 20 characters of
/// CSET 82), `[N4],hhmi` (an optional four-digit time).
public struct GS1Component: Sendable, Hashable {
    public let characterSet: GS1CharacterSet
    public let minimumLength: Int
    public let maximumLength: Int
    public let optional: Bool
    public let linters: [GS1Linter]
}

/// The character sets of GS1 AI values.
public enum GS1CharacterSet: Character, Sendable, Hashable {
    /// Digits.
    case numeric = "N"
    /// CSET 82: letters, digits and !"%&'()*+,-./:;<=>?_
    case cset82 = "X"
    /// CSET 39: upper-case letters, digits and #-/
    case cset39 = "Y"
    /// CSET 64: the URI-safe base64 alphabet, optionally padded with =.
    case cset64 = "Z"

    var name: String {
        switch self {
        case .numeric: return "digits"
        case .cset82: return "letters, digits and !\"%&'()*+,-./:;<=>?_"
        case .cset39: return "upper-case letters, digits and #-/"
        case .cset64: return "letters, digits, - and _ (base64url)"
        }
    }

    /// The linter GS1's engine runs first on every component of this set.
    var linter: GS1Linter {
        switch self {
        case .numeric: return .csetnumeric
        case .cset82: return .cset82
        case .cset39: return .cset39
        case .cset64: return .cset64
        }
    }
}

extension GS1AIDefinition {
    /// Whether `other` matches this AI's `pattern`: digits compare, each trailing `n` is any digit,
    /// and the lengths agree ("310n" matches "3103", not "31030").
    static func matches(_ other: String, pattern: String) -> Bool {
        guard other.utf8.count == pattern.utf8.count else { return false }
        for (character, wanted) in zip(other.utf8, pattern.utf8) where wanted != UInt8(ascii: "n") {
            guard character == wanted else { return false }
        }
        return true
    }
}
