import PostgresClient

/// What the practitioner found after an adverse event that blocks later sessions: the allergy it
/// was (a record on the patient's file), or that it was not an allergy, and why. Append-only.
public struct AdverseEventAssessment: Sendable, Hashable {
    public enum Finding: Sendable, Hashable {
        case allergy(Int64)
        case notAllergic
    }

    public let id: Int64
    public let eventID: Int64
    public let finding: Finding
    public let reason: String
    public let recordedAt: Timestamp
    public let recordedBy: String
    public let recordedLogin: String

    static let columns = "id, adverse_event_id, finding, allergy_id, reason, recorded_at, recorded_by, recorded_login"

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("id")
        eventID = try row.decode("adverse_event_id")
        let allergy: Int64? = try row.decode("allergy_id")
        finding = allergy.map(Finding.allergy) ?? .notAllergic
        reason = try row.decode("reason")
        recordedAt = try row.decode("recorded_at")
        recordedBy = try row.decode("recorded_by")
        recordedLogin = try row.decode("recorded_login")
    }
}

/// A validated `session adverse-event assess`.
public struct NewAdverseEventAssessment: Sendable, Hashable {
    public let eventID: Int64
    public let finding: AdverseEventAssessment.Finding
    public let reason: String

    public init(event: String, allergy: String?, notAllergic: Bool, reason: String) throws(MesoError) {
        eventID = Int64(try FieldText.integer(event, field: "EVENT_ID", in: 1...Int.max))
        switch (allergy, notAllergic) {
        case (let allergy?, false):
            finding = .allergy(Int64(try FieldText.integer(allergy, field: "--allergy", in: 1...Int.max)))
        case (nil, true):
            finding = .notAllergic
        case (nil, false):
            throw .invalid(
                "--allergy",
                "Say what was found: --allergy ALLERGY_ID (the allergy record it was) or --not-allergic.")
        case (_?, true):
            throw .invalid("--allergy", "Give either --allergy or --not-allergic, not both.")
        }
        self.reason = try FieldText.note(reason, field: "--reason")
    }
}

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
                    throw MesoError.invalid("--allergy", "No allergy record has the ID \(allergy).")
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
            throw MesoError.invalid("--allergy", error.message)
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }
}
