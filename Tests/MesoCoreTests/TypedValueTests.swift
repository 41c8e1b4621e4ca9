import Foundation
import MesoCore
import PostgresClient
import Testing

/// Each typed value MesoCore makes of what a user typed: the text it accepts, as what canonical
/// text, and the text it refuses, with a sentence that names the field it came from.
@Suite("Typed values: parsed once, at the edge")
struct TypedValueTests {
    /// The refusal of `body`, expected to name `field` and to say `says`.
    func refused(
        _ field: String, _ says: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        let error = refusal(body, sourceLocation: sourceLocation)
        #expect(error?.kind == .invalidInput, sourceLocation: sourceLocation)
        #expect(error?.field == field, sourceLocation: sourceLocation)
        #expect(error?.message.hasPrefix(field) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.message.contains(says) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func anMRNIsKeptAsTypedOnceTrimmed() throws {
        #expect(try MRN(" MRN-0001 ", field: .patient).text == "MRN-0001")
        #expect(try MRN("2024/118", field: .patient).description == "2024/118")
        #expect(try MRN("mrn_a.1", field: .patient).text == "mrn_a.1", "an MRN is not re-cased")
        refused("--patient", "must be 1 to 40 letters, digits or . _ / -") { _ = try MRN("bad mrn", field: .patient) }
        refused("--patient", "must not be empty") { _ = try MRN("  ", field: .patient) }
        refused("MRN", "starting with a letter or digit") { _ = try MRN("-0001", field: "MRN") }
    }

    @Test func catalogCodesAreMatchedWhateverTheirCase() throws {
        #expect(try ProductCode(" lido-1-md ", field: .product).text == "LIDO-1-MD")
        #expect(try FormulaCode("revit-face", field: .formula).text == "REVIT-FACE")
        #expect(try CompoundCode("Lidocaine", field: .compound).text == "lidocaine")
        #expect(try AllergenGroupCode("AMIDE-Anaesthetics", field: .group).text == "amide-anaesthetics")
        refused("--product", "must be 1 to 40 letters, digits or '-'") { _ = try ProductCode("LIDO_1", field: .product) }
        refused("--formula", "must not be empty") { _ = try FormulaCode("", field: .formula) }
        refused("CODE", "starting with a letter or digit") { _ = try CompoundCode("-lidocaine", field: "CODE") }
        refused("GROUP", "1 to 40") { _ = try AllergenGroupCode(String(repeating: "a", count: 41), field: "GROUP") }
    }

    @Test func aLotNumberKeepsItsCaseAndMayHoldAColon() throws {
        #expect(try LotNumber(" pr-4471 ", field: .lot).text == "pr-4471")
        #expect(try LotNumber("A:12/b", field: .lot).text == "A:12/b")
        refused("--lot", "printable ASCII characters without spaces") { _ = try LotNumber("PR 4471", field: .lot) }
        refused("--lot", "1 to 20") { _ = try LotNumber(String(repeating: "7", count: 21), field: .lot) }
    }

    @Test func aLotIsNamedAsProductColonLotSplitAtTheFirstColon() throws {
        let lot = try LotRef("polyrevit-5:ab:12", field: .lot)
        #expect(lot.product == (try ProductCode("POLYREVIT-5", field: .product)))
        #expect(lot.lotNumber == "ab:12")
        #expect(lot.description == "POLYREVIT-5:ab:12")
        #expect(lot.label == "Lot ab:12 of POLYREVIT-5")
        #expect(lot == LotRef(product: try ProductCode("POLYREVIT-5", field: .product), lot: try LotNumber("ab:12", field: .lot)))
        refused("--lot", "must name a lot as PRODUCT:LOT") { _ = try LotRef("PR-4471", field: .lot) }
        refused("--lot", "must be 1 to 40 letters") { _ = try LotRef("POLY REVIT:PR-4471", field: .lot) }
        refused("--lot", "printable ASCII") { _ = try LotRef("POLYREVIT-5:", field: .lot) }
    }

    @Test func aVolumeIsAnExactDecimalInMillilitres() throws {
        #expect(try Millilitres(" 2.5 ", field: .ml, maximum: 100).value == (try #require(Decimal(exactText: "2.5"))))
        #expect(try Millilitres("0.001", field: .ml, maximum: 100).description == "0.001")
        #expect(try Millilitres("0", field: .ml, maximum: 100, allowZero: true).value == 0)
        refused("--ml", "must be a number such as 2.5 (in mL)") { _ = try Millilitres("2,5", field: .ml, maximum: 100) }
        refused("--ml", "must be more than zero (in mL)") { _ = try Millilitres("0", field: .ml, maximum: 100) }
        refused("--ml", "must be at most 100 mL") { _ = try Millilitres("100.5", field: .ml, maximum: 100) }
        refused("--ml", "has more than 3 decimals") { _ = try Millilitres("0.0001", field: .ml, maximum: 100) }
    }

    @Test func datesAndTimesAreReadAsISO8601() throws {
        #expect(try CalendarDate(" 2027-06-30 ", field: .expiry) == CalendarDate(year: 2027, month: 6, day: 30))
        #expect(try Timestamp("2026-11-25T09:30:00+01:00", field: .at) == Timestamp(iso: "2026-11-25T08:30:00Z"))
        #expect(try Timestamp(nil, field: .at) == nil)
        refused("--expiry", "must be a real date written YYYY-MM-DD") { _ = try CalendarDate("2027-02-30", field: .expiry) }
        refused("--at", "must be an ISO 8601 time") { _ = try Timestamp("tomorrow", field: .at) }
    }

    @Test func namesAndNotesAreTrimmedAndRightToLeftNamesPastedBackAreAccepted() throws {
        #expect(try Name("  Ana Lee ", field: .name).text == "Ana Lee")
        #expect(try Name("\u{2068}فاطمة الزهراء\u{2069}", field: .name).text == "فاطمة الزهراء")
        #expect(try Note("first line\nsecond line", field: .note).text == "first line\nsecond line")
        refused("--name", "control character") { _ = try Name("Ana\nLee", field: .name) }
        refused("--practitioner", "control character") { _ = try Name("Ana \u{2067}Lee\u{2069}", field: .practitioner) }
        refused("--note", "must not be empty") { _ = try Note(" ", field: .note) }
    }

    @Test func anAbsentOptionIsNoValueAndAPresentOneIsChecked() throws {
        #expect(try MRN(nil, field: .patient) == nil)
        #expect(try ProductCode("lido-1-md" as String?, field: .product)?.text == "LIDO-1-MD")
        refused("--product", "must not be empty") { _ = try ProductCode("" as String?, field: .product) }
    }

    @Test func wholeNumbersAreCheckedAgainstTheRangeTheirInputAllows() throws {
        #expect(try VialCount(" 12 ", field: .vials).value == 12)
        #expect(try IntervalDays("365", field: .minIntervalDays).value == 365)
        #expect(try RecordID("7", field: "ID").description == "7")
        #expect(try RecordID(nil, field: .vial) == nil)
        refused("--vials", "must be between 1 and 100000") { _ = try VialCount("100001", field: .vials) }
        refused("--vials", "must be a whole number") { _ = try VialCount("2.5", field: .vials) }
        refused("--min-interval-days", "must be between 1 and 365") { _ = try IntervalDays("0", field: .minIntervalDays) }
        refused("ID", "must be between 1 and") { _ = try RecordID("-3", field: "ID") }
    }

    @Test func daysAheadRunFromTodayToTenYearsAndAVersionFromOne() throws {
        #expect(try DaysAhead("0", field: .within).value == 0)
        #expect(try DaysAhead(" 3650 ", field: .expiringWithin)?.value == 3650)
        #expect(try DaysAhead(nil, field: .expiringWithin) == nil)
        #expect(try FormulaVersionNumber("1", field: .version).value == 1)
        #expect(try FormulaVersionNumber("\(Int32.max)", field: .version).value == Int(Int32.max))
        refused("--within", "must be between 0 and 3650") { _ = try DaysAhead("-1", field: .within) }
        refused("--expiring-within", "must be between 0 and 3650") { _ = try DaysAhead("3651", field: .expiringWithin) }
        refused("--expiring-within", "must be a whole number") { _ = try DaysAhead("soon", field: .expiringWithin) }
        refused("--version", "must be between 1 and") { _ = try FormulaVersionNumber("0", field: .version) }
        refused("--version", "must be between 1 and") { _ = try FormulaVersionNumber("2147483648", field: .version) }
    }

    @Test func aSingleUseProductTakesNoInUsePeriod() throws {
        #expect(try VialUse(singleUse: true, inUseDays: nil).inUseDays == nil)
        #expect(try VialUse(singleUse: false, inUseDays: nil).inUseDays == VialUse.defaultInUseDays)
        #expect(try VialUse(singleUse: false, inUseDays: "14").inUseDays == 14)
        refused("--in-use-days", "is for a multi-dose product (--multi-dose)") { _ = try VialUse(singleUse: true, inUseDays: "14") }
        refused("--in-use-days", "must be between 1 and 365") { _ = try VialUse(singleUse: false, inUseDays: "366") }
    }

    @Test func anIdentifierSystemIsAnAbsoluteURI() throws {
        #expect(try IdentifierSystem("urn:oid:1.2.250.1.999", field: .identifierSystem).text == "urn:oid:1.2.250.1.999")
        #expect(try IdentifierSystem("https://clinic.example/fhir/ids", field: .identifierSystem).description == "https://clinic.example/fhir/ids")
        #expect(refusal { _ = try IdentifierSystem("clinic ids", field: .identifierSystem) }?.field == "--identifier-system")
    }

    @Test func aWeightAndTheAmountsOfADoseLimitAreExactDecimals() throws {
        #expect(try BodyWeight(" 62.5 ", field: .weightKg).kilograms == (try #require(Decimal(exactText: "62.5"))))
        refused("--weight-kg", "has more than 1 decimals") { _ = try BodyWeight("62.55", field: .weightKg) }
        refused("--weight-kg", "must be at most 400 kg") { _ = try BodyWeight("401", field: .weightKg) }
        #expect(try DoseAmount.perKilogram("4.5", field: .mgPerKg).value == (try #require(Decimal(exactText: "4.5"))))
        #expect(try DoseAmount.cap("300", field: .maxMg).description == "300")
        refused("--mg-per-kg", "must be at most 100 mg/kg") { _ = try DoseAmount.perKilogram("101", field: .mgPerKg) }
        refused("--max-mg", "must be more than zero (in mg)") { _ = try DoseAmount.cap("0", field: .maxMg) }
        #expect(try SeriesSessions("20", field: .sessions).value == 20)
        refused("--sessions", "must be between 1 and 20") { _ = try SeriesSessions("21", field: .sessions) }
    }
}
