import MesoCore
import PostgresClient
import PropertyBased

/// Valid labels over the whole AI table: an AI, the AIs GS1 requires with it (an alternative chosen
/// at random, none excluded by another), and for each a random value that its format and every
/// linter accept. Built from the Syntax Dictionary the parser reads, never from a list of AIs.
enum GS1LabelMaker {
    /// A reproducible random source for one label, from a generated seed.
    static func random(seed: UInt64) -> Xoshiro {
        Xoshiro(seed: (seed, seed ^ 0x9E37_79B9_7F4A_7C15, ~seed, seed &+ 0xD1B5_4A32_D192_ED03))
    }

    static let definitions = GS1SyntaxDictionary.definitions
    static let cset82 = Array("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
    static let cset39 = Array("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let cset64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// The AIs of a valid label around `target`, in an order to write them; nil if none can be made.
    static func elements(around target: GS1AIDefinition, withGTIN: Bool, _ random: inout Xoshiro) -> [GS1AIDefinition]? {
        var chosen = [target]
        if withGTIN, target.ai != "01", let gtin = GS1SyntaxDictionary.definition(of: "01"), compatible(gtin, with: chosen) { chosen.append(gtin) }
        var changed = true
        var rounds = 0
        while changed && rounds < 20 {
            changed = false
            rounds += 1
            for definition in chosen {
                for alternatives in definition.requirements where !satisfied(alternatives, in: chosen, besides: definition.ai) {
                    guard let group = pick(alternatives.shuffled(using: &random), chosen: chosen, &random) else { return nil }
                    chosen += group
                    changed = true
                }
            }
        }
        return rounds < 20 ? chosen.shuffled(using: &random) : nil
    }

    static func satisfied(_ alternatives: [[String]], in chosen: [GS1AIDefinition], besides ai: String) -> Bool {
        alternatives.contains { group in group.allSatisfy { pattern in chosen.contains { $0.ai != ai && matches($0.ai, pattern) } } }
    }

    /// The first alternative whose AIs (patterns made concrete) go with those chosen.
    static func pick(_ alternatives: [[String]], chosen: [GS1AIDefinition], _ random: inout Xoshiro) -> [GS1AIDefinition]? {
        for group in alternatives {
            var added: [GS1AIDefinition] = []
            for pattern in group where !chosen.contains(where: { matches($0.ai, pattern) }) {
                guard let concrete = definitions.filter({ matches($0.ai, pattern) }).randomElement(using: &random),
                    compatible(concrete, with: chosen + added)
                else { added = []; break }
                added.append(concrete)
            }
            if !added.isEmpty || group.allSatisfy({ pattern in chosen.contains { matches($0.ai, pattern) } }) { return added }
        }
        return nil
    }

    static func compatible(_ candidate: GS1AIDefinition, with chosen: [GS1AIDefinition]) -> Bool {
        chosen.allSatisfy { other in
            other.ai == candidate.ai
                || (!candidate.exclusions.contains { matches(other.ai, $0) } && !other.exclusions.contains { matches(candidate.ai, $0) })
        }
    }

    static func matches(_ ai: String, _ pattern: String) -> Bool {
        ai.count == pattern.count && zip(ai, pattern).allSatisfy { $1 == "n" || $0 == $1 }
    }

    /// A value every linter of the definition accepts; `serialised` keeps optional components (a
    /// digital signature needs the serial of (253), (255), (8003)).
    static func value(for definition: GS1AIDefinition, serialised: Bool, _ random: inout Xoshiro) -> String {
        var text = ""
        for component in definition.components {
            if component.optional && !serialised && Bool.random(using: &random) { break }
            text += part(component, &random)
        }
        return text
    }

    static func digits(_ count: Int, _ random: inout Xoshiro) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func part(_ component: GS1Component, _ random: inout Xoshiro) -> String {
        let linters = Set(component.linters)
        let length = Int.random(in: component.minimumLength...component.maximumLength, using: &random)
        func any(_ set: [Character], _ count: Int) -> String { String((0..<count).map { _ in set.randomElement(using: &random)! }) }
        func one(_ choices: [String]) -> String { choices.randomElement(using: &random)! }
        if linters.contains(.csumalpha) {
            let count = max(length, 7)
            let body = Array((digits(4, &random) + "A" + any(cset82, count - 7)).utf8)
            return String(decoding: body + GS1Linter.checkPair(of: body), as: UTF8.self)
        }
        if linters.contains(.csum) {
            let body = Array(digits(length - 1, &random).utf8)
            return String(decoding: body, as: UTF8.self) + String(GTIN.checkDigit(of: body))
        }
        if linters.contains(.yymmd0) || linters.contains(.yymmdd) || linters.contains(.yyyymmdd) {
            let month = Int.random(in: 1...12, using: &random)
            let day = linters.contains(.yymmd0) && Bool.random(using: &random) ? 0 : Int.random(in: 1...28, using: &random)
            let year = linters.contains(.yyyymmdd) ? String(Int.random(in: 1900...2099, using: &random)) : two(Int.random(in: 0...99, using: &random))
            return year + two(month) + two(day)
        }
        if linters.contains(.hhmi) { return two(Int.random(in: 0...23, using: &random)) + two(Int.random(in: 0...59, using: &random)) }
        if linters.contains(.hh) { return two(Int.random(in: 0...23, using: &random)) }
        if linters.contains(.mi) || linters.contains(.ss) { return two(Int.random(in: 0...59, using: &random)) }
        if linters.contains(.iso3166) { return one(["004", "250", "276", "380", "826", "840", "894"]) }
        if linters.contains(.iso3166999) { return one(["999", "250", "756"]) }
        if linters.contains(.iso3166alpha2) { return one(["FR", "DE", "GB", "IT", "ZW"]) }
        if linters.contains(.iso4217) { return one(["978", "840", "826", "756", "924"]) }
        if linters.contains(.iso5218) { return one(["0", "1", "2", "9"]) }
        if linters.contains(.yesno) { return one(["0", "1"]) }
        if linters.contains(.zero) { return "0" }
        if linters.contains(.winding) { return one(["0", "1", "9"]) }
        if linters.contains(.hyphen) { return "-" }
        if linters.contains(.nonzero) { return digits(length - 1, &random) + String(Int.random(in: 1...9, using: &random)) }
        if linters.contains(.nozeroprefix) { return String(Int.random(in: 1...9, using: &random)) + digits(length - 1, &random) }
        if linters.contains(.latitude) { return String(Int.random(in: 1_000_000_000...1_800_000_000, using: &random)) }
        if linters.contains(.longitude) { return String(Int.random(in: 1_000_000_000...3_600_000_000, using: &random)) }
        if linters.contains(.pieceoftotal) {
            let total = Int.random(in: 1...99, using: &random)
            return two(Int.random(in: 1...total, using: &random)) + two(total)
        }
        if linters.contains(.posinseqslash) {
            let end = Int.random(in: 1...9, using: &random)
            return "\(Int.random(in: 1...end, using: &random))/\(end)"
        }
        if linters.contains(.importeridx) { return any(cset64, 1) }
        if linters.contains(.packagetype) { return one(["BX", "CT", "1A", "200", "X11", "8", "PAE"]) }
        if linters.contains(.mediatype) { return one(["01", "05", "10", "80", "99"]) }
        if linters.contains(.iban) { return one(["FR7630006000011234567890189", "DE91100000000123456789", "GB98MIDL07009312345678"]) }
        if linters.contains(.couponcode) { return one(["012345612345611110123", "012345612345611110123101101239", "0123456123456111101233271231"]) }
        if linters.contains(.couponposoffer) { return one(["001234561234560123456", "0012345612345611234567"]) }
        let set: [Character] =
            switch component.characterSet {
            case .numeric: Array("0123456789")
            case .cset82: linters.contains(.pcenc) ? cset82.filter { $0 != "%" } : cset82
            case .cset39: cset39
            case .cset64: cset64
            }
        if linters.contains(.key) { return digits(4, &random) + any(set, max(0, length - 4)) }
        return any(set, length)
    }
}
