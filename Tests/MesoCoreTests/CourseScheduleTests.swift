import Foundation
import MesoCore
import PostgresClient
import Testing

@Suite("Course schedule and progress")
struct CourseScheduleTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func session(_ id: Int64, _ time: String) -> PriorSession {
        PriorSession(id: id, formulaVersion: 1, performedAt: Timestamp(iso: time)!, performedOn: Timestamp(iso: time)!.utcDate)
    }

    @Test func aSeriesOneIntervalApartThenMaintenanceEveryThreeMonths() {
        let plan = CourseSchedule.plan(start: Self.day("2026-11-30"), seriesSessions: 3, intervalDays: 15)
        #expect(plan.map(\.position) == Array(1...7))
        #expect(plan.map(\.phase) == [.series, .series, .series, .maintenance, .maintenance, .maintenance, .maintenance])
        #expect(
            plan.map(\.dueOn.description) == [
                "2026-11-30", "2026-12-15", "2026-12-30", "2027-03-30", "2027-06-30", "2027-09-30", "2027-12-30",
            ])
        // Months count from the end of the series and never clamp back: 3 months after 30 November
        // is 1 March, not 28 February (a maintenance session is never due before its months have passed).
        let rolled = CourseSchedule.plan(start: Self.day("2026-11-30"), seriesSessions: 1, intervalDays: 15)
        #expect(rolled[1].dueOn == Self.day("2027-03-01"))
        #expect(rolled[2].dueOn == Self.day("2027-05-30"))
        let fromOctober31 = CourseSchedule.plan(start: Self.day("2026-10-31"), seriesSessions: 1, intervalDays: 15)
        #expect(fromOctober31.map(\.dueOn.description) == ["2026-10-31", "2027-01-31", "2027-05-01", "2027-07-31", "2027-10-31"])
    }

    @Test func performedSessionsAreMatchedInOrderAndTheRestJudgedAgainstToday() {
        let plan = CourseSchedule.plan(start: Self.day("2026-10-01"), seriesSessions: 5, intervalDays: 15)
        let performed = [
            Self.session(1, "2026-09-30T09:00:00Z"),  // before the course: not part of it
            Self.session(2, "2026-10-01T09:00:00Z"),
            Self.session(3, "2026-10-20T09:00:00Z"),  // four days late still counts as the second
        ]
        let (entries, unplanned) = CourseProgress.match(
            plan, start: Self.day("2026-10-01"), performed: performed, until: nil, today: Self.day("2026-11-09"))
        #expect(entries.map(\.session?.id) == [2, 3, nil, nil, nil, nil, nil, nil, nil])
        // Due 2026-10-31 (9 days ago: overdue after the 7-day grace), 2026-11-15 (upcoming).
        #expect(entries.map(\.status) == [.done, .done, .overdue, .upcoming, .upcoming, .upcoming, .upcoming, .upcoming, .upcoming])
        #expect(unplanned.isEmpty)

        let dueToday = CourseProgress.match(
            plan, start: Self.day("2026-10-01"), performed: performed, until: nil, today: Self.day("2026-11-07"))
        #expect(dueToday.entries[2].status == .due, "7 days after its day a session is still due")

        // A later course of the same formula takes the sessions from its own start.
        let cut = CourseProgress.match(
            plan, start: Self.day("2026-10-01"), performed: performed, until: Self.day("2026-10-15"),
            today: Self.day("2026-11-09"))
        #expect(cut.entries.compactMap(\.session?.id) == [2])
    }

    @Test func sessionsBeyondThePlanAreReportedNotLost() {
        let plan = CourseSchedule.plan(
            start: Self.day("2026-10-01"), seriesSessions: 1, intervalDays: 15, maintenanceSessions: 0)
        let performed = [Self.session(1, "2026-10-01T09:00:00Z"), Self.session(2, "2026-10-20T09:00:00Z")]
        let (entries, unplanned) = CourseProgress.match(
            plan, start: Self.day("2026-10-01"), performed: performed, until: nil, today: Self.day("2026-11-09"))
        #expect(entries.map(\.status) == [.done])
        #expect(unplanned.map(\.id) == [2])
    }
}
