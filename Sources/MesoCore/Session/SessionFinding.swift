import PostgresClient

/// A finding of the check stored with the session it was found for, marked when an override
/// lifted it.
public struct SessionFinding: Sendable, Hashable {
    /// 1, 2, ... in the check's order: blocks, then warnings, then information.
    public let position: Int
    public let severity: CheckFinding.Severity
    public let rule: CheckFinding.Rule
    public let matchType: CheckFinding.MatchType?
    public let message: Message
    public let compoundCode: String?
    public let groupCode: String?
    public let productCode: String?
    public let lotID: Int64?
    public let conditionID: Int64?
    /// A block the session went ahead despite, under its override.
    public let overridden: Bool

    init(position: Int, finding: CheckFinding, overridden: Bool) {
        self.position = position
        severity = finding.severity
        rule = finding.rule
        matchType = finding.matchType
        message = finding.message
        compoundCode = finding.compoundCode
        groupCode = finding.groupCode
        productCode = finding.productCode
        lotID = finding.lotID
        conditionID = finding.conditionID
        self.overridden = overridden
    }

    /// The columns `init(row:)` reads, from `session_finding`.
    static let columns = """
        position, severity, rule, match_type, message, compound_code, group_code, product_code, lot_id,
        condition_id, overridden
        """

    init(row: PostgresRow) throws(PostgresError) {
        position = try row.decode("position")
        severity = try row.decodeEnum("severity")
        rule = try row.decodeEnum("rule")
        let match: String? = try row.decode("match_type")
        matchType = match.flatMap(CheckFinding.MatchType.init(rawValue:))
        message = Message(try row.decode("message", as: String.self))
        compoundCode = try row.decode("compound_code")
        groupCode = try row.decode("group_code")
        productCode = try row.decode("product_code")
        lotID = try row.decode("lot_id")
        conditionID = try row.decode("condition_id")
        overridden = try row.decode("overridden")
    }
}
