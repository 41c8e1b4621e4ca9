import PostgresClient

/// The clinic's settings (Schema/0011): the time zone whose calendar day every day-based rule uses,
/// and the URI under which meso's identifiers are published to other systems.
public struct Clinic: Sendable, Hashable {
    public let timeZone: ClinicTimeZone
    public let identifierSystem: String
    public let changedAt: Timestamp
    public let changedBy: String
    public let changedLogin: String
    /// The clinic's calendar day when the settings were read.
    public let today: CalendarDate
    /// Every earlier change of a setting, oldest first.
    public let history: [ClinicChange]

    public init(
        timeZone: ClinicTimeZone, identifierSystem: String, changedAt: Timestamp, changedBy: String,
        changedLogin: String, today: CalendarDate, history: [ClinicChange]
    ) {
        self.timeZone = timeZone
        self.identifierSystem = identifierSystem
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.changedLogin = changedLogin
        self.today = today
        self.history = history
    }
}
