import PostgresClient

/// Every course planned for a patient, each with its progress, as of a day.
public struct PatientCourses: Sendable, Hashable {
    public let patient: Patient
    public let today: CalendarDate
    /// In the order they were planned.
    public let courses: [CourseProgress]
}
