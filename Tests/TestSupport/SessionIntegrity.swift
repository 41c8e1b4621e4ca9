import Foundation
import PostgresClient

/// What a partly written session would look like, looked for directly in the tables (independently
/// of `meso audit verify`, which the reliability tests also run).
public enum SessionIntegrity {
    /// One line per broken session: none when every session has its usage, its ledger rows and its
    /// findings, and every usage and session ledger row has its session.
    public static func partialSessions(_ connection: PostgresConnection) throws -> [String] {
        try connection.query(
            """
            WITH drawn AS (
                SELECT session_id, lot_id,
                       -sum(quantity_ml) FILTER (WHERE kind = 'session-use') AS used_ml,
                       -coalesce(sum(quantity_ml) FILTER (WHERE kind = 'waste'), 0) AS wasted_ml,
                       count(*) FILTER (WHERE kind = 'reversal') AS reversals,
                       count(*) FILTER (WHERE kind IN ('session-use', 'waste')) AS draws
                  FROM stock_movement WHERE session_id IS NOT NULL GROUP BY session_id, lot_id
            )
            SELECT 'session ' || s.id || ' has no usage row' AS problem
              FROM session s WHERE NOT EXISTS (SELECT FROM session_usage u WHERE u.session_id = s.id)
            UNION ALL
            SELECT 'session ' || s.id || ' has no session-use ledger row'
              FROM session s
             WHERE NOT EXISTS (SELECT FROM stock_movement m WHERE m.session_id = s.id AND m.kind = 'session-use')
            UNION ALL
            SELECT 'session ' || u.session_id || ', lot ' || u.lot_id || ': usage ' || u.volume_ml || ' + ' || u.waste_ml
                   || ' mL, ledger ' || coalesce(d.used_ml, 0) || ' + ' || coalesce(d.wasted_ml, 0) || ' mL'
              FROM session_usage u
              LEFT JOIN drawn d ON d.session_id = u.session_id AND d.lot_id = u.lot_id
             WHERE d.used_ml IS DISTINCT FROM u.volume_ml OR coalesce(d.wasted_ml, 0) <> u.waste_ml
            UNION ALL
            SELECT 'ledger rows of session ' || d.session_id || ' on lot ' || d.lot_id || ' have no usage row'
              FROM drawn d
             WHERE NOT EXISTS (SELECT FROM session_usage u WHERE u.session_id = d.session_id AND u.lot_id = d.lot_id)
            UNION ALL
            SELECT 'session ' || s.id || ' (' || s.status || ') has ' || d.reversals || ' reversals of ' || d.draws || ' draws on lot '
                   || d.lot_id
              FROM session s JOIN drawn d ON d.session_id = s.id
             WHERE d.reversals <> CASE s.status WHEN 'cancelled' THEN d.draws ELSE 0 END
            UNION ALL
            SELECT 'session ' || s.id || ' is ' || s.verdict || ' without the finding that made it so'
              FROM session s
             WHERE (s.verdict = 'WARN'
                    AND NOT EXISTS (SELECT FROM session_finding f WHERE f.session_id = s.id AND f.severity = 'warn'))
                OR (s.verdict = 'BLOCK'
                    AND NOT EXISTS (SELECT FROM session_finding f WHERE f.session_id = s.id AND f.overridden))
            UNION ALL
            SELECT 'a ledger row of session ' || m.session_id || ' names patient ' || m.patient_id || ', not the session''s'
              FROM stock_movement m JOIN session s ON s.id = m.session_id
             WHERE m.patient_id IS DISTINCT FROM s.patient_id
            """
        ).rows.map { try $0.decode("problem") }
    }

    /// The lowest balance any ledger row recorded, and how many rows disagree with the running sum
    /// of their lot's rows: a negative point or a lost update in the history.
    public static func ledgerHistory(_ connection: PostgresConnection) throws -> (lowest: Decimal, disagreeing: Int) {
        let row = try connection.query(
            """
            SELECT coalesce(min(balance_after_ml), 0) AS lowest,
                   count(*) FILTER (WHERE balance_after_ml <> running) AS disagreeing
              FROM (SELECT balance_after_ml, sum(quantity_ml) OVER (PARTITION BY lot_id ORDER BY id) AS running
                      FROM stock_movement) m
            """
        ).rows[0]
        return (try row.decode("lowest"), try row.decode("disagreeing"))
    }
}
