import MesoCore
import PostgresClient
import Testing

/// Element strings from gs1-syntax-engine's own unit tests (gs1/gs1-syntax-engine,
/// `src/c-lib/ai.c`: `test_ai_parseAIdata`, `test_ai_processAIdata`, `test_ai_linters`,
/// `test_ai_validateAIs`; `src/c-lib/scandata.c`: `test_scandata_processScanData`), with the
/// engine's verdict. In its notation `^` is FNC1, sent by a scanner as GS (ASCII 29).
///
/// Where meso answers differently, the case is kept with the reason: meso refuses AIs GS1 does not
/// define (the engine can be told to "vivify" them, as its (89) cases do), accepts a doubled GS
/// (an empty separator: some scanners send one) and a scan without FNC1 in first (keyboard-wedge scanners drop it),
/// and refuses plain data (`]d1`, `]Q1`), which is not a GS1 element string.
@Suite("GS1 element strings against gs1-syntax-engine's unit tests")
struct GS1EngineVectorTests {
    let today = CalendarDate(iso: "2026-11-25")!

    /// The engine's `^` notation turned into what a scanner sends.
    static func scanned(_ engine: String) -> String { engine.replacing("^", with: "\u{1D}") }

    func read(_ text: String, requisites: Bool = true) -> Result<GS1Message, MesoError> {
        Result { () throws(MesoError) in try GS1Message(parsing: text, today: today, requisites: requisites) }
    }

    func expect(_ cases: [(Bool, String)], requisites: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        for (valid, text) in cases {
            switch read(text, requisites: requisites) {
            case .success(let message):
                #expect(valid, "\(text.debugDescription) was read as \(message.bracketed)", sourceLocation: sourceLocation)
            case .failure(let error):
                #expect(!valid, "\(text.debugDescription): \(error.message)", sourceLocation: sourceLocation)
                #expect(error.field == "--gs1" && error.message.hasSuffix(".") && !error.message.contains("\u{1D}"), sourceLocation: sourceLocation)
            }
        }
    }

    @Test func bracketedInput() throws {  // ai.c test_ai_parseAIdata: input and the engine's data string
        let good: [(String, String)] = [
            ("(01)12345678901231", "^0112345678901231"), ("(10)12345", "^1012345"),
            ("(01)12345678901231(10)12345", "^01123456789012311012345"), ("(3100)123456(10)12345", "^31001234561012345"),
            ("(10)12345(11)991225", "^1012345^11991225"), ("(3900)12345(11)991225", "^390012345^11991225"),
            ("(10)12345\\(11)991225", "^1012345(11)991225"), ("(10)12345\\(", "^1012345("),
        ]
        for (text, data) in good {
            let message = try read(text, requisites: false).get()
            #expect(message.unbracketed == Self.scanned(String(data.dropFirst())), "\(text)")
            #expect(message.bracketed == text, "the bracketed form reads back as given")
        }
        expect([
            (false, "(10)(11)98765"), (false, "(10)12345(11)"), (false, "(1A)12345"), (false, "1(12345"), (false, "12345"),
            (false, "()12345"), (false, "(1)12345"), (false, "(12345)12345"), (false, "(15"), (false, "(1"), (false, "("),
            (false, "(01)123456789012312(10)12345"), (false, "(10)12345^"), (false, "(17)9(90)217"),
        ])
    }

    @Test func scannedInput() {  // ai.c test_ai_processAIdata, requisite checks off as there
        expect([
            (false, ""), (false, "^"), (false, "^891234"), (true, "^991234"), (false, "^99~ABC"), (false, "^99ABC~"),
            (true, "^0112345678901231"), (false, "^01A2345678901231"), (false, "^011234567890123A"), (false, "^0112345678901234"),
            (false, "^011234567890123"), (false, "^01123456789012312"), (true, "^0112345678901231^"), (false, "^011234567890123^"),
            (false, "^01123456789012345^"), (false, "^01123456789012345^991234"), (true, "^0112345678901231991234"),
            (true, "^0112345678901231^991234"), (true, "^2421"), (true, "^24212"), (true, "^242123456"), (true, "^242123456^10ABC123"),
            (true, "^242123456^"), (false, "^2421234567"), (true, "^81111234"), (false, "^8111123"), (false, "^811112345"),
            (true, "^81111234^10ABC123"), (true, "^800112341234512398"), (false, "^80011234123451239"), (false, "^8001123412345123981"),
            (true, "^800112341234512398^0112345678901231"), (false, "^80011234123451239^0112345678901231"),
            (false, "^8001123412345123981^01123456789012312"), (true, "^7007211225211231"), (true, "^7007211225"),
            (false, "^70072112252"), (false, "^700721122521"), (false, "^7007211225211"), (false, "^70072112252112"),
            (false, "^700721122521123"), (false, "^70072112252212311"), (true, "^800302112345678900ABC"),
            (false, "^800302112345678901ABC"), (true, "^800302112345678900"), (true, "^800302112345678900^10ABC123"),
            (true, "^800302112345678900ABCDEFGHIJKLMNOP"), (false, "^800302112345678900ABCDEFGHIJKLMNOPQ"),
            (true, "^7230121234567890123456789012345678"), (false, "^72301212345678901234567890123456789"), (true, "^7230123"),
            (false, "^723012"), (false, "^423"), (false, "^4235"), (false, "^42352"), (true, "^423528"), (false, "^4235285"),
            (false, "^42352852"), (true, "^423528528"), (true, "^423528528528"), (true, "^423528528528528"),
            (true, "^423528528528528528"), (false, "^4235285285285285285"),
        ].map { ($0.0, Self.scanned($0.1)) })
        // Differences: the engine needs FNC1 in first ("991234") and reads no doubled FNC1.
        expect([(true, "991234"), (true, Self.scanned("^0112345678901231^^991234"))])
    }

    @Test func lintersOnRealAIs() {  // ai.c test_ai_linters: GS1_LINTER_OK passes, any other code is refused
        expect([
            (true, "(00)123456789012345675"), (false, "(00)A23456789012345675"), (false, "(10) "), (false, "(8010)123456_"),
            (false, "(8013)123456ABOO"), (false, "(8030)ABC:123"), (false, "(8030)123="), (false, "(00)123456789012345670"),
            (false, "(8013)123456ABXX"), (false, "(8013)A"), (false, "(401)123"), (false, "(7023)12A4"), (false, "(7040)1AB="),
            (false, "(8001)12340000012311"), (false, "(8003)112345678901281234567890123456"), (false, "(8011)023456789012"),
            (false, "(4321)2"), (false, "(8001)12341234512321"), (false, "(426)987"), (false, "(7030)987ABC"), (false, "(4307)AA"),
            (false, "(3910)9870"), (false, "(8007)FR1234"), (false, "(8007)FR12_45678901234"), (false, "(8007)AB12345678901234"),
            (false, "(8007)FR12345678901234"), (false, "(4326)201300"), (false, "(4326)201200"), (false, "(4324)2012252400"),
            (false, "(4324)2012252360"), (false, "(8008)201225230060"), (false, "(8026)123456789012310099"),
            (false, "(8026)123456789012310100"), (false, "(8026)123456789012310302"), (false, "(4300)ABC%0g"),
            (false, "(8112)201234561234560123456"), (false, "(8112)0"), (false, "(8110)71234567890123"), (false, "(8110)012345"),
            (false, "(8110)01234561234561111012335006064500607"), (false, "(4309)18000000010000000000"),
            (false, "(4309)00000000003600000001"), (false, "(4330)000000X"), (true, "(01)95012345678903(3103)000123"),
            (false, "(01)95012345678902(3103)000123"), (false, "(01)95012345678903(11)131313"),
        ])
    }

    @Test func repeatsAndExclusions() {  // ai.c test_ai_validateAIs: validateAIrepeats, validateAImutex
        expect([
            (true, "(400)ABC"), (true, "(400)ABC(400)ABC"), (true, "(400)ABC(99)DEF(400)ABC"), (true, "(99)ABC(400)XYZ(400)XYZ"),
            (false, "(400)ABC(400)AB"), (false, "(400)ABC(400)ABCD"), (false, "(400)ABC(400)ABC(400)XYZ"),
            (false, "(400)ABC(400)XYZ(400)ABC"), (false, "(400)ABC(99)DEF(400)XYZ"), (false, "(99)ABC(400)ABC(400)XYZ"),
            (false, "(01)12345678901231(02)12345678901231"), (false, "(99)ABC123(01)12345678901231(02)12345678901231"),
            (false, "(01)12345678901231(255)5412345000150"), (false, "(01)12345678901231(37)123"), (false, "(21)ABC123(235)XYZ"),
            (false, "(3940)1234(8111)9999"), (false, "(3940)1234(3941)9999"), (false, "(3955)123456(3929)123"),
        ])
        // (89) is an AI GS1 does not define: the engine reads it only when told to; meso never does.
        expect([(false, "(89)ABC(89)ABC(89)ABC")])
    }

    @Test func requisites() {  // ai.c test_ai_validateAIs: validateAIrequisites, validateDigSigRequiresSerialisedKey
        expect(
            [
                (false, "(02)12345678901231"), (false, "(02)12345678901231(37)123"), (false, "(02)12345678901231(99)AAA(37)123"),
                (true, "(02)12345678901231(37)123(00)123456789012345675"),
                (true, "(91)XXX(02)12345678901231(92)YYY(37)123(93)ZZZ(00)123456789012345675"), (false, "(21)ABC123"),
                (true, "(21)ABC123(01)12345678901231"), (true, "(21)ABC123(8006)123456789012310510"),
                (false, "(01)12345678901231(250)ABC123"), (true, "(01)12345678901231(21)XYZ999(250)ABC123"),
                (false, "(01)12345678901231(3925)12599"), (true, "(01)12345678901231(3925)12599(30)123"),
                (true, "(01)12345678901231(3925)12599(3100)654321"), (true, "(01)12345678901231(3925)12599(3165)654321"),
                (true, "(01)12345678901231(3925)12599(3295)654321"), (true, "(01)12345678901231(3925)12599(3575)654321"),
                (true, "(01)12345678901231(3925)12599(3695)654321"), (false, "(8030)DIGSIG"),
                (true, "(8030)DIGSIG(00)123456789012345675"), (false, "(8030)DIGSIG(01)12345678901231"),
                (true, "(8030)DIGSIG(01)12345678901231(21)ABC123"), (true, "(8030)DIGSIG(253)1234567890128X"),
                (true, "(8030)DIGSIG(255)12345678901280"), (true, "(8030)DIGSIG(8003)01234567890128X"),
                (true, "(8030)DIGSIG(8004)01234567890"), (false, "(8030)DIGSIG(8006)123456789012310102"),
                (true, "(8030)DIGSIG(8006)123456789012310102(21)ABC123"), (false, "(8030)DIGSIG(8010)1234567890"),
                (true, "(8030)DIGSIG(8010)1234567890(8011)123456789012"), (true, "(8030)DIGSIG(8017)123456789012345675"),
                (true, "(253)1234567890128"), (false, "(253)1234567890128(8030)ABC123"), (true, "(253)1234567890128X(8030)ABC123"),
                (true, "(255)1234567890128"), (false, "(255)1234567890128(8030)ABC123"), (true, "(255)12345678901280(8030)ABC123"),
                (true, "(8003)01234567890128"), (false, "(8003)01234567890128(8030)ABC123"), (true, "(8003)01234567890128X(8030)ABC123"),
            ], requisites: true)
    }

    @Test func scanDataWithSymbologyIdentifiers() throws {  // scandata.c test_scandata_processScanData
        let gs = "\u{1D}"
        expect([
            (false, ""), (false, "ABC"), (false, "]"), (false, "]X"), (false, "]XX"), (false, "]e0"), (false, "]Q3"),
            (true, "]Q3011231231231233310ABC123" + gs + "99TESTING"), (false, "]d2"),
            (true, "]d2011231231231233310ABC123" + gs + "99TESTING"), (true, "]e0011231231231233310ABC123" + gs + "99TESTING"),
            (true, "]e0011231231231233310ABC123" + gs + "99TESTING" + gs + "98XYZ"),
            (true, "]e0011231231231233310ABC123" + gs + "1199122598TESTING" + gs + "97XYZ"), (false, "]C1"),
            (true, "]C1011231231231233310ABC123" + gs + "99TESTING"), (false, "]E0"), (false, "]E0123456789012"),
            (false, "]E012345678901234"), (false, "]E01234ABC890123"), (false, "]E02112345678901"), (true, "]E02112345678900"),
            (true, "]E02112345678900|]e099COMPOSITE" + gs + "98XYZ"), (false, "]E4"), (false, "]E41234567"), (false, "]E4123456789"),
            (false, "]E412ABC678"), (false, "]E402345674"), (true, "]E402345673"), (true, "]E402345673|]e099COMPOSITE" + gs + "98XYZ"),
            // Plain data is not a GS1 element string: the engine keeps it as such, meso refuses it.
            (false, "]Q1TESTING"), (false, "]d1TESTING"),
        ], requisites: true)
        #expect(try read("]E02112345678900").get().bracketed == "(01)02112345678900")
        #expect(try read("]E402345673|]e099COMPOSITE" + gs + "98XYZ").get().bracketed == "(01)00000002345673(99)COMPOSITE(98)XYZ")
    }
}
