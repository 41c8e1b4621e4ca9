import PostgresClient

/// A medicine or supplement the patient takes, as the patient or the prescriber named it.
public struct PatientMedication: Sendable, Hashable {
    public let id: Int64
    public let name: String
    public let recordedAt: Timestamp
    public let recordedBy: String

    public init(id: Int64, name: String, recordedAt: Timestamp, recordedBy: String) {
        self.id = id
        self.name = name
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            id: try row.decode("id"), name: try row.decode("name"), recordedAt: try row.decode("recorded_at"),
            recordedBy: try row.decode("recorded_by"))
    }
}
