import PostgresClient

/// Where a course stands on a given day: each planned session done, due, overdue or upcoming.
///
/// Performed sessions of the course's formula (any version; cancelled ones do not count) are
/// matched to the plan in order: the first performed on or after the start is planned session 1,
/// the next is 2, and so on, up to the start of the patient's next course of the same formula,
/// which takes over from its own start.
public struct CourseProgress: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// A performed session was matched to it.
        case done
        /// Its day has come, and fewer than `graceDays` have passed since.
        case due
        /// More than `graceDays` past its day and not done.
        case overdue
        /// Its day is still ahead.
        case upcoming
    }

    public struct Entry: Sendable, Hashable {
        public let planned: PlannedSession
        public let status: Status
        /// The performed session matched to it.
        public let session: PriorSession?
    }

    /// How long a session may run late before it is overdue.
    public static let graceDays = 7

    public let course: Course
    public let entries: [Entry]
    /// Performed sessions of the course's period beyond those planned.
    public let unplannedSessions: [PriorSession]

    /// - Parameters:
    ///   - performed: the patient's performed sessions of the course's formula, in time order.
    ///   - until: the start of the patient's next course of this formula, if any.
    public init(course: Course, performed: [PriorSession], until next: CalendarDate?, today: CalendarDate) {
        self.course = course
        (entries, unplannedSessions) = Self.match(
            course.sessions, start: course.start, performed: performed, until: next, today: today)
    }

    /// Matches performed sessions to planned ones in order, within [start, until), and judges the
    /// rest against `today`.
    public static func match(
        _ planned: [PlannedSession], start: CalendarDate, performed: [PriorSession], until next: CalendarDate?,
        today: CalendarDate
    ) -> (entries: [Entry], unplanned: [PriorSession]) {
        let belonging = performed.filter { session in
            let day = session.performedOn
            return day >= start && next.map { day < $0 } ?? true
        }
        let entries = planned.enumerated().map { index, planned in
            if index < belonging.count {
                return Entry(planned: planned, status: .done, session: belonging[index])
            }
            let status: Status =
                today < planned.dueOn
                ? .upcoming : (planned.dueOn.days(until: today) > graceDays ? .overdue : .due)
            return Entry(planned: planned, status: status, session: nil)
        }
        return (entries, Array(belonging.dropFirst(planned.count)))
    }
}
