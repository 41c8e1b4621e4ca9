/// The AI table, read from GS1's Syntax Dictionary (`SyntaxDictionary/gs1-syntax-dictionary.txt`,
/// embedded in the binary) once, on first use: commands that read no GS1 label never parse it.
public enum GS1SyntaxDictionary {
    /// Every AI the dictionary defines, ranges ("3100-3105") expanded, in the dictionary's order.
    public static var definitions: [GS1AIDefinition] { table.ordered }

    /// The definition of `ai` ("01", "3103"), if GS1 defines it.
    public static func definition(of ai: String) -> GS1AIDefinition? { table.byAI[ai] }

    /// How many digits every AI starting with these two digits has (2, 3 or 4), or nil when none does.
    static func aiLength(prefix first: UInt8, _ second: UInt8) -> Int? {
        let length = table.lengthByPrefix[Int(first - UInt8(ascii: "0")) * 10 + Int(second - UInt8(ascii: "0"))]
        return length == 0 ? nil : length
    }

    struct Table: Sendable {
        let ordered: [GS1AIDefinition]
        let byAI: [String: GS1AIDefinition]
        let lengthByPrefix: [Int]
    }

    /// Parsed lazily and once (a static stored property), from the embedded bytes.
    static let table: Table = {
        let text = String(decoding: PackageResources.gs1_syntax_dictionary_txt, as: UTF8.self)
        switch Result(catching: { () throws(ParseError) -> Table in try parse(text) }) {
        case .success(let table): return table
        case .failure(let error): preconditionFailure("The embedded GS1 Syntax Dictionary does not parse: \(error.reason)")
        }
    }()

    struct ParseError: Error { let reason: String }

    /// The dictionary's line grammar: `AIs [Flags] Specification [Attributes...] [# Title]`.
    static func parse(_ text: String) throws(ParseError) -> Table {
        var ordered: [GS1AIDefinition] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let (body, title) = splitTitle(line)
            let tokens = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = tokens.first else { continue }
            var index = 1
            var flags = ""
            if index < tokens.count, tokens[index].allSatisfy(isFlag) {
                flags = tokens[index]
                index += 1
            }
            var components: [GS1Component] = []
            while index < tokens.count, !tokens[index].contains("="), tokens[index] != "dlpkey" {
                components.append(try component(tokens[index], line: line))
                index += 1
            }
            var requirements: [[[String]]] = []
            var exclusions: [String] = []
            for attribute in tokens[index...] {
                if attribute.hasPrefix("req=") {
                    requirements.append(
                        attribute.dropFirst(4).split(separator: ",").map { $0.split(separator: "+").map(String.init) })
                } else if attribute.hasPrefix("ex=") {
                    exclusions += attribute.dropFirst(3).split(separator: ",").map(String.init)
                }
            }
            guard !components.isEmpty else { throw ParseError(reason: "no components in \(line)") }
            for ai in try expand(first) {
                ordered.append(
                    GS1AIDefinition(
                        ai: ai, title: title, predefinedLength: flags.contains("*"),
                        digitalLinkAttribute: flags.contains("?"), components: components,
                        requirements: requirements, exclusions: exclusions))
            }
        }
        var byAI: [String: GS1AIDefinition] = [:]
        var lengthByPrefix = Array(repeating: 0, count: 100)
        for definition in ordered {
            let digits = Array(definition.ai.utf8)
            let prefix = Int(digits[0] - UInt8(ascii: "0")) * 10 + Int(digits[1] - UInt8(ascii: "0"))
            guard lengthByPrefix[prefix] == 0 || lengthByPrefix[prefix] == digits.count, byAI[definition.ai] == nil else {
                throw ParseError(reason: "AI \(definition.ai) clashes with another entry")
            }
            lengthByPrefix[prefix] = digits.count
            byAI[definition.ai] = definition
        }
        return Table(ordered: ordered, byAI: byAI, lengthByPrefix: lengthByPrefix)
    }

    static func splitTitle(_ line: Substring) -> (Substring, String) {
        guard let hash = line.firstIndex(of: "#") else { return (line, "") }
        let title = line[line.index(after: hash)...].trimmingSpaces
        return (line[..<hash], title)
    }

    static func isFlag(_ character: Character) -> Bool {
        "*?!\"$%&'()+,-./:;<=>@[\\]^_`{|}~".contains(character)
    }

    /// "01" → ["01"]; "3100-3105" → ["3100", ..., "3105"].
    static func expand(_ token: String) throws(ParseError) -> [String] {
        let ends = token.split(separator: "-").map(String.init)
        guard (1...2).contains(ends.count), ends.allSatisfy({ (2...4).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
            let low = Int(ends[0]), let high = Int(ends[ends.count - 1]), low <= high
        else { throw ParseError(reason: "bad AI \(token)") }
        let width = ends[0].count
        return (low...high).map { number in
            let digits = String(number)
            return String(repeating: "0", count: width - digits.count) + digits
        }
    }

    /// `N6,yymmd0`, `X..20`, `[N4],hhmi`, `[X..17]`.
    static func component(_ token: String, line: Substring) throws(ParseError) -> GS1Component {
        var parts = token.split(separator: ",").map(String.init)
        var type = parts.removeFirst()
        let optional = type.hasPrefix("[") && type.hasSuffix("]")
        if optional { type = String(type.dropFirst().dropLast()) }
        guard let set = type.first.flatMap(GS1CharacterSet.init(rawValue:)) else {
            throw ParseError(reason: "bad component \(token) in \(line)")
        }
        let length = type.dropFirst()
        let variable = length.hasPrefix("..")
        guard let maximum = Int(variable ? length.dropFirst(2) : length), maximum > 0 else {
            throw ParseError(reason: "bad length in \(token)")
        }
        var linters: [GS1Linter] = []
        for name in parts {
            guard let linter = GS1Linter(rawValue: name) else {
                throw ParseError(reason: "the linter \(name) of \(line) is not implemented")
            }
            linters.append(linter)
        }
        return GS1Component(
            characterSet: set, minimumLength: variable ? 1 : maximum, maximumLength: maximum, optional: optional,
            linters: linters)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
