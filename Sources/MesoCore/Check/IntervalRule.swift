import PostgresClient

/// Rule 7: a performed session of the same formula sooner than its minimum interval before the
/// session, or after it (a session typed in after the fact, close to a later one), warns. Days are
/// counted between the clinic's calendar days, as a course plan counts them.
enum IntervalRule {
    static func findings(_ facts: CheckFacts, at sessionAt: Timestamp) -> [CheckFinding] {
        let day = facts.sessionDay
        let minimum = facts.formula.minIntervalDays
        return facts.formulaSessions.compactMap { other in
            let apart = abs(other.performedOn.days(until: day))
            guard apart < minimum else { return nil }
            let code = facts.formula.code
            let message: Message
            if other.performedAt <= sessionAt {
                let ago = apart == 0 ? "earlier the same day" : "\(apart) day\(apart == 1 ? "" : "s") before this one"
                message =
                    "The last session with \(code) was \(ago) (\(other.performedOn)); its minimum interval is \(minimum) days, so the next is due from \(other.performedOn.adding(days: minimum))."
            } else {
                let after = apart == 0 ? "later the same day" : "\(apart) day\(apart == 1 ? "" : "s") after this one"
                message =
                    "A later session with \(code) is recorded \(after) (\(other.performedOn)); its minimum interval is \(minimum) days, so this one should have been on \(other.performedOn.adding(days: -minimum)) or before."
            }
            return CheckFinding(severity: .warn, rule: .interval, message: message)
        }
    }
}
