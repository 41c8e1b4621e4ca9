import Foundation
import MesoCore
import PostgresClient
import PropertyBased
import Testing
import TestSupport

/// Well-formed GS1 labels (both spellings, any AI order, any scanner prefix) damaged one character
/// at a time, as a smudged print or a misread scan would: meso never crashes, refuses with one
/// sentence about `--gs1`, or reads fields that are themselves well-formed.
///
/// "Reads the same fields or refuses" cannot hold for every mutation: a lot or a date has no check
/// digit, so `AB12` with a character dropped is the valid lot `AB1`. What must hold is sharper where
/// meso can know: a cut inside the GTIN or the expiry, any changed GTIN digit, and any change to
/// the bracketed GTIN and its AI are always refused; a change that alters nothing (spaces around
/// it, a leading FNC1) reads the same fields.
@Suite("Reliability: GS1 element strings mutated")
struct ReliabilityGS1PropertyTests {
    let today = CalendarDate(iso: "2026-11-25")!

    enum Mutation: Int, CaseIterable {
        case drop, insert, replace, truncate
    }

    /// What a mutation may put in: the GS1 characters, separators, brackets, and what is not GS1.
    static let characters = Array(GS1Label.set82) + ["\u{1D}", " ", "]", "é", "€", "\t"]

    static func parse(_ text: String, today: CalendarDate) throws -> GS1ElementString {
        try GS1ElementString(parsing: text, today: today)
    }

    /// The fields written back in the scanned form, which reads unambiguously whatever they hold.
    static func rewritten(_ scan: GS1ElementString) -> String {
        var text = "01" + scan.gtin.digits
        if let expiry = scan.expiry {
            text += "17" + GS1Label.two(expiry.year % 100) + GS1Label.two(expiry.month) + GS1Label.two(expiry.day)
        }
        if let lot = scan.lotNumber { text += "10" + lot + GS1Label.groupSeparator }
        if let serial = scan.serial { text += "21" + serial }
        return text
    }

    @Test func anyMutationIsReadWellFormedOrRefusedWithASentence() async {
        var tally = (read: 0, refused: 0, mustRefuse: 0)
        await propertyCheck(
            count: ReliabilityLoad.pick(1500, soak: 50_000),
            input: GS1Label.generator(today: today), Gen.int(in: 0...3), Gen.int(in: 0...10_000),
            Gen<Character?>.element(of: Self.characters).map { $0! }
        ) { label, kindNumber, rawPosition, character in
            let (text, fixed) = label.written
            var characters = Array(text)
            let kind = Mutation(rawValue: kindNumber)!
            let position = rawPosition % (characters.count + (kind == .insert ? 1 : 0))
            let original = position < characters.count ? characters[position] : nil
            // Inserting a character next to the same one gives one string from two places: judge the
            // insertion at the leftmost ("((01)" is a "(" added to the value before "(01)").
            var leftmost = position
            while kind == .insert && leftmost > 0 && characters[leftmost - 1] == character { leftmost -= 1 }
            switch kind {
            case .drop: characters.remove(at: position)
            case .insert: characters.insert(character, at: position)
            case .replace: characters[position] = character
            case .truncate: characters.removeSubrange(position...)
            }
            let mutated = String(characters)

            // Where meso can know the label is damaged, it must refuse it.
            let gtin = fixed["01"]!
            let inFixedValue = fixed.values.contains { $0.contains(position) }
            // A character replaced by itself, or a space or tab added at either end (trimmed, as a
            // scanner's padding), changes nothing.
            let changed =
                (kind != .replace || original != character)
                && !(kind == .insert && (character == " " || character == "\t") && (position == 0 || position == text.count))
            let mustRefuse =
                (kind == .truncate && inFixedValue)
                || (kind == .replace && changed && gtin.contains(position))
                || (label.bracketed && changed
                    && (kind == .insert ? (gtin.lowerBound - 3)...gtin.upperBound ~= leftmost
                        : (gtin.lowerBound - 4)..<gtin.upperBound ~= position))
            if mustRefuse { tally.mustRefuse += 1 }

            do {
                let scan = try Self.parse(mutated, today: today)
                tally.read += 1
                #expect(!mustRefuse, "\(kind) at \(position) of \(label) with \(character.debugDescription): read as \(scan)")
                // Whatever is read is well-formed, and reads back the same when written again.
                let digits = Array(scan.gtin.digits.utf8)
                #expect(digits.count == 14 && GTIN.checkDigit(of: digits.prefix(13)) == digits[13] - UInt8(ascii: "0"))
                for value in [scan.lotNumber, scan.serial].compactMap({ $0 }) {
                    #expect((1...20).contains(value.count) && value.allSatisfy(GS1Label.set82.contains), "\(value.debugDescription)")
                }
                let again = try Self.parse(Self.rewritten(scan), today: today)
                #expect(
                    again.gtin == scan.gtin && again.expiry == scan.expiry && again.lotNumber == scan.lotNumber
                        && again.serial == scan.serial, "\(mutated.debugDescription)")
                #expect(try Self.parse(scan.message.unbracketed, today: today) == scan, "\(mutated.debugDescription)")
                #expect(try Self.parse(scan.message.bracketed, today: today) == scan, "\(mutated.debugDescription)")
            } catch let error as MesoError {
                tally.refused += 1
                #expect(error.kind == .invalidInput && error.field == "--gs1", "\(error)")
                #expect(error.message.hasSuffix(".") && !error.message.contains("\n"), "\(error.message)")
            } catch {
                Issue.record("\(mutated.debugDescription): unexpected \(error)")
            }
        }
        ReliabilityLoad.report(
            "GS1 mutations",
            "\(tally.read + tally.refused) mutated labels: \(tally.refused) refused with a sentence, \(tally.read) read as well-formed fields, \(tally.mustRefuse) that meso can tell are damaged: all refused")
    }

    @Test func whatChangesNothingReadsTheSameFields() async {
        await propertyCheck(count: ReliabilityLoad.pick(300, soak: 10_000), input: GS1Label.generator(today: today)) { label in
            var unchanged = ["  " + label.text + " "]
            if !label.bracketed && label.prefix.isEmpty { unchanged.append(GS1Label.groupSeparator + label.text) }
            for text in unchanged {
                let scan = try #require(try? Self.parse(text, today: today), "\(text.debugDescription)")
                #expect(label.matches(scan), "\(text.debugDescription) read as \(scan)")
            }
        }
    }
}
