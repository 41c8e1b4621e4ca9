import Foundation
import MesoCore
import PostgresClient
import PropertyBased
import Testing
import TestSupport

/// The normal form PostgreSQL gives medication names (`meso_medication_words`, Schema/0014) and the
/// matcher that reads it, on generated text: any text comes out in normal form and stays there; the
/// spellings a clinic types (case, accents, harakat, tatweel, letter variants, full-width letters)
/// come out the same; and every bleeding-risk term of the seeded vocabulary is found whatever stands
/// around it, with Arabic clitics attached, and not when a negation stands before it.
@Suite("Medication names: normal form and matching")
struct MedicationWordsPropertyTests {
    static let shared = Result { () throws -> (TestDatabase, MedicationVocabulary) in
        let database = try TestDatabase.seeded("medication_words")
        let terms = try VocabularyService(connection: try database.connect(), actor: try Actor("test")).list().map(\.term)
        return (database, MedicationVocabulary(terms))
    }

    let connection: PostgresConnection
    let vocabulary: MedicationVocabulary

    init() throws {
        let (database, vocabulary) = try Self.shared.get()
        connection = try database.connect()
        self.vocabulary = vocabulary
    }

    func words(_ text: String) throws -> String {
        try connection.query("SELECT meso_medication_words(\(text)) AS w").rows[0].decode("w")
    }

    static func text(_ alphabet: [Character], length: ClosedRange<Int>) -> Generator<String, some SendableSequenceType> {
        Gen<Character?>.element(of: alphabet).map { $0! }.array(of: length).map { String($0) }
    }

    /// Latin and Arabic letters with their variants and marks, digits of both scripts, punctuation,
    /// spaces of several kinds, invisible characters and compatibility forms.
    static let anything: [Character] = Array(
        "aAbBeEiIoOsSzZéÉèçÇœŒßøØ" + "ابتسرينهولكفأإآةىئؤ" + "\u{064E}\u{0650}\u{0651}\u{0652}\u{0640}"
            + "09٠٩" + " -.,;:()/'’+%®™" + "\u{00A0}\u{200B}\u{200F}\u{3000}" + "ＡｓﬁﺍﻷﺳＥ" + "\u{0301}\u{0308}")

    @Test func anyTextComesOutInNormalFormAndStaysThere() async throws {
        let forbidden = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZأإآةىـ".unicodeScalars.map(\.value))
        await propertyCheck(count: ReliabilityLoad.pick(300, soak: 5_000), input: Self.text(Self.anything, length: 0...24)) {
            text in
            let normal = try words(text)
            #expect(try words(normal) == normal, "\(text.debugDescription) gave \(normal.debugDescription)")
            #expect(!normal.hasPrefix(" ") && !normal.hasSuffix(" ") && !normal.contains("  "), "\(normal.debugDescription)")
            #expect(!normal.hasPrefix(",") && !normal.hasSuffix(","), "\(normal.debugDescription)")
            let tokens = normal.split(separator: " ", omittingEmptySubsequences: false)
            #expect(normal.isEmpty || tokens.allSatisfy { !$0.isEmpty && ($0 == "," || !$0.contains(",")) })
            for scalar in normal.unicodeScalars {
                let combining = scalar.properties.generalCategory == .nonspacingMark
                #expect(!combining && !forbidden.contains(scalar.value), "\(text.debugDescription) kept \(scalar)")
            }
        }
    }

    /// A plain spelling and its variants: upper case, full-width letters, accents precomposed or
    /// combining, hamza forms of alef, ة for a final ه, ى for ي, harakat and tatweel between letters.
    @Test func theSpellingsOfOneNameHaveTheSameWords() async throws {
        let plain = Array("abcdeimnorsuz" + "ابتسرينهولكف" + " -")
        await propertyCheck(
            count: ReliabilityLoad.pick(300, soak: 5_000), input: Self.text(plain, length: 1...20), Gen.int(in: 0...Int(Int32.max))
        ) { base, seed in
            var variant = ""
            var choice = seed
            for character in base {
                choice = (choice &* 1_103_515_245 &+ 12_345) & 0x7fff_ffff
                let pick = choice % 4
                switch character {
                case "a"..."z":
                    let scalar = character.unicodeScalars.first!
                    if pick == 0 { variant += character.uppercased() }
                    else if pick == 1 { variant.unicodeScalars.append(Unicode.Scalar(scalar.value - 0x61 + 0xFF41)!) }
                    else if pick == 2 { variant += String(character) + "\u{0301}" }
                    else { variant += String(character) }
                case "ا":
                    variant += ["أ", "إ", "آ", "ا"][pick]
                case "ي":
                    variant += pick < 2 ? "ى" : "ي"
                case "ه":
                    variant += pick < 2 ? "ة" : "ه"
                case " ", "-":
                    variant += pick == 0 ? "\u{00A0}" : String(character)
                default:
                    variant += String(character) + ["\u{064E}", "\u{0640}", "\u{0651}", ""][pick]
                }
            }
            let (spelt, plain) = (try words(variant), try words(base))
            #expect(spelt == plain, "\(base.debugDescription) spelt \(variant.debugDescription)")
        }
    }

    /// Words a record may hold around a name that name nothing themselves.
    static let context = ["daily", "100 mg", "le matin", "يوميا", "Xyzaprin", "2 cp", "+", "(générique)", "depuis 2019"]
    static let clitics = ["و", "ف", "ب", "ل", "ك", "وال", "بال", "فال", "لل", "ال", "وبال"]

    @Test func everyBleedingRiskTermIsFoundWhateverStandsAroundIt() async throws {
        let risks = vocabulary.terms.filter(\.medicationClass.isBleedingRisk)
        await propertyCheck(
            count: ReliabilityLoad.pick(400, soak: 10_000), input: Gen<VocabularyTerm?>.element(of: risks).map { $0! },
            Gen<String?>.element(of: Self.context).map { $0! }, Gen<String?>.element(of: Self.context).map { $0! },
            Gen<String?>.element(of: Self.clitics).map { $0! }
        ) { term, before, after, clitic in
            // Arabic words take a clitic, unless they already carry the article.
            let arabic = term.words.unicodeScalars.first.map { (0x0600...0x06FF).contains($0.value) } ?? false
            let written = arabic && !term.words.hasPrefix("ال") ? clitic + term.term : term.term
            let reading = MedicationMatcher.read(try words("\(before) \(written) \(after)"), in: vocabulary)
            #expect(
                reading.risks.contains { $0.term.substance == term.substance && !$0.topical },
                "\(before) \(written) \(after): \(reading.mentions.map(\.term.term))")

            for negation in ["sans", "no", "بدون", "without any"] {
                let negated = MedicationMatcher.read(try words("\(negation) \(term.term)"), in: vocabulary)
                #expect(
                    !negated.risks.contains { $0.term.substance == term.substance }, "\(negation) \(term.term): \(negated.mentions)")
            }
        }
    }
}
