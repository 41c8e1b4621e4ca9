import PostgresClient

/// The allergy and contraindication cross-check run before every session: a pure function of
/// the facts and the time of the session, so that `meso check`, `session record` (inside its own
/// transaction) and the tests all get the same answer from the same facts.
public enum PreSessionCheck {
    /// Applies DESIGN.md's rules 1 to 8 in order. Dates are compared on the session's UTC day; a
    /// lot's receipt with the session's time.
    public static func run(_ facts: CheckFacts, at sessionAt: Timestamp) -> CheckReport {
        let day = sessionAt.utcDate
        let plans = StockRule.plans(facts, at: sessionAt)
        let findings =
            AllergyRule.findings(facts)
            + ContraindicationRule.findings(facts, on: day)
            + BleedingRiskRule.findings(facts)
            + IntervalRule.findings(facts, on: day)
            + DoseLimitRule.findings(facts)
            + StockRule.findings(plans, facts: facts, at: sessionAt)
        return CheckReport(findings: findings, lotPlan: plans, sessionAt: sessionAt)
    }
}
