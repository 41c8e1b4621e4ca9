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
    /// A stock rule refuses a movement or a receipt: a recalled lot received, a vial drawn past what it
    /// holds, a vial opened when none is sealed (Schema/0015).
    public static let stockRuleRefused = SQLState("MS040")
    /// A movement or a receipt the stock does not admit as written: sealed vials moved in part, an
    /// expired delivery, a pack of another product (Schema/0015).
    public static let stockMovementInvalid = SQLState("MS041")
}

/// SQLSTATEs of the corrections, limits, class links, assessments and overrides of Schema/0013.
extension SQLState {
    public static let patientUpdateRefused = SQLState("MS020")
    public static let conditionEndRefused = SQLState("MS021")
    public static let allergyAmendmentRefused = SQLState("MS022")
    public static let groupMemberChangeRefused = SQLState("MS023")
    public static let doseLimitChangeRefused = SQLState("MS024")
    public static let assessmentRefused = SQLState("MS025")
    public static let overrideRefused = SQLState("MS026")
    /// A session whose verdict, findings and overrides disagree, found at commit.
    public static let sessionVerdictBroken = SQLState("MS027")
}

extension SQLState {
    /// A medication stop the database does not accept: its day is after the clinic's today (Schema/0014).
    public static let medicationStopInvalid = SQLState("MS030")
}

extension SQLState {
    /// A public code added to a compound that carries it, or removed from one that does not (Schema/0016).
    public static let compoundCodingUnchanged = SQLState("MS050")
    /// A compound renamed to the name it has (Schema/0016).
    public static let compoundNameUnchanged = SQLState("MS051")
}
