import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("meso course")
struct CourseCommandTests {
    @Test func aPlannedCourseShowsEachSessionDoneDueOverdueOrUpcoming() throws {
        let clinic = try SessionClinic("cli_course")
        let start = CalendarDate.today(plus: -40)
        // Delivered before the first session below (the day before the course starts) could draw them.
        let delivered = ["--at", Timestamp(date: start.adding(days: -5), hour: 8).description]
        try clinic.receive("POLYREVIT-5", "PR-1", vials: 2, delivered)
        try clinic.receive("HA-15-2", "HA-1", vials: 2, delivered)
        let planned = try clinic.meso.run(
            ["course", "plan", "--patient", "MRN-0006", "--formula", "revit-face", "--start", start.description, "--sessions", "3",
             "--format", "json"])
        #expect(planned.status == 0, "\(planned)")
        let course = try #require(try planned.json() as? [String: Any])
        #expect(course["interval_days"] as? Int == 15, "the formula's minimum interval")
        #expect(course["series_sessions"] as? Int == 3)
        let schedule = try #require(course["sessions"] as? [[String: Any]])
        let series = [0, 15, 30].map { start.adding(days: $0).description }
        let maintenance = [3, 6, 9, 12].map { start.adding(days: 30).adding(months: $0).description }
        #expect(schedule.map { $0["due_on"] as? String } == series + maintenance)
        #expect(schedule.map { $0["phase"] as? String } == ["series", "series", "series"] + Array(repeating: "maintenance", count: 4))

        // A session before the course does not count toward it; one today is the first of it.
        _ = try clinic.recorded("MRN-0006", "REVIT-FACE", ["--at", Timestamp(date: start.adding(days: -1), hour: 10).description])
        let today = try #require(try clinic.recorded("MRN-0006", "REVIT-FACE")["session_id"] as? Int)
        // Another patient's course started three days ago: its first session is due.
        let other = try clinic.meso.run(
            ["course", "plan", "--patient", "MRN-0008", "--formula", "REVIT-FACE", "--start", CalendarDate.today(plus: -3).description])
        #expect(other.status == 0, "\(other)")

        let shown = try clinic.meso.run(["course", "show", "MRN-0006", "--format", "json"])
        #expect(shown.status == 0, "\(shown)")
        let progress = try #require(try shown.json() as? [String: Any])
        #expect(progress["today"] as? String == CalendarDate.today().description)
        let sessions = try #require(progress["sessions"] as? [[String: Any]])
        // Due 40 and 25 days ago... the first is done (today), the next two are more than a week late.
        #expect(sessions.map { $0["status"] as? String } == ["done", "overdue", "overdue", "upcoming", "upcoming", "upcoming", "upcoming"])
        #expect(sessions.first?["session_id"] as? Int == today)
        let theirs = try #require(try clinic.meso.run(["course", "show", "MRN-0008", "--format", "json"]).json() as? [String: Any])
        #expect((theirs["sessions"] as? [[String: Any]])?.first?["status"] as? String == "due")
        let table = try clinic.meso.run(["course", "show", "MRN-0006"])
        #expect(table.stdout.contains("1 done, 2 overdue, 4 upcoming"), "\(table)")

        for arguments in [
            ["--patient", "MRN-0006", "--formula", "NOPE", "--start", start.description],
            ["--patient", "MRN-9999", "--formula", "REVIT-FACE", "--start", start.description],
            ["--patient", "MRN-0006", "--formula", "REVIT-FACE", "--start", "2026-02-30"],
            ["--patient", "MRN-0006", "--formula", "REVIT-FACE", "--start", start.description, "--sessions", "0"],
        ] {
            let invalid = try clinic.meso.run(["course", "plan"] + arguments)
            #expect(invalid.status == 65, "\(arguments): \(invalid)")
        }
        #expect(try clinic.meso.run(["course", "show", "MRN-9999"]).status == 65)
    }
}
