import Foundation
import MesoCore
import PostgresClient

extension HistoryLoader {
    /// Every reaction that blocks later sessions (an allergic reaction, or any severe event) was
    /// assessed at the follow-up visit a week later, as a clinic does before injecting again: the
    /// cohort's sessions are then recorded without a reaction block. Event ids follow the order loaded.
    func loadAssessments(_ connection: PostgresConnection) throws -> [String: Int] {
        try copy(
            connection, "adverse_event_assessment",
            ["adverse_event_id", "finding", "reason", "recorded_at", "recorded_by", "recorded_login"]
        ) { rows in
            for (index, event) in history.adverseEvents.enumerated()
            where ClinicVocabulary.adverseEvents[Int(event.kind)].0 == "allergic-reaction" || event.severity == 2 {
                let session = history.sessions[Int(event.session)]
                try rows.append([
                    String(index + 1), "not-allergic", "Assessed at the follow-up visit: no allergy found",
                    CopyText.timestamp(event.recordedAt + 7 * 86_400_000_000),
                    ClinicVocabulary.practitioners[Int(session.practitioner)], "meso_bench",
                ])
            }
        }
    }
}
