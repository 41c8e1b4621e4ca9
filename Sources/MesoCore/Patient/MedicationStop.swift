import PostgresClient

/// A validated stop of a medication record: its ID and the clinic day it was stopped.
public struct MedicationStop: Sendable, Hashable {
    public let medicationID: Int64
    public let stoppedOn: CalendarDate

    public init(id: RecordID, on day: CalendarDate) {
        medicationID = id.value
        stoppedOn = day
    }
}

/// A medication just stopped, with the day through which each bleeding risk it names still counts.
public struct StoppedMedication: Sendable, Hashable {
    /// A bleeding-risk term the record names, and the last day of its washout.
    public struct Washout: Sendable, Hashable {
        public let term: VocabularyTerm
        public let countsThrough: CalendarDate
    }

    public let mrn: String
    public let medication: PatientMedication
    public let washouts: [Washout]
}
