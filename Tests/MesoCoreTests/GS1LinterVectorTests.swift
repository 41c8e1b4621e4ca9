import MesoCore
import PostgresClient
import Testing

/// GS1's reference linters, checked against the unit tests of gs1-syntax-engine
/// (gs1/gs1-syntax-engine, `src/c-lib/syntax/lint_<name>.c`, the `UNIT_TEST_PASS` / `UNIT_TEST_FAIL`
/// tables): a nil code is a pass, otherwise the engine's error name without `GS1_LINTER_`.
@Suite("GS1 linters against gs1-syntax-engine's unit tests")
struct GS1LinterVectorTests {
    let today = CalendarDate(iso: "2026-11-25")!

    func check(_ linter: GS1Linter, _ cases: [(String, String?)], sourceLocation: SourceLocation = #_sourceLocation) {
        for (value, code) in cases {
            let fault = linter.fault(in: Array(value.utf8), today: today)
            #expect(fault?.code == code, "\(linter) \(value.debugDescription): \(fault?.problem ?? "passed")", sourceLocation: sourceLocation)
            if let fault { #expect(!fault.problem.isEmpty && !fault.problem.hasSuffix("."), sourceLocation: sourceLocation) }
        }
    }

    @Test func checkDigits() {  // lint_csum.c
        check(.csum, [
            ("", "TOO_SHORT_FOR_CHECK_DIGIT"), ("02345673", nil), ("12345673", "INCORRECT_CHECK_DIGIT"), ("416000336108", nil),
            ("416000336109", "INCORRECT_CHECK_DIGIT"), ("1234567890128", nil), ("1234567890129", "INCORRECT_CHECK_DIGIT"),
            ("12345678901231", nil), ("12345678901232", "INCORRECT_CHECK_DIGIT"), ("123456789012345675", nil),
            ("123456789012345670", "INCORRECT_CHECK_DIGIT"), (" 23456789012345675", "NON_DIGIT_CHARACTER"),
            ("12345678 012345675", "NON_DIGIT_CHARACTER"), ("12345678901234567 ", "NON_DIGIT_CHARACTER"),
        ])
    }

    @Test func checkCharacterPairs() {  // lint_csumalpha.c
        check(.csumalpha, [
            ("", "TOO_SHORT_FOR_CHECK_PAIR"), ("2", "TOO_SHORT_FOR_CHECK_PAIR"), ("22", nil), ("33", "INCORRECT_CHECK_PAIR"),
            ("!22", nil), ("!!22", nil), ("1987654Ad4X4bL5ttr2310c2K", nil), ("1987654Ad4X4bL5ttr2310cXK", "INCORRECT_CHECK_PAIR"),
            ("1987654Ad4X4bL5ttr2310c2X", "INCORRECT_CHECK_PAIR"), ("12345678901234567890123NT", nil), ("12345_ABCDEFGHIJKLMCP", nil),
            ("12345_NOPQRSTUVWXYZDN", nil), ("12345_abcdefghijklmN3", nil), ("12345_nopqrstuvwxyzP2", nil),
            ("12345_!\"%&'()*+,-./LC", nil), ("12345_0123456789:;<=>?62", nil), ("7907665Bm8v2AB", nil), ("97850l6KZm0yCD", nil),
            ("225803106GSpEF", nil), ("149512464PM+GH", nil), ("62577B8fRG7HJK", nil), ("515942070CYxLM", nil),
            ("390800494sP6NP", nil), ("386830132uO+QR", nil), ("53395376X1:nST", nil), ("957813138Sb6UV", nil),
            ("530790no0qOgWX", nil), ("62185314IvwmYZ", nil), ("23956qk1&dB!23", nil), ("794394895ic045", nil),
            ("57453Uq3qA<H67", nil), ("0881063PhHvY89", nil), ("00000!HV", nil), ("99999zzzzzzzzzzzzzzzzzzT2", nil),
            (String(repeating: "1234567890", count: 9) + "1234567HA", nil),
            (String(repeating: "1234567890", count: 9) + "12345678ZZ", "TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION"),
            (" 2345678901234567890123NT", "INVALID_CSET82_CHARACTER"), ("1234567890123456789012 NT", "INVALID_CSET82_CHARACTER"),
            ("12345678901234567890123 T", "INVALID_CSET32_CHARACTER"), ("12345678901234567890123N ", "INVALID_CSET32_CHARACTER"),
        ])
    }

    @Test func companyPrefixes() {  // lint_key.c, lint_keyoff1.c
        check(.key, [("01234", nil), ("0123", nil), ("012", "TOO_SHORT_FOR_KEY"), ("", "TOO_SHORT_FOR_KEY"), ("0123A", nil),
                     ("012AA", "INVALID_GCP_PREFIX"), ("AAAAA", "INVALID_GCP_PREFIX")])
        check(.keyoff1, [("I01234", nil), ("I0123", nil), ("I012", "TOO_SHORT_FOR_KEY"), ("I", "TOO_SHORT_FOR_KEY"),
                         ("", "TOO_SHORT_FOR_KEY"), ("I0123A", nil), ("I0AAAA", "INVALID_GCP_PREFIX")])
    }

    @Test func dates() {  // lint_yymmd0.c, lint_yymmdd.c, lint_yyyymmdd.c
        let common: [(String, String?)] = [
            ("000606", nil), ("250606", nil), ("500606", nil), ("750606", nil), ("990606", nil), ("x00131", "NON_DIGIT_CHARACTER"),
            ("20013x", "NON_DIGIT_CHARACTER"), ("", "DATE_TOO_SHORT"), ("11111", "DATE_TOO_SHORT"), ("1111111", "DATE_TOO_LONG"),
            ("200010", "ILLEGAL_MONTH"), ("201310", "ILLEGAL_MONTH"), ("209910", "ILLEGAL_MONTH"), ("200132", "ILLEGAL_DAY"),
            ("200229", nil), ("200230", "ILLEGAL_DAY"), ("200431", "ILLEGAL_DAY"), ("200631", "ILLEGAL_DAY"), ("200931", "ILLEGAL_DAY"),
            ("201131", "ILLEGAL_DAY"), ("201231", nil), ("201232", "ILLEGAL_DAY"), ("210228", nil), ("210229", "ILLEGAL_DAY"),
            ("230229", "ILLEGAL_DAY"), ("240229", nil), ("240230", "ILLEGAL_DAY"), ("000229", nil), ("000230", "ILLEGAL_DAY"),
            ("040229", nil), ("960229", nil), ("960230", "ILLEGAL_DAY"),
        ]
        check(.yymmd0, common + [("200600", nil)])
        check(.yymmdd, common + [("200600", "ILLEGAL_DAY")])
        check(.yyyymmdd, [
            ("20000606", nil), ("19750606", nil), ("20200131", nil), ("x0200131", "NON_DIGIT_CHARACTER"), ("111111", "DATE_TOO_SHORT"),
            ("1111111", "DATE_TOO_SHORT"), ("111111111", "DATE_TOO_LONG"), ("20200010", "ILLEGAL_MONTH"), ("20201310", "ILLEGAL_MONTH"),
            ("20200132", "ILLEGAL_DAY"), ("20200229", nil), ("20210229", "ILLEGAL_DAY"), ("20000229", nil), ("19960230", "ILLEGAL_DAY"),
            ("20200600", "ILLEGAL_DAY"),
        ])
    }

    @Test func times() {  // lint_hhmi.c, lint_hh.c, lint_mi.c, lint_ss.c
        check(.hhmi, [("0000", nil), ("2359", nil), ("2300", nil), ("2400", "ILLEGAL_HOUR"), ("0059", nil), ("0060", "ILLEGAL_MINUTE"),
                      ("x000", "NON_DIGIT_CHARACTER"), ("000x", "NON_DIGIT_CHARACTER"), ("", "HOUR_WITH_MINUTE_TOO_SHORT"),
                      ("111", "HOUR_WITH_MINUTE_TOO_SHORT"), ("11111", "HOUR_WITH_MINUTE_TOO_LONG")])
        check(.hh, [("00", nil), ("23", nil), ("24", "ILLEGAL_HOUR"), ("x0", "NON_DIGIT_CHARACTER"), ("1", "HOUR_TOO_SHORT"), ("111", "HOUR_TOO_LONG")])
        check(.mi, [("00", nil), ("59", nil), ("60", "ILLEGAL_MINUTE"), ("0x", "NON_DIGIT_CHARACTER"), ("", "MINUTE_TOO_SHORT")])
        check(.ss, [("00", nil), ("59", nil), ("60", "ILLEGAL_SECOND"), ("x0", "NON_DIGIT_CHARACTER"), ("1111", "SECOND_TOO_LONG")])
    }

    @Test func codeLists() {  // lint_iso3166.c, lint_iso3166999.c, lint_iso3166alpha2.c, lint_iso4217.c, lint_iso5218.c
        check(.iso3166, [("", "NOT_ISO3166"), ("0", "NOT_ISO3166"), ("000", "NOT_ISO3166"), ("0000", "NOT_ISO3166"), ("_894", "NOT_ISO3166"),
                         ("894_", "NOT_ISO3166"), ("999", "NOT_ISO3166"), ("AAA", "NOT_ISO3166"), ("004", nil), ("005", "NOT_ISO3166"),
                         ("008", nil), ("250", nil), ("276", nil), ("826", nil), ("840", nil), ("894", nil), ("895", "NOT_ISO3166")])
        check(.iso3166999, [("999", nil), ("250", nil), ("998", "NOT_ISO3166_OR_999"), ("987", "NOT_ISO3166_OR_999")])
        check(.iso3166alpha2, [("", "NOT_ISO3166_ALPHA2"), ("A", "NOT_ISO3166_ALPHA2"), ("AA", "NOT_ISO3166_ALPHA2"),
                               ("AAA", "NOT_ISO3166_ALPHA2"), ("AD", nil), ("AH", "NOT_ISO3166_ALPHA2"), ("FR", nil), ("ZW", nil),
                               ("fr", "NOT_ISO3166_ALPHA2")])
        check(.iso4217, [("", "NOT_ISO4217"), ("000", "NOT_ISO4217"), ("008", nil), ("010", "NOT_ISO4217"), ("978", nil),
                         ("840", nil), ("924", nil), ("999", nil), ("998", "NOT_ISO4217"), ("987", "NOT_ISO4217"), ("AAA", "NOT_ISO4217")])
        check(.iso5218, [("0", nil), ("1", nil), ("2", nil), ("3", "INVALID_BIOLOGICAL_SEX_CODE"), ("9", nil),
                         ("", "INVALID_BIOLOGICAL_SEX_CODE"), ("01", "INVALID_BIOLOGICAL_SEX_CODE")])
        check(.mediatype, [("00", "INVALID_MEDIA_TYPE"), ("01", nil), ("10", nil), ("11", "INVALID_MEDIA_TYPE"), ("79", "INVALID_MEDIA_TYPE"),
                           ("80", nil), ("99", nil), ("0", "INVALID_MEDIA_TYPE"), ("AA", "INVALID_MEDIA_TYPE")])
        check(.packagetype, [("", "INVALID_PACKAGE_TYPE"), ("0", "INVALID_PACKAGE_TYPE"), ("_9", "INVALID_PACKAGE_TYPE"),
                             ("1A", nil), ("200", nil), ("8", nil), ("9", nil), ("APE", nil), ("X11", nil), ("ZZ", nil),
                             ("200_", "INVALID_PACKAGE_TYPE")])
    }

    @Test func digitRules() {  // lint_nonzero.c, lint_zero.c, lint_yesno.c, lint_winding.c, lint_nozeroprefix.c, lint_hasnondigit.c
        check(.nonzero, [("0", "ILLEGAL_ZERO_VALUE"), ("1", nil), ("000", "ILLEGAL_ZERO_VALUE"), ("0009", nil), ("9000", nil),
                         ("A999", "NON_DIGIT_CHARACTER"), ("", "ILLEGAL_ZERO_VALUE")])
        check(.zero, [("0", nil), ("1", "NOT_ZERO"), ("", "NOT_ZERO")])
        check(.yesno, [("0", nil), ("1", nil), ("2", "NOT_ZERO_OR_ONE"), ("", "NOT_ZERO_OR_ONE")])
        check(.winding, [("0", nil), ("1", nil), ("2", "INVALID_WINDING_DIRECTION"), ("9", nil), ("01", "INVALID_WINDING_DIRECTION")])
        check(.nozeroprefix, [("", nil), ("1", nil), ("210", nil), ("0", "ILLEGAL_ZERO_PREFIX"), ("0123", "ILLEGAL_ZERO_PREFIX"),
                              ("9A99", "NON_DIGIT_CHARACTER")])
        check(.hasnondigit, [("", "REQUIRES_NON_DIGIT_CHARACTER"), ("/", nil), ("0", "REQUIRES_NON_DIGIT_CHARACTER"),
                             ("0123456789", "REQUIRES_NON_DIGIT_CHARACTER"), ("012345678:", nil), ("A1", nil), ("111", "REQUIRES_NON_DIGIT_CHARACTER")])
    }

    @Test func structuredValues() {  // lint_pieceoftotal.c, lint_posinseqslash.c, lint_pcenc.c, lint_hyphen.c, lint_importeridx.c
        check(.pieceoftotal, [("11", nil), ("13", nil), ("99", nil), ("0103", nil), ("9999", nil), ("001003", nil), ("999999", nil),
                              ("", "INVALID_LENGTH_FOR_PIECE_OF_TOTAL"), ("111", "INVALID_LENGTH_FOR_PIECE_OF_TOTAL"),
                              ("x5555555", "NON_DIGIT_CHARACTER"), ("01", "ZERO_PIECE_NUMBER"), ("00", "ZERO_PIECE_NUMBER"),
                              ("10", "ZERO_TOTAL_PIECES"), ("0100", "ZERO_TOTAL_PIECES"), ("21", "PIECE_NUMBER_EXCEEDS_TOTAL"),
                              ("0908", "PIECE_NUMBER_EXCEEDS_TOTAL"), ("100099", "PIECE_NUMBER_EXCEEDS_TOTAL")])
        check(.posinseqslash, [("1/1", nil), ("2/3", nil), ("9/10", nil), ("100/100", nil), ("999/999", nil),
                               ("", "POSITION_IN_SEQUENCE_MALFORMED"), ("/", "POSITION_IN_SEQUENCE_MALFORMED"),
                               ("1", "POSITION_IN_SEQUENCE_MALFORMED"), ("1/", "POSITION_IN_SEQUENCE_MALFORMED"),
                               ("1//", "POSITION_IN_SEQUENCE_MALFORMED"), ("/1", "POSITION_IN_SEQUENCE_MALFORMED"),
                               ("1//2", "POSITION_IN_SEQUENCE_MALFORMED"), ("x/y", "POSITION_IN_SEQUENCE_MALFORMED"),
                               ("0/1", "ILLEGAL_ZERO_PREFIX"), ("1/0", "ILLEGAL_ZERO_PREFIX"), ("01/02", "ILLEGAL_ZERO_PREFIX"),
                               ("2/1", "POSITION_EXCEEDS_END"), ("10/9", "POSITION_EXCEEDS_END"), ("999/998", "POSITION_EXCEEDS_END")])
        check(.pcenc, [("", nil), ("A", nil), ("%00", nil), ("%Ff", nil), ("%fg", "INVALID_PERCENT_SEQUENCE"), ("%g", "INVALID_PERCENT_SEQUENCE"),
                       ("ABC%20", nil), ("ABC%g", "INVALID_PERCENT_SEQUENCE"), ("ABC%20XYZ", nil), ("ABC%gXYZ", "INVALID_PERCENT_SEQUENCE"),
                       ("ABCDEFGHIJKLMNOPQRSTUVWXYZ%00+12345", nil)])
        check(.hyphen, [("-", nil), ("--", nil), ("", "NOT_HYPHEN"), ("X", "NOT_HYPHEN")])
        check(.importeridx, [("", "IMPORTER_IDX_MUST_BE_ONE_CHARACTER"), ("AA", "IMPORTER_IDX_MUST_BE_ONE_CHARACTER"), ("-", nil),
                             ("0", nil), ("Z", nil), ("_", nil), ("z", nil), ("!", "INVALID_IMPORT_IDX_CHARACTER"),
                             (".", "INVALID_IMPORT_IDX_CHARACTER"), ("=", "INVALID_IMPORT_IDX_CHARACTER")])
    }

    @Test func coordinatesAndIBANs() {  // lint_latitude.c, lint_longitude.c, lint_iban.c
        check(.latitude, [("0279085848", nil), ("0000000000", nil), ("1800000000", nil), ("027908584", "LATITUDE_INVALID_LENGTH"),
                          ("02790858481", "LATITUDE_INVALID_LENGTH"), ("1800000001", "INVALID_LATITUDE")])
        check(.longitude, [("0000000000", nil), ("3600000000", nil), ("3600000001", "INVALID_LONGITUDE"), ("360000000", "LONGITUDE_INVALID_LENGTH")])
        check(.iban, [("FR7630006000011234567890189", nil), ("DE91100000000123456789", nil), ("GR9608100010000001234567890", nil),
                      ("MU43BOMM0101123456789101000MUR", nil), ("PK70BANK0000123456789000", nil), ("GB98MIDL07009312345678", nil),
                      ("BE71096123456769", nil), ("BE71096123456760", "INCORRECT_IBAN_CHECKSUM"), ("LC14BOSL123456789012345678901234", nil),
                      ("MT90MALT011000012345MTLCAST001SABC", nil), ("", "IBAN_TOO_SHORT"), ("BE7", "IBAN_TOO_SHORT"),
                      ("BE71", "IBAN_TOO_SHORT"), ("MTXXMALT011000012345MTLCAST001SABCD", "IBAN_TOO_LONG"),
                      ("LC14BOSLxx3456789012345678901230", "INVALID_IBAN_CHARACTER"), ("XX361234567890", "ILLEGAL_IBAN_COUNTRY_CODE")])
    }

    @Test func characterSets() {  // lint_cset39.c, lint_cset64.c, lint_cset82.c
        check(.cset39, [("", nil), ("#-/0123456789ABCDEFG", nil), ("HIJKLMNOPQRSTUVWXYZ", nil), ("ABC_", "INVALID_CSET39_CHARACTER"),
                        ("a", "INVALID_CSET39_CHARACTER"), ("\u{1D}", "INVALID_CSET39_CHARACTER")])
        check(.cset64, [("", nil), ("123", nil), ("12", nil), ("12=", nil), ("1==", nil), ("===", "INVALID_CSET64_PADDING"),
                        ("123=", "INVALID_CSET64_PADDING"), ("12===", "INVALID_CSET64_PADDING"), ("0123456789-_", nil),
                        (" ", "INVALID_CSET64_CHARACTER"), ("AB C", "INVALID_CSET64_CHARACTER")])
        check(.cset82, [("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz", nil),
                        (" ", "INVALID_CSET82_CHARACTER"), ("#", "INVALID_CSET82_CHARACTER"), ("~", "INVALID_CSET82_CHARACTER"),
                        ("é", "INVALID_CSET82_CHARACTER"), ("\\", "INVALID_CSET82_CHARACTER")])
    }

    @Test func coupons() {  // lint_couponcode.c, lint_couponposoffer.c
        check(.couponcode, [
            ("012345612345611110123", nil), ("a12345612345611110123", "NON_DIGIT_CHARACTER"), ("", "COUPON_MISSING_GCP_VLI"),
            ("01", "COUPON_TRUNCATED_GCP"), ("0123456", "COUPON_TRUNCATED_OFFER_CODE"), ("71234567890123", "COUPON_INVALID_GCP_LENGTH"),
            ("0123456123456", "COUPON_MISSING_SAVE_VALUE_VLI"), ("01234561234560", "COUPON_INVALID_SAVE_VALUE_LENGTH"),
            ("01234561234561", "COUPON_TRUNCATED_SAVE_VALUE"), ("012345612345611", "COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_VLI"),
            ("0123456123456116123456", "COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_LENGTH"),
            ("0123456123456111", "COUPON_TRUNCATED_1ST_PURCHASE_REQUIREMENT"),
            ("01234561234561111", "COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_CODE"),
            ("012345612345611115", "COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_CODE"),
            ("012345612345611119", "COUPON_TRUNCATED_1ST_PURCHASE_FAMILY_CODE"),
            ("0123456123456111101231", "COUPON_MISSING_ADDITIONAL_PURCHASE_RULES_CODE"),
            ("01234561234561111012314", "COUPON_INVALID_ADDITIONAL_PURCHASE_RULES_CODE"),
            ("01234561234561111012310", "COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_VLI"),
            ("01234561234561111012310110123", "COUPON_MISSING_2ND_PURCHASE_GCP_VLI"),
            ("0123456123456111101231011012371234567890123", "COUPON_INVALID_2ND_PURCHASE_GCP_LENGTH"),
            ("012345612345611110123101101230", "COUPON_TRUNCATED_2ND_PURCHASE_GCP"),
            ("0123456123456111101232", "COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_VLI"),
            ("01234561234561111012321101230", "COUPON_TRUNCATED_3RD_PURCHASE_GCP"),
            ("0123456123456111101233", "COUPON_TOO_SHORT_FOR_EXPIRATION_DATE"),
            ("0123456123456111101233200010", "COUPON_INVALID_EXIPIRATION_DATE"),
            ("0123456123456111101234200010", "COUPON_INVALID_START_DATE"),
            ("01234561234561111012335006064500607", "COUPON_EXPIRATION_BEFORE_START"),
            ("0123456123456111101236", "COUPON_MISSING_RETAILER_GCP_OR_GLN_VLI"),
            ("01234561234561111012360", "COUPON_INVALID_RETAILER_GCP_OR_GLN_LENGTH"),
            ("01234561234561111012361", "COUPON_TRUNCATED_RETAILER_GCP_OR_GLN"),
            ("0123456123456111101239", "COUPON_MISSING_SAVE_VALUE_CODE"), ("01234561234561111012393", "COUPON_INVALID_SAVE_VALUE_CODE"),
            ("01234561234561111012390", "COUPON_MISSING_SAVE_VALUE_APPLIES_TO_ITEM"),
            ("012345612345611110123903", "COUPON_INVALID_SAVE_VALUE_APPLIES_TO_ITEM"),
            ("012345612345611110123900", "COUPON_MISSING_STORE_COUPON_FLAG"),
            ("0123456123456111101239000", "COUPON_MISSING_DONT_MULTIPLY_FLAG"),
            ("01234561234561111012390002", "COUPON_INVALID_DONT_MULTIPLY_FLAG"), ("012345612345611110123900000", "COUPON_EXCESS_DATA"),
        ])
        check(.couponposoffer, [
            ("001234561234560123456", nil), ("101234561234560123456", nil), ("a01234561234560123456", "NON_DIGIT_CHARACTER"),
            ("", "COUPON_MISSING_FORMAT_CODE"), ("201234561234560123456", "COUPON_INVALID_FORMAT_CODE"), ("0", "COUPON_MISSING_FUNDER_VLI"),
            ("00", "COUPON_TRUNCATED_FUNDER"), ("00123456", "COUPON_TRUNCATED_OFFER_CODE"), ("07", "COUPON_INVALID_FUNDER_LENGTH"),
            ("00123456123456", "COUPON_MISSING_SERIAL_NUMBER_VLI"), ("001234561234560", "COUPON_TRUNCATED_SERIAL_NUMBER"),
            ("0012345612345611234567", nil), ("001234561234569123456789012345", nil),
            ("0012345612345601234567", "COUPON_EXCESS_DATA"), ("061234567890121234569123456789012345", nil),
            ("0612345678901212345691234567890123456", "COUPON_EXCESS_DATA"),
        ])
    }
}
