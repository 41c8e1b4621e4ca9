import PostgresClient

/// One row of a lot's status history; the first records the status it was received in.
public struct LotStatusChange: Sendable, Hashable {
    public let id: Int64
    /// nil for the status the lot was received in.
    public let fromStatus: LotStatus?
    public let toStatus: LotStatus
    public let reason: String
    public let changedAt: Timestamp
    public let changedBy: String

    init(row: PostgresRow) throws(PostgresError) {
        self.id = try row.decode("id")
        self.fromStatus = try row.decodeEnum("from_status", as: LotStatus?.self)
        self.toStatus = try row.decodeEnum("to_status")
        self.reason = try row.decode("reason")
        self.changedAt = try row.decode("changed_at")
        self.changedBy = try row.decode("changed_by")
    }
}
