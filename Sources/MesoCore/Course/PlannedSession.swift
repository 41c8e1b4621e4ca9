import PostgresClient

/// One session of a course plan and the day it is due.
public struct PlannedSession: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        /// The first sessions, one formula interval apart.
        case series
        /// The sessions every few months after the series.
        case maintenance
    }

    public let position: Int
    public let phase: Phase
    public let dueOn: CalendarDate

    public init(position: Int, phase: Phase, dueOn: CalendarDate) {
        self.position = position
        self.phase = phase
        self.dueOn = dueOn
    }
}
