import Foundation
import MesoCore
import PostgresClient
import PropertyBased
import Testing

@Suite("GS1 element strings and GTINs")
struct GS1ElementStringTests {
    let today = CalendarDate(iso: "2026-11-25")!
    let gs = "\u{1D}"

    func parse(_ text: String, today: CalendarDate? = nil) throws -> GS1ElementString {
        try GS1ElementString(parsing: text, today: today ?? self.today)
    }

    /// The sentence a bad string is refused with; fails the test when it is accepted.
    func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            let parsed = try parse(text)
            Issue.record("accepted \(text.debugDescription) as \(parsed)", sourceLocation: sourceLocation)
            return ""
        } catch let error as MesoError {
            #expect(error.kind == .invalidInput, sourceLocation: sourceLocation)
            #expect(error.field == "--gs1", sourceLocation: sourceLocation)
            return error.message
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    @Test func bracketedFormGivesProductExpiryLotAndSerial() throws {
        let scan = try parse("(01)09520107000013(17)271130(10)AB12C(21)SN-0042")
        #expect(scan.gtin.digits == "09520107000013")
        #expect(scan.expiry == CalendarDate(iso: "2027-11-30"))
        #expect(scan.lotNumber == "AB12C")
        #expect(scan.serial == "SN-0042")
    }

    @Test func rawFormWithSeparatorsAndSymbologyIdentifiers() throws {
        let body = "0109520107000013" + "17271130" + "10AB12C" + gs + "21SN1"
        for prefix in ["", "]d2", "]C1", "]Q3", gs, "]d2" + gs] {
            let scan = try parse(prefix + body)
            #expect(scan.gtin.digits == "09520107000013", "prefix \(prefix.debugDescription)")
            #expect(scan.expiry == CalendarDate(iso: "2027-11-30"))
            #expect(scan.lotNumber == "AB12C")
            #expect(scan.serial == "SN1")
        }
        // Variable fields may come first, ended by GS; a GS after a fixed field is tolerated.
        let reordered = try parse("10LOT-7/A" + gs + "0109520107000013" + gs + "17270200")
        #expect(reordered.lotNumber == "LOT-7/A")
        #expect(reordered.expiry == CalendarDate(iso: "2027-02-28"))
        #expect(reordered.serial == nil)
    }

    @Test func dayZeroIsTheLastDayOfTheMonth() throws {
        #expect(try parse("(01)09520107000013(17)280200").expiry == CalendarDate(iso: "2028-02-29"))
        #expect(try parse("(01)09520107000013(17)270200").expiry == CalendarDate(iso: "2027-02-28"))
        #expect(try parse("(01)09520107000013(17)270400").expiry == CalendarDate(iso: "2027-04-30"))
        #expect(try parse("(01)09520107000013(17)271200").expiry == CalendarDate(iso: "2027-12-31"))
    }

    @Test func centuryFollowsTheSlidingWindow() throws {
        // Today 2026: up to 50 years ahead stays in this century, 51 ahead is the previous one.
        #expect(try parse("(01)09520107000013(17)760101").expiry?.year == 2076)
        #expect(try parse("(01)09520107000013(17)770101").expiry?.year == 1977)
        #expect(try parse("(01)09520107000013(17)000101").expiry?.year == 2000)
        // Late in a century, a small YY is the next one.
        let late = CalendarDate(iso: "2080-06-01")!
        #expect(try parse("(01)09520107000013(17)300101", today: late).expiry?.year == 2130)
        #expect(try parse("(01)09520107000013(17)310101", today: late).expiry?.year == 2031)
    }

    @Test func lotsAndSerialsKeepGS1Punctuation() throws {
        let scan = try parse("(01)09520107000013(10)a!\"%&'*+,-./:;<=>?_Z(21)x\\(y)")
        #expect(scan.lotNumber == "a!\"%&'*+,-./:;<=>?_Z")
        #expect(scan.serial == "x(y)", "a \\( in the bracketed form is a ( of the value")
        #expect(scan.message.bracketed == "(01)09520107000013(10)a!\"%&'*+,-./:;<=>?_Z(21)x\\(y)")
        #expect(try parse("0109520107000013" + "21x(y)").serial == "x(y)", "the scanned form needs no escape")
        // As in GS1's engine, an unescaped ( always opens an AI.
        #expect(refusal("(01)09520107000013(21)x(y)").contains("(AI)value"))
    }

    @Test func everyAIGS1DefinesIsRead() throws {
        let label = "(01)09520107000013(17)271130(10)AB12C(21)SN-0042(11)260301(15)270531(30)12(7003)2711301430(714)AIC-12345"
        let scan = try parse(label)
        #expect(scan.gtin.digits == "09520107000013")
        #expect(scan.expiry == CalendarDate(iso: "2027-11-30"), "(17) is the expiry")
        #expect(scan.lotNumber == "AB12C" && scan.serial == "SN-0042")
        #expect(scan.elements.map(\.ai) == ["01", "17", "10", "21", "11", "15", "30", "7003", "714"])
        #expect(scan.message.element("11")?.decoded == .date(CalendarDate(iso: "2026-03-01")!))
        #expect(scan.message.element("15")?.decoded == .date(CalendarDate(iso: "2027-05-31")!))
        #expect(scan.message.element("30")?.decoded == .count(12))
        #expect(scan.message.element("714")?.decoded == .text("AIC-12345"))
        #expect(scan.message.element("714")?.title == "NHRN AIM")
        #expect(scan.expiryTime == GS1DateTime(date: CalendarDate(iso: "2027-11-30")!, hour: 14, minute: 30, second: nil))
        #expect(scan.message.bracketed == label)
        #expect(
            scan.message.unbracketed == "0109520107000013" + "17271130" + "10AB12C" + gs + "21SN-0042" + gs + "11260301" + "15270531"
                + "3012" + gs + "70032711301430" + gs + "714AIC-12345")
        // The same label scanned (DataMatrix, FNC1, a GS after a predefined-length value, a doubled GS) reads the same.
        let scanned = try parse(
            "\r\n]d2" + gs + "0109520107000013" + gs + "17271130" + "10AB12C" + gs + gs + "21SN-0042" + gs + "1126030115270531"
                + "3012" + gs + "70032711301430" + gs + "714AIC-12345" + gs + " \t")
        #expect(scanned == scan)
        #expect(try parse(scan.message.unbracketed) == scan)
    }

    @Test func bestBeforeAndExpiryTimeAreNotTheExpiry() throws {
        let bestBefore = try parse("(01)09520107000013(15)270531(10)A")
        #expect(bestBefore.expiry == nil)
        let timed = try parse("(01)09520107000013(7003)2711302359(10)A")
        #expect(timed.expiry == nil)
        #expect(timed.expiryTime?.description == "2027-11-30T23:59")
        // (17) may say "the month's end" with day 00; (7003) may not.
        #expect(refusal("(01)09520107000013(7003)2711002359").contains("not a real date"))
    }

    @Test func unknownApplicationIdentifiersAreRefused() {
        #expect(refusal("(01)09520107000013(89)260101(10)A").contains("(89)"))
        #expect(refusal("(01)09520107000013(236)X").contains("(236)"))
        #expect(refusal("0109520107000013" + "8912345").contains("(89…)"))
        #expect(refusal("0109520107000013" + "2361").contains("(236)"))
    }

    @Test func pairingRulesAndRepeats() throws {
        #expect(refusal("(01)09520107000013(02)09520107000013").contains("both the AI (02) CONTENT and the GTIN (01)"))
        #expect(refusal("(01)09520107000013(250)X").contains("AI (250) SECONDARY SERIAL without what GS1 requires with it: (21)"))
        #expect(refusal("(01)09520107000013(3103)000500(3102)001000").contains("both"))
        #expect(refusal("(01)09520107000013(10)A(10)B").contains("more than once, with different values (A and B)"))
        #expect(try parse("(01)09520107000013(10)A(17)271130(10)A").elements.map(\.ai) == ["01", "10", "17"])
        #expect(try parse("0109520107000013" + "0109520107000013").gtin.digits == "09520107000013")
        #expect(refusal("(17)271130(10)A").contains("no GTIN"))
        #expect(refusal("(00)123456789012345675").contains("no GTIN (01)"), "a valid GS1 label, but no product")
    }

    @Test func messagesNameTheAIAndTheFault() {
        #expect(refusal("(01)09520107000014") == "--gs1: the GTIN (01) 09520107000014 has a wrong check digit: it should be 3.")
        #expect(
            refusal("(01)09520107000013(3103)12345")
                == "--gs1 is truncated: the AI (3103) NET WEIGHT (kg) needs exactly 6 digits and has 5.")
        #expect(refusal("(01)09520107000013(17)271341") == "--gs1: the expiry (17) 271341 is not a real date (YYMMDD): there is no month 13.")
        #expect(refusal("(01)09520107000013(422)999") == "--gs1: the AI (422) ORIGIN 999 is not an ISO 3166 country code.")
        #expect(refusal("(01)09520107000013(7003)2711302460").contains("its part 2460 is not a real time (HHMM): there is no hour 24"))
        #expect(refusal("(01)09520107000013\u{1D}(10)A").contains("<GS>"))
        #expect(refusal("0109520107000013\u{01}10A").contains("<U+0001>"))
        #expect(refusal("0109520107000013 10A").contains("space"))
        #expect(refusal("0109520107000013\t10A").contains("<U+0009>"))
    }

    @Test func truncatedAndOverlongFieldsAreRefused() {
        #expect(refusal("(01)0952010700001").contains("truncated"))
        #expect(refusal("(01)095201070000133").contains("exactly 14"))
        #expect(refusal("(01)09520107000013(17)2711").contains("truncated"))
        #expect(refusal("01095201070000").contains("truncated"))
        #expect(refusal("0109520107000013172711" + gs + "10A").contains("truncated"))
        #expect(refusal("(01)09520107000013(10)ABCDEFGHIJKLMNOPQRSTU").contains("longer than 20"))
        #expect(refusal("0109520107000013" + "10ABCDEFGHIJKLMNOPQRSTU").contains("GS"))
        #expect(refusal("(01)09520107000013(10)").contains("empty"))
        #expect(refusal("0109520107000013" + "10" + gs + "17271130").contains("empty"))
    }

    @Test func malformedValuesAreRefused() {
        #expect(refusal("(01)09520107000014").contains("check digit"))
        #expect(refusal("(01)0952010700001X").contains("digits"))
        #expect(refusal("(01)09520107000013(17)271301").contains("not a real date"))
        #expect(refusal("(01)09520107000013(17)270431").contains("not a real date"))
        #expect(refusal("(01)09520107000013(17)270229").contains("not a real date"))
        #expect(refusal("(01)09520107000013(10)A B").contains("does not allow"))
        #expect(refusal("(01)09520107000013(10)lot\u{E9}").contains("does not allow"))
        #expect(refusal("]d1(01)09520107000013").contains("symbology"))
        #expect(refusal("").contains("empty"))
        #expect(refusal("-01952").contains("application identifier"))
        #expect(refusal("hello").contains("application identifier"))
        #expect(refusal("(1)09520107000013").contains("(AI)value"))
    }

    @Test func gtinCheckDigitAndShortForms() throws {
        // catalog-facts' example 03401234567893 has a wrong check digit; the right one is 0.
        #expect(throws: MesoError.self) { try GTIN("03401234567893", field: "--gtin") }
        #expect(try GTIN("03401234567890", field: "--gtin").digits == "03401234567890")
        // EAN-13, UPC-A and EAN-8 are written as GTIN-14.
        #expect(try GTIN("4006381333931", field: "--gtin").digits == "04006381333931")
        #expect(try GTIN("036000291452", field: "--gtin").digits == "00036000291452")
        #expect(try GTIN("96385074", field: "--gtin").digits == "00000096385074")
        for bad in ["", "123", "0952010700001300", "0952010700001a", "09520107000014"] {
            #expect(throws: MesoError.self, "\(bad)") { try GTIN(bad, field: "--gtin") }
        }
        do {
            _ = try GTIN("03401234567893", field: "--gtin")
        } catch {
            #expect(error.field == "--gtin")
            #expect(error.message == "--gtin 03401234567893 has a wrong check digit: the last digit should be 0.")
        }
    }

    // MARK: Properties

    static let gtinBody = Gen.number.string(of: 13)
    static func gtin(_ body: String) -> String {
        body + String(GTIN.checkDigit(of: Array(body.utf8)))
    }

    /// Both spellings, the AIs in any order, any scanner prefix (symbology identifier, FNC1), a GS
    /// after fixed-length fields or not, lots and serials from the whole GS1 character set ("(" too
    /// in the scanned form), any expiry including day 00.
    @Test func anyWellFormedStringReadsBack() async {
        await propertyCheck(count: 300, input: GS1Label.generator(today: today)) { label in
            let scan = try #require(try? parse(label.text), "\(label)")
            #expect(label.matches(scan), "\(label) read as \(scan)")
        }
    }

    @Test func everySingleDigitErrorInAGTINIsCaught() async {
        await propertyCheck(input: Self.gtinBody, Gen.int(in: 0...13), Gen.int(in: 1...9)) { body, position, shift in
            var digits = Array(Self.gtin(body).utf8)
            digits[position] = UInt8(ascii: "0") + (digits[position] - UInt8(ascii: "0") + UInt8(shift)) % 10
            let mistyped = String(decoding: digits, as: UTF8.self)
            #expect(throws: MesoError.self) { try GTIN(mistyped, field: "--gtin") }
            #expect(throws: MesoError.self) { try parse("01" + mistyped) }
        }
    }

    @Test func centuryWindowStaysWithinFiftyYears() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 1901...9899), Gen.int(in: 0...99)) { year, yy in
            let now = CalendarDate(year: year, month: 6, day: 15)!
            let resolved = GS1ElementString.centuryWindow(twoDigitYear: yy, today: now)
            #expect(resolved % 100 == yy)
            #expect((year - 49)...(year + 50) ~= resolved)
        }
    }

    @Test func arbitraryTextIsReadOrRefusedWithASentenceNeverCrashes() async {
        let alphabet = Array("0123456789()]dCQ1723AB-\u{1D} x")
        await propertyCheck(count: 500, input: Gen<Character?>.element(of: alphabet).map { $0! }.string(of: 0...40)) {
            text in
            do {
                _ = try parse(text)
            } catch let error as MesoError {
                #expect(error.kind == .invalidInput)
                #expect(error.message.hasSuffix("."))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
