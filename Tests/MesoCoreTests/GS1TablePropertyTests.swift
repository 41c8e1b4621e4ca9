import MesoCore
import PostgresClient
import PropertyBased
import Testing
import TestSupport

/// Property tests over the whole AI table of GS1's Syntax Dictionary: labels built around every AI
/// (with the AIs it requires, none it excludes, values obeying every linter), written bracketed or
/// scanned (symbology identifiers, FNC1, GS where needed and where redundant, doubled GS, CR LF),
/// read back as the same elements; then damaged, and refused or read as the elements they now spell.
@Suite("GS1 labels over the whole AI table")
struct GS1TablePropertyTests {
    let today = CalendarDate(iso: "2026-11-25")!
    static let gs = "\u{1D}"

    struct Label: CustomStringConvertible {
        let elements: [(definition: GS1AIDefinition, value: String)]
        let text: String
        var description: String { text.debugDescription }
    }

    static func write(_ elements: [(definition: GS1AIDefinition, value: String)], bracketed: Bool, _ random: inout Xoshiro) -> String {
        if bracketed {
            return elements.map { "(\($0.definition.ai))" + $0.value.replacing("(", with: "\\(") }.joined()
        }
        var text = ["", "]d2", "]C1", "]e0", "]Q3", "]J1"].randomElement(using: &random)! + (Bool.random(using: &random) ? gs : "")
        for (index, element) in elements.enumerated() {
            text += element.definition.ai + element.value
            guard index < elements.count - 1 else { break }
            if !element.definition.predefinedLength || Int.random(in: 0...3, using: &random) == 0 { text += gs }
            if Int.random(in: 0...5, using: &random) == 0 { text += gs }
        }
        return text + ["", "", "\r\n", " ", gs].randomElement(using: &random)!
    }

    static func label(around target: GS1AIDefinition, seed: UInt64) -> Label? {
        var random = GS1LabelMaker.random(seed: seed)
        // With a GTIN (01) where the AI and what it requires allow one, so meso's reading is tested too.
        let withGTIN = Bool.random(using: &random) || seed % 3 != 0
        guard let definitions = GS1LabelMaker.elements(around: target, withGTIN: withGTIN, &random)
                ?? GS1LabelMaker.elements(around: target, withGTIN: false, &random)
        else { return nil }
        let signed = definitions.contains { $0.ai == "8030" }
        let elements = definitions.map {
            (definition: $0, value: GS1LabelMaker.value(for: $0, serialised: signed && ["253", "255", "8003"].contains($0.ai), &random))
        }
        return Label(elements: elements, text: write(elements, bracketed: Bool.random(using: &random), &random))
    }

    func read(_ text: String) throws(MesoError) -> GS1Message { try GS1Message(parsing: text, today: today) }

    func readsBack(_ label: Label, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let message = try read(label.text)
            #expect(message.elements.map(\.ai) == label.elements.map(\.definition.ai), "\(label)", sourceLocation: sourceLocation)
            #expect(message.elements.map(\.value) == label.elements.map(\.value), "\(label)", sourceLocation: sourceLocation)
            #expect(try read(message.unbracketed) == message && read(message.bracketed) == message, sourceLocation: sourceLocation)
            let hasGTIN = label.elements.contains { $0.definition.ai == "01" }
            do {
                let scan = try GS1ElementString(parsing: label.text, today: today)
                #expect(hasGTIN && scan.message == message, sourceLocation: sourceLocation)
            } catch {
                #expect(!hasGTIN && error.message.contains("no GTIN (01)"), "\(label): \(error.message)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(label) refused: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyAIOfTheDictionaryReadsBack() {
        let definitions = GS1LabelMaker.definitions
        #expect(definitions.count > 500, "the table has every AI, ranges expanded")
        var built = 0
        for (index, definition) in definitions.enumerated() {
            for seed in 0..<4 {
                guard let label = Self.label(around: definition, seed: UInt64(index * 4 + seed)) else { continue }
                built += 1
                readsBack(label)
            }
        }
        #expect(built == definitions.count * 4, "a valid label exists around every AI")
    }

    @Test func randomLabelsReadBack() async {
        await propertyCheck(count: ReliabilityLoad.pick(1000, soak: 30_000), input: Gen.int(in: 0...Int.max)) { seed in
            let definitions = GS1LabelMaker.definitions
            let label = try #require(Self.label(around: definitions[seed % definitions.count], seed: UInt64(seed)))
            readsBack(label)
        }
    }

    @Test func damagedLabelsAreRefusedOrReadAsWhatTheySpell() async {
        var tally = (read: 0, refused: 0)
        let characters = Array("0123456789()\\ABZaz-%/\u{1D} é\t")
        await propertyCheck(count: ReliabilityLoad.pick(2000, soak: 50_000), input: Gen.int(in: 0...Int.max)) { seed in
            let definitions = GS1LabelMaker.definitions
            let label = try #require(Self.label(around: definitions[seed % definitions.count], seed: UInt64(seed)))
            var random = GS1LabelMaker.random(seed: ~UInt64(seed))
            var text = Array(label.text)
            let position = Int.random(in: 0..<text.count, using: &random)
            switch Int.random(in: 0...4, using: &random) {
            case 0: text.remove(at: position)
            case 1: text.insert(characters.randomElement(using: &random)!, at: position)
            case 2: text[position] = characters.randomElement(using: &random)!
            case 3: if let gs = text.firstIndex(of: "\u{1D}") { text.remove(at: gs) }
            default:
                // Two elements swapped: the same elements, in another order.
                guard label.elements.count > 1 else { return }
                var elements = label.elements
                let first = Int.random(in: 0..<(elements.count - 1), using: &random)
                elements.swapAt(first, first + 1)
                let swapped = Self.write(elements, bracketed: Bool.random(using: &random), &random)
                let message = try read(swapped)
                #expect(message.elements.map(\.ai) == elements.map(\.definition.ai), "\(swapped.debugDescription)")
                #expect(message.elements.map(\.value) == elements.map(\.value), "\(swapped.debugDescription)")
                return
            }
            let mutated = String(text)
            do throws(MesoError) {
                let message = try read(mutated)
                tally.read += 1
                #expect(try read(message.unbracketed) == message, "\(mutated.debugDescription)")
                #expect(try read(message.bracketed) == message, "\(mutated.debugDescription)")
            } catch {
                tally.refused += 1
                #expect(error.kind == .invalidInput && error.field == "--gs1", "\(error)")
                #expect(error.message.hasSuffix(".") && !error.message.contains("\n") && !error.message.contains("\u{1D}"), "\(error.message)")
            }
        }
        ReliabilityLoad.report(
            "GS1 table mutations",
            "\(tally.read + tally.refused) damaged labels over the whole AI table: \(tally.refused) refused with a sentence, \(tally.read) read as the elements they spell (canonical forms read back the same)")
    }
}
