import PostgresClient

extension SessionService {
    /// Records what was found after an adverse event; its block on later sessions lifts.
    public func assess(_ request: NewAdverseEventAssessment) throws -> (assessment: AdverseEventAssessment, event: AdverseEvent) {
        let allergy: Int64? = if case .allergy(let id) = request.finding { id } else { nil }
        do {
            return try connection.transaction { connection in
                guard
                    let event = try connection.query(
                        "SELECT \(unsafeRaw: AdverseEvent.columns) FROM adverse_event WHERE id = \(request.eventID)"
                    ).first
                else { throw MesoError.invalid("EVENT_ID", "No adverse event has the ID \(request.eventID).") }
                if let allergy, try connection.query("SELECT 1 FROM patient_allergy WHERE id = \(allergy)").first == nil {
                    throw MesoError.invalid("\(.allergy)", "No allergy record has the ID \(allergy).")
                }
                let row = try connection.query(
                    """
                    INSERT INTO adverse_event_assessment (adverse_event_id, finding, allergy_id, reason, recorded_by)
                    VALUES (\(request.eventID), \(allergy == nil ? "not-allergic" : "allergy"), \(allergy), \(request.reason),
                            \(actor.name))
                    RETURNING \(unsafeRaw: AdverseEventAssessment.columns)
                    """
                ).first!
                return (try AdverseEventAssessment(row: row), try AdverseEvent(row: event))
            }
        } catch let error as PostgresError where error.sqlState == .assessmentRefused {
            throw MesoError.invalid("\(.allergy)", Message(error.message))
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }
}
