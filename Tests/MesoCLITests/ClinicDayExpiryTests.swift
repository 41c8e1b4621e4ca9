import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Expiry is judged on the clinic's calendar day (`meso clinic set --time-zone`), not UTC's: a lot
/// expiring on the 4th is not usable on the morning of the 5th in the clinic, and is usable on the
/// evening of the 4th there, whatever the day is in UTC.
///
/// PDRN-REGEN draws PDRN-2 (2 mL ampoules) and HA-15-2; MRN-0008 has no allergy and no condition.
@Suite("Expiry on the clinic's day", .serialized)
struct ClinicDayExpiryTests {
    /// The expiry day of the lots: three days ago.
    static let expiry = CalendarDate.today(plus: -3)

    static func clinic(_ name: String) throws -> SessionClinic {
        let clinic = try SessionClinic(name)
        let arrived = ["--at", Timestamp(date: Self.expiry.adding(days: -5), hour: 9).description]
        try clinic.receive("PDRN-2", "PD-E", vials: 4, days: -3, arrived)
        try clinic.receive("HA-15-2", "HA-LONG", vials: 4, days: 300, arrived)
        return clinic
    }

    func zone(_ clinic: SessionClinic, _ zone: String) throws {
        try clinic.meso.expectDone(["clinic", "set", "--time-zone", zone])
    }

    @Test func aLotExpiringOnTheFourthIsNotUsableOnTheMorningOfTheFifthInTheClinic() throws {
        let clinic = try Self.clinic("cli_clinic_day_expiry")
        // 23:30 UTC on the expiry day is 08:30 the next morning in Tokyo.
        let lateInUTC = Timestamp(date: Self.expiry, hour: 23, minute: 30).description
        let named = ["--at", lateInUTC, "--lot", "PDRN-2:PD-E"]

        try zone(clinic, "Asia/Tokyo")
        let check = try clinic.meso.run(["check", "--patient", "MRN-0008", "--formula", "PDRN-REGEN", "--at", lateInUTC, "--format", "json"])
        #expect(check.status == 3, "\(check)")
        let refused = try clinic.record("MRN-0008", "PDRN-REGEN", named)
        #expect(refused.status == 3, "\(refused)")
        #expect(
            (try refused.jsonError()["message"] as? String)?.contains("expired on \(Self.expiry) and cannot be used on \(Self.expiry.adding(days: 1))") == true,
            "\(refused)")

        // The same moment in a clinic on UTC is still the expiry day: recorded.
        try zone(clinic, "UTC")
        #expect(try clinic.meso.run(["check", "--patient", "MRN-0008", "--formula", "PDRN-REGEN", "--at", lateInUTC]).status == 0)
        _ = try clinic.recorded("MRN-0008", "PDRN-REGEN", named)
        #expect(try clinic.verify().status == 0)
    }

    @Test func andIsUsableOnTheEveningOfTheFourthThereThoughUTCIsOnTheFifth() throws {
        let clinic = try Self.clinic("cli_clinic_day_evening")
        // 02:00 UTC the day after the expiry is 22:00 on the expiry day in New York.
        let earlyInUTC = Timestamp(date: Self.expiry.adding(days: 1), hour: 2).description
        let named = ["--at", earlyInUTC, "--lot", "PDRN-2:PD-E"]
        #expect(try clinic.record("MRN-0008", "PDRN-REGEN", named).status == 3, "UTC's day is the day after the expiry")
        try zone(clinic, "America/New_York")
        let recorded = try clinic.recorded("MRN-0008", "PDRN-REGEN", named)
        #expect(LotReceivedBeforeUseTests.lotNumbers(recorded, "lots").contains("PD-E"))
        // The database judged the same day: it wrote the draw.
        #expect(try clinic.verify().status == 0)
    }

    @Test func listingsAndTheExpiryReportCountFromTheClinicsToday() throws {
        let clinic = try SessionClinic("cli_clinic_day_listings")
        let utcToday = CalendarDate.today()
        let arrived = ["--at", Timestamp(date: utcToday.adding(days: -2), hour: 9).description]
        try clinic.receive("PDRN-2", "PD-TODAY", vials: 1, days: 0, arrived)
        try clinic.receive("PDRN-2", "PD-TOMORROW", vials: 1, days: 1, arrived)
        // A zone whose day differs from UTC's at this moment: 14 hours ahead, or 11 behind.
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour!
        try zone(clinic, hour >= 11 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago")
        let shown = try #require(try clinic.meso.run(["clinic", "show", "--format", "json"]).json() as? [String: Any])
        let today = try #require((shown["today"] as? String).flatMap { CalendarDate(iso: $0) })
        #expect(today != utcToday, "the test needs a clinic day other than UTC's: \(shown)")

        // Lots expiring by the clinic's today (expired ones included), not by UTC's.
        let listed = try #require(
            try clinic.pharmacy.run(["lot", "list", "--expiring-within", "0", "--format", "json"]).json() as? [[String: Any]])
        let expected = ["PD-TODAY": utcToday, "PD-TOMORROW": utcToday.adding(days: 1)].filter { $0.value <= today }.keys.sorted()
        #expect(listed.compactMap { $0["lot_number"] as? String }.sorted() == expected)
        // Usable through the expiry day of the clinic.
        let stock = try #require(try clinic.pharmacy.run(["stock", "--product", "PDRN-2", "--format", "json"]).json() as? [[String: Any]])
        for lot in stock.first?["lots"] as? [[String: Any]] ?? [] {
            let expiry = try #require((lot["expiry"] as? String).flatMap { CalendarDate(iso: $0) })
            #expect((lot["usable"] as? Bool) == (expiry >= today), "\(lot)")
        }
        let report = try #require(
            try clinic.pharmacy.run(["report", "expiry", "--within", "0", "--format", "json"]).json() as? [[String: Any]])
        for row in report {
            let expiry = try #require((row["expiry"] as? String).flatMap { CalendarDate(iso: $0) })
            #expect(row["days_left"] as? Int == today.days(until: expiry), "\(row)")
        }
    }
}
