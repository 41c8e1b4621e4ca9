import PostgresClient

/// The allergy and contraindication cross-check run before every session: a pure function of
/// the facts and the time of the session, so that `meso check`, `session record` (inside its own
/// transaction) and the tests all get the same answer from the same facts.
public enum PreSessionCheck {
    /// Applies the rules of docs/check.md in order. Conditions, surgery dates, intervals and the day's
    /// doses are judged on the session's clinic day (`facts.sessionDay`); a lot's receipt with the
    /// session's time.
    public static func run(_ facts: CheckFacts, at sessionAt: Timestamp) -> CheckReport {
        let plans = StockRule.plans(facts, at: sessionAt)
        let findings =
            AllergyRule.findings(facts)
            + ContraindicationRule.findings(facts)
            + ReactionRule.findings(facts)
            + BleedingRiskRule.findings(facts)
            + IntervalRule.findings(facts, at: sessionAt)
            + DoseLimitRule.findings(facts)
            + StockRule.findings(plans, facts: facts, at: sessionAt)
        return CheckReport(findings: findings, lotPlan: plans, sessionAt: sessionAt)
    }
}
