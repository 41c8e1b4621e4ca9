import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The clinic's own day: the four months after facial surgery, the interval, the day's doses and
/// the report's months are judged on the clinic's calendar day in its time zone, read from the
/// database, not on UTC's.
@Suite("The clinic's day in the check, courses and reports", .serialized)
struct ClinicDayRuleTests {
    static let shared = Result { () throws -> TestDatabase in
        let database = try RecordClinic.prepare("cli_clinic_day_rules")
        let clinic = try RecordClinic(database: database)
        try clinic.ok(["formula", "add", "F-LIDO2", "--name", "Lidocaine 20 mg", "--component", "LIDO-1-MD:2"], as: clinic.pharmacy)
        try clinic.ok(["formula", "add", "F-PROC", "--name", "Procaine 40 mg", "--component", "PROC-2-2:2"], as: clinic.pharmacy)
        for mrn in ["Z-1", "Z-2"] {
            try clinic.ok(["patient", "add", mrn, "--name", "Patient \(mrn)", "--weight-kg", "10"])
            try clinic.ok(["patient", "allergy", "none", mrn])
        }
        return database
    }

    let clinic: RecordClinic
    init() throws { clinic = try RecordClinic(database: try Self.shared.get()) }

    func zone(_ name: String) throws {
        try clinic.ok(["clinic", "set", "--time-zone", name])
    }

    @Test func theFourMonthsAfterSurgeryEndOnTheClinicsDay() throws {
        defer { try? zone("UTC") }
        // MRN-0001 was operated on 2026-06-12: clear from 2026-10-12. 22:30 UTC on the 11th is already
        // the 12th in Dubai (UTC+4); 02:00 UTC on the 12th is still the 11th in New York (UTC-4).
        try zone("UTC")
        #expect(try clinic.rules("MRN-0001", "REVIT-FACE", at: "2026-10-11T22:30:00Z") == ["contraindication"])
        #expect(try clinic.rules("MRN-0001", "REVIT-FACE", at: "2026-10-12T02:00:00Z").isEmpty)
        try zone("Asia/Dubai")
        #expect(try clinic.rules("MRN-0001", "REVIT-FACE", at: "2026-10-11T22:30:00Z").isEmpty)
        try zone("America/New_York")
        #expect(try clinic.rules("MRN-0001", "REVIT-FACE", at: "2026-10-12T02:00:00Z") == ["contraindication"])
    }

    @Test func theIntervalAndTheDaysDosesCountTheClinicsDays() throws {
        defer { try? zone("UTC") }
        try zone("America/Bogota")  // UTC-5 all year
        let day = CalendarDate.today(plus: -40)
        // 22:00 UTC is 17:00 in Bogota; 02:00 UTC the next day is 21:00 there, the same clinic day.
        let evening = Timestamp(date: day, hour: 22).description
        let night = Timestamp(date: day.adding(days: 1), hour: 2).description
        try clinic.ok(["session", "record", "--patient", "Z-1", "--formula", "F-LIDO2", "--at", evening])
        // 20 mg of lidocaine (44 %) then 40 mg of procaine (57 %): the same clinic day, over the limit.
        #expect(try clinic.rules("Z-1", "F-PROC", at: night) == ["dose-limit"])
        try zone("UTC")
        #expect(try clinic.rules("Z-1", "F-PROC", at: night).isEmpty, "two days in UTC")

        // Fifteen UTC days after 22:00 UTC, at 03:00 UTC, is fourteen days after in Bogota.
        let fifteenUTC = Timestamp(date: day.adding(days: 15), hour: 3).description
        #expect(try clinic.rules("Z-1", "F-LIDO2", at: fifteenUTC, severity: "warn").isEmpty)
        try zone("America/Bogota")
        #expect(try clinic.rules("Z-1", "F-LIDO2", at: fifteenUTC, severity: "warn") == ["interval"])
    }

    @Test func aReportsMonthsAreTheClinicsMonths() throws {
        defer { try? zone("UTC") }
        let month = CalendarDate.firstOfMonth(monthsFromNow: -3)
        // 02:00 UTC on the first is the evening before in Bogota: the month before.
        let first = Timestamp(date: month, hour: 2).description
        try clinic.ok(["session", "record", "--patient", "Z-2", "--formula", "REVIT-FACE", "--at", first])
        func periods() throws -> [String] {
            let outcome = try clinic.meso.run(
                ["report", "usage", "--from", month.adding(days: -5).description, "--to", month.adding(days: 5).description,
                 "--per", "month", "--format", "json"])
            let rows = try #require(try outcome.json() as? [[String: Any]], "\(outcome)")
            return rows.compactMap { $0["period_start"] as? String }
        }
        try zone("UTC")
        #expect(try Set(periods()) == [month.description])
        try zone("America/Bogota")
        #expect(try Set(periods()) == [month.adding(days: -5).description])
    }
}
