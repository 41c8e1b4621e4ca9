import Foundation
import MesoCore
import PostgresClient
import Testing

/// Element strings and decoded values from the Python library biip's tests (jodal/biip,
/// `tests/gs1_messages/test_messages.py` and `tests/gs1_messages/test_element_strings.py`).
/// biip parses without GS1's pairing rules, so these are read with `requisites: false`.
///
/// Where meso answers differently, the reason: biip does not check a GRAI's (8003) check digit;
/// biip keeps an element with a bad check digit and
/// reports it beside the value, meso refuses the label; biip reads the time 9999 of (4324) as "no
/// time", the Syntax Dictionary's `hhmi` linter refuses it and meso follows the dictionary; biip's
/// `parse_hri` refuses a string without brackets, meso reads it as the scanned form; biip names the
/// currency of (391n) "ZAR", meso keeps the ISO 4217 numeric code "710" the label carries.
@Suite("GS1 element strings against biip's tests")
struct GS1BiipVectorTests {
    let today = CalendarDate(iso: "2026-11-25")!
    let gs = "\u{1D}"

    func read(_ text: String) throws -> GS1Message { try GS1Message(parsing: text, today: today, requisites: false) }

    func decoded(_ text: String) throws -> GS1Value { try #require(try read(text).elements.first).decoded }

    func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    @Test func messagesAndSeparators() throws {  // test_messages.py
        let message = try read("010703206980498815210526100329")
        #expect(message.elements.map(\.ai) == ["01", "15", "10"])
        #expect(message.elements.map(\.value) == ["07032069804988", "210526", "0329"])
        #expect(message.element("15")?.decoded == .date(date("2021-05-26")))
        #expect(message.element("15")?.title == "BEST BEFORE or BEST BY")
        // biip reads this GRAI (8003); its 13-digit key's check digit should be 1, not 2, so GS1's
        // csum linter (and meso) refuse it.
        #expect(throws: MesoError.self) { try read("800307071324001022085952") }
        #expect(try read("800307071324001021085952").elements.map(\.value) == ["07071324001021085952"])
        let hri: [(String, String)] = [
            ("010703206980498815210526100329", "(01)07032069804988(15)210526(10)0329"),
            ("010703206980498810032915210526", "(01)07032069804988(10)032915210526"),
            ("0107032069804988100329" + gs + "15210526", "(01)07032069804988(10)0329(15)210526"),
            ("15210526100329" + gs, "(15)210526(10)0329"),
            ("15210526" + gs + "100329", "(15)210526(10)0329"),
            ("0107032069804988100329" + gs + gs + "15210526", "(01)07032069804988(10)0329(15)210526"),
            ("(17)221231", "(17)221231"), ("(10)123(17)221231", "(10)123(17)221231"), ("(17)221231(10)123", "(17)221231(10)123"),
            ("(01)07032069804988", "(01)07032069804988"), ("7230EM123" + gs + "7231EM456" + gs + "7232EM789", "(7230)EM123(7231)EM456(7232)EM789"),
        ]
        for (text, expected) in hri { #expect(try read(text).bracketed == expected, "\(text.debugDescription)") }
        #expect(try read("(10)123(17)221231").unbracketed == "10123" + gs + "17221231")
        #expect(try read("(17)221231(10)123").unbracketed == "1722123110123")
        #expect(try read("  \t 800307071324001021085952 \n  ").unbracketed == "800307071324001021085952")
        #expect(try read("  \t (17)221231 \n  ").unbracketed == "17221231")
        for bad in ["1022222222222222222222aaa", "701103020185", "", "(15)", "(1)15210526", "aaa(17)221231"] {
            #expect(throws: MesoError.self, "\(bad.debugDescription)") { try read(bad) }
        }
        #expect(try read("17221231").bracketed == "(17)221231", "biip's parse_hri refuses it; it is the scanned form")
    }

    @Test func elementsAndKeys() throws {  // test_element_strings.py test_extract, test_extract_with_nested_error
        #expect(try read("00373400306809981733").elements.first?.value == "373400306809981733")
        #expect(try read("4101234567890128").elements.first?.value == "1234567890128")
        #expect(try decoded("7011030102") == .date(date("2003-01-02")))
        #expect(try decoded("70110301021430") == .dateTime(GS1DateTimeTests.make("2003-01-02", 14, 30)))
        for bad in ["4101234567890127", "0107032069804987", "00376130321109103421", "01123", "3100123", "11120230", "15990229"] {
            #expect(throws: MesoError.self, "\(bad)") { try read(bad) }
        }
    }

    @Test func datesAndTimes() throws {  // test_extract_date_and_datetime, zero day, min and max year
        for (text, iso) in [("11030201", "2003-02-01"), ("12030201", "2003-02-01"), ("13030201", "2003-02-01"), ("15030201", "2003-02-01"),
                            ("16030201", "2003-02-01"), ("17030201", "2003-02-01"), ("4326070102", "2007-01-02"), ("7006030102", "2003-01-02"),
                            ("7007030102", "2003-01-02"), ("7011030102", "2003-01-02"), ("15200200", "2020-02-29"), ("15210200", "2021-02-28"),
                            ("17211200", "2021-12-31"), ("15260526", "2026-05-26"), ("15770526", "1977-05-26"), ("15760526", "2076-05-26")]
        {
            #expect(try decoded(text) == .date(date(iso)), "\(text)")
        }
        let times: [(String, GS1DateTime)] = [
            ("43240701021430", GS1DateTimeTests.make("2007-01-02", 14, 30)), ("43250701021430", GS1DateTimeTests.make("2007-01-02", 14, 30)),
            ("70030701021415", GS1DateTimeTests.make("2007-01-02", 14, 15)), ("70110301021430", GS1DateTimeTests.make("2003-01-02", 14, 30)),
            ("800800010214", GS1DateTimeTests.make("2000-01-02", 14, 0)), ("80080001021415", GS1DateTimeTests.make("2000-01-02", 14, 15)),
            ("8008000102141516", GS1DateTimeTests.make("2000-01-02", 14, 15, 16)),
        ]
        for (text, expected) in times { #expect(try decoded(text) == .dateTime(expected), "\(text)") }
        // biip reads 9999 as "no time"; the dictionary's hhmi linter refuses hour 99.
        #expect(throws: MesoError.self) { try read("43240701029999") }
    }

    @Test func measuresAmountsAndPercentages() throws {  // test_extract_variable_measures, amount payable, percentage
        let measures: [(String, String, String)] = [
            ("3105123456", "1.23456", "kg"), ("3114123456", "12.3456", "m"), ("3123123456", "123.456", "m"), ("3132123456", "1234.56", "m"),
            ("3141123456", "12345.6", "m²"), ("3150123456", "123456", "l"), ("3161123456", "12345.6", "m³"), ("3661123456", "12345.6", "yd³"),
            ("3302023456", "234.56", "kg"), ("3313023456", "23.456", "m"), ("3324023456", "2.3456", "m"), ("3335023456", "0.23456", "m"),
            ("3344023456", "2.3456", "m²"), ("3353023456", "23.456", "l"), ("3362023456", "234.56", "m³"), ("3691123456", "12345.6", "yd³"),
            ("3372123456", "1234.56", "kg/m²"),
        ]
        for (text, number, unit) in measures {
            #expect(try decoded(text) == .measure(Decimal(string: number)!, unit: unit), "\(text)")
        }
        for (text, number) in [("3901123", "12.3"), ("3901123456", "12345.6"), ("3903123456789012345", "123456789012.345"),
                               ("3909123456789012345", "123456.789012345"), ("3921123", "12.3"), ("3929123456789012345", "123456.789012345")]
        {
            #expect(try decoded(text) == .amount(Decimal(string: number)!, currency: nil), "\(text)")
        }
        for (text, currency, number) in [("39127101230", "710", "12.30"), ("39117101230", "710", "123.0"), ("391097812301", "978", "12301"),
                                         ("39327101230", "710", "12.30"), ("393097812301", "978", "12301")]
        {
            #expect(try decoded(text) == .amount(Decimal(string: number)!, currency: currency), "\(text)")
        }
        #expect(try decoded("39400010") == .percent(10))
        #expect(try decoded("39410055") == .percent(Decimal(string: "5.5")!))
    }
}

enum GS1DateTimeTests {
    static func make(_ iso: String, _ hour: Int, _ minute: Int, _ second: Int? = nil) -> GS1DateTime {
        GS1DateTime(date: CalendarDate(iso: iso)!, hour: hour, minute: minute, second: second)
    }
}
