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
    /// A ledger or usage row that disagrees with its lot, session or reversed row (Schema/0012).
    public static let rowDisagrees = SQLState("MS008")
    /// A public code added to a compound that carries it, or removed from one that does not (Schema/0016).
    public static let compoundCodingUnchanged = SQLState("MS050")
    /// A compound renamed to the name it has (Schema/0016).
    public static let compoundNameUnchanged = SQLState("MS051")
}
