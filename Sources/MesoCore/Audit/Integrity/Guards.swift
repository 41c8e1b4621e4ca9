#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// The triggers of `LedgerGuard.expected` exist on their tables, call their functions and fire
    /// (`tgenabled` O or A; D is disabled, R fires only on a replica); no other trigger on these
    /// tables (a foreign key's) is disabled; the ledger's row-level security is on with its policies.
    func guards(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let expected = LedgerGuard.expected
        var found: [Discrepancy] = []
        let triggers = try connection.query(
            """
            SELECT e.table_name, e.trigger_name, e.function_name, t.tgenabled::text AS enabled, f.proname
              FROM unnest(\(expected.map(\.table)), \(expected.map(\.trigger)), \(expected.map(\.function)))
                   WITH ORDINALITY AS e(table_name, trigger_name, function_name, position)
              LEFT JOIN pg_trigger t ON t.tgrelid = to_regclass(e.table_name) AND t.tgname = e.trigger_name
              LEFT JOIN pg_proc f ON f.oid = t.tgfoid
             ORDER BY e.position
            """
        ).rows
        for row in triggers {
            let table: String = try row.decode("table_name")
            let trigger: String = try row.decode("trigger_name")
            let function: String = try row.decode("function_name")
            let enabled: String? = try row.decode("enabled")
            let calls: String? = try row.decode("proname")
            if enabled == nil {
                found.append(
                    Discrepancy(
                        rule: .guardMissing, message: "The trigger \(trigger) on \(table) is missing.",
                        object: "trigger \(trigger) on \(table)"))
            } else if calls != function {
                found.append(
                    Discrepancy(
                        rule: .guardMissing,
                        message: "The trigger \(trigger) on \(table) calls \(calls ?? "an unknown function") instead of \(function).",
                        object: "trigger \(trigger) on \(table)"))
            } else if let state = enabled, let problem = Self.disabledState(state) {
                found.append(Discrepancy(rule: .guardDisabled, message: "The trigger \(trigger) on \(table) is \(problem)."))
            }
        }
        let others = try connection.query(
            """
            SELECT DISTINCT ON (c.relname, coalesce(k.conname, t.tgname))
                   c.relname, t.tgname, t.tgenabled::text AS enabled, k.conname
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              LEFT JOIN pg_constraint k ON k.oid = t.tgconstraint
             WHERE t.tgrelid = ANY (SELECT to_regclass(name) FROM unnest(\(Array(Set(expected.map(\.table))))) AS name)
               AND t.tgenabled NOT IN ('O', 'A')
               AND NOT (t.tgname = ANY (\(expected.map(\.trigger))))
             ORDER BY c.relname, coalesce(k.conname, t.tgname)
            """
        ).rows
        for row in others {
            let table: String = try row.decode("relname")
            let state = Self.disabledState(try row.decode("enabled")) ?? "disabled"
            // A foreign key is enforced by internal triggers; DISABLE TRIGGER ALL switches them off too.
            let message = try row.decode("conname", as: String?.self).map {
                "The foreign key \($0) on \(table) is not enforced: its trigger is \(state)."
            } ?? "The trigger \(try row.decode("tgname", as: String.self)) on \(table) is \(state)."
            found.append(Discrepancy(rule: .guardDisabled, message: message))
        }
        let security = try require(
            try connection.query(
                """
                SELECT coalesce((SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('stock_movement')), false) AS enabled,
                       ARRAY(SELECT polname::text FROM pg_policy WHERE polrelid = to_regclass('stock_movement')) AS policies
                """
            ).first)
        if !(try security.decode("enabled", as: Bool.self)) {
            found.append(
                Discrepancy(
                    rule: .guardDisabled,
                    message: "Row-level security is off on stock_movement: any login with INSERT on it may write any kind of movement.",
                    object: "row security stock_movement"))
        }
        let policies = Set(try security.decode("policies", as: [String].self))
        for policy in LedgerGuard.ledgerPolicies where !policies.contains(policy) {
            found.append(
                Discrepancy(
                    rule: .guardMissing, message: "The policy \(policy) on stock_movement is missing.",
                    object: "policy \(policy) on stock_movement"))
        }
        return found
    }

    /// Why a trigger in state `tgenabled` does not fire in ordinary sessions, or nil when it does.
    static func disabledState(_ state: String) -> String? {
        switch state {
        case "O", "A": return nil
        case "R": return "enabled only for replication, so it does not fire"
        default: return "disabled"
        }
    }
}
