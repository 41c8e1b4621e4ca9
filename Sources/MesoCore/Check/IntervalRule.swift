import PostgresClient

/// Rule 6: a session with the same formula sooner than its minimum interval after the last one
/// warns. Days are counted between UTC calendar days, as a course plan counts them.
enum IntervalRule {
    static func findings(_ facts: CheckFacts, on day: CalendarDate) -> [CheckFinding] {
        guard let last = facts.lastSession else { return [] }
        let lastDay = last.performedAt.utcDate
        let elapsed = lastDay.days(until: day)
        let minimum = facts.formula.minIntervalDays
        guard elapsed < minimum else { return [] }
        let ago = elapsed == 0 ? "earlier the same day" : "\(elapsed) day\(elapsed == 1 ? "" : "s") ago"
        return [
            CheckFinding(
                severity: .warn, rule: .interval,
                message:
                    "The last session with \(facts.formula.code) was \(ago) (\(lastDay)); its minimum interval is \(minimum) days, so the next is due from \(lastDay.adding(days: minimum))."
            )
        ]
    }
}
