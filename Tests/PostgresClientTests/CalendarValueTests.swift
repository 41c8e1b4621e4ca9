import PostgresClient
import Testing

@Suite("Calendar dates and timestamps")
struct CalendarValueTests {
    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29", "26-01-01", "2026-1-01", "2026/01/01", "", "2026-01-01x"])
    func invalidDatesAreRejected(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func leapDaysAndMonthArithmetic() throws {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        let october31 = try #require(CalendarDate(iso: "2025-10-31"))
        #expect(october31.adding(months: 4).description == "2026-02-28")
        #expect(try #require(CalendarDate(iso: "2023-10-31")).adding(months: 4).description == "2024-02-29")
        #expect(october31.adding(months: -10).description == "2024-12-31")
        #expect(october31.adding(days: 1).description == "2025-11-01")
        // Months that never clamp back: a missing day rolls over to the first of the next month.
        #expect(october31.adding(monthsRollingOver: 4).description == "2026-03-01")
        #expect(try #require(CalendarDate(iso: "2023-10-31")).adding(monthsRollingOver: 4).description == "2024-03-01")
        #expect(try #require(CalendarDate(iso: "2024-02-29")).adding(monthsRollingOver: 12).description == "2025-03-01")
        #expect(try #require(CalendarDate(iso: "2026-06-12")).adding(monthsRollingOver: 4).description == "2026-10-12")
        #expect(try #require(CalendarDate(iso: "2026-01-30")).adding(monthsRollingOver: 1).description == "2026-03-01")
        #expect(try #require(CalendarDate(iso: "2026-11-30")).adding(monthsRollingOver: 3).description == "2027-03-01")
        #expect(october31.days(until: try #require(CalendarDate(iso: "2026-10-31"))) == 365)
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CalendarDate(daysSinceEpoch: -1).description == "1969-12-31")
    }

    @Test func daysSinceEpochRoundTrips() {
        for days in stride(from: -800_000, through: 2_900_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func timestampsParseAndPrint() throws {
        let cases: [(String, String)] = [
            ("2026-11-25T09:30:00Z", "2026-11-25T09:30:00Z"),
            ("2026-11-25 09:30:00.5+00", "2026-11-25T09:30:00.500000Z"),
            ("2026-11-25T11:30+02:00", "2026-11-25T09:30:00Z"),
            ("2026-11-25T04:00:00-05:30", "2026-11-25T09:30:00Z"),
            ("2026-11-25", "2026-11-25T00:00:00Z"),
            ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ]
        for (input, output) in cases {
            #expect(Timestamp(iso: input)?.description == output, "\(input)")
        }
        for bad in ["2026-11-25T25:00Z", "2026-11-25T09:30:00Q", "2026-11-25T", "yesterday", "2026-11-25T09:30:00+2"] {
            #expect(Timestamp(iso: bad) == nil, "\(bad)")
        }
    }
}
