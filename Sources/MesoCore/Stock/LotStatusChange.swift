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

    init(row: PostgresRow) throws {
        func status(_ text: String) throws -> LotStatus {
            guard let status = LotStatus(rawValue: text) else {
                throw MesoError(.internal, "The stored lot status \(text) is not known.")
            }
            return status
        }
        self.id = try row.decode("id")
        self.fromStatus = try (row.decode("from_status", as: String?.self)).map(status)
        self.toStatus = try status(try row.decode("to_status"))
        self.reason = try row.decode("reason")
        self.changedAt = try row.decode("changed_at")
        self.changedBy = try row.decode("changed_by")
    }
}
