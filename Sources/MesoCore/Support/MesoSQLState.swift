import PostgresClient

/// SQLSTATEs raised by meso's own triggers (class MS; see Schema/0001_init.sql).
extension SQLState {
    public static let appendOnlyViolation = SQLState("MS001")
    public static let unusableLot = SQLState("MS002")
    public static let lotStatusTransition = SQLState("MS003")
    public static let cacheChangedOutsideEvent = SQLState("MS004")
    public static let immutableRowChanged = SQLState("MS005")
    public static let incompleteRecord = SQLState("MS006")
    /// A clinic setting the database does not accept (Schema/0011).
    public static let clinicSettingInvalid = SQLState("MS007")
}

extension SQLState {
    /// A medication stop the database does not accept: its day is after the clinic's today (Schema/0014).
    public static let medicationStopInvalid = SQLState("MS030")
}
