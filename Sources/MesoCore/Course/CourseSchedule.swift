import PostgresClient

/// The dates of a course: a series of sessions one formula interval apart from the start, then
/// maintenance sessions every few calendar months after the last of the series (months that never
/// clamp back: 3 months after 30 November is 1 March, not 28 February, so a session is never due
/// before its interval has passed).
public enum CourseSchedule {
    /// "Then one session every few months": every 3 months, planned for the year after the series.
    public static let maintenanceMonths = 3
    public static let maintenanceSessions = 4

    public static func plan(
        start: CalendarDate, seriesSessions: Int, intervalDays: Int, maintenanceSessions: Int = maintenanceSessions,
        maintenanceMonths: Int = maintenanceMonths
    ) -> [PlannedSession] {
        let series = (0..<seriesSessions).map { index in
            PlannedSession(position: index + 1, phase: .series, dueOn: start.adding(days: index * intervalDays))
        }
        let lastOfSeries = series.last?.dueOn ?? start
        let maintenance = (0..<maintenanceSessions).map { index in
            PlannedSession(
                position: seriesSessions + index + 1, phase: .maintenance,
                dueOn: lastOfSeries.adding(monthsRollingOver: (index + 1) * maintenanceMonths))
        }
        return series + maintenance
    }
}
