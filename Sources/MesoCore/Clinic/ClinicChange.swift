import PostgresClient

/// One change of a clinic setting, as kept by Schema/0011: the value before and after, who and when.
public struct ClinicChange: Sendable, Hashable {
    public let setting: String
    public let valueBefore: String
    public let valueAfter: String
    public let changedAt: Timestamp
    public let changedBy: String
    public let changedLogin: String

    init(row: PostgresRow) throws(PostgresError) {
        setting = try row.decode("setting")
        valueBefore = try row.decode("value_before")
        valueAfter = try row.decode("value_after")
        changedAt = try row.decode("changed_at")
        changedBy = try row.decode("changed_by")
        changedLogin = try row.decode("changed_login")
    }
}
