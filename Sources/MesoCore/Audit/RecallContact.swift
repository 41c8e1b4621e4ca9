#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A patient to contact when a lot is recalled: one who received it in at least one performed
/// session, with how often, when, how much, and whether anything went wrong afterwards.
public struct RecallContact: Sendable, Hashable {
    public let patientID: Int64
    public let mrn: String
    public let name: String
    public let birthDate: CalendarDate?
    /// Performed sessions that drew from the lot.
    public let sessions: Int
    public let firstSessionAt: Timestamp
    public let lastSessionAt: Timestamp
    /// Injected from the lot over those sessions.
    public let volumeML: Decimal
    /// Opened single-use remainder of the lot wasted in those sessions.
    public let wasteML: Decimal
    /// Whether any of those sessions has an adverse event recorded.
    public let hadAdverseEvent: Bool

    /// One contact per patient with a performed use, by MRN. Cancelled sessions count for nothing:
    /// a patient whose only session with the lot was cancelled is not contacted.
    public static func contacts(from uses: [LotUse]) -> [RecallContact] {
        var byPatient: [Int64: RecallContact] = [:]
        for use in uses where use.isPerformed {
            let events = !use.adverseEvents.isEmpty
            if let known = byPatient[use.patientID] {
                byPatient[use.patientID] = RecallContact(
                    patientID: known.patientID, mrn: known.mrn, name: known.name, birthDate: known.birthDate,
                    sessions: known.sessions + 1, firstSessionAt: min(known.firstSessionAt, use.performedAt),
                    lastSessionAt: max(known.lastSessionAt, use.performedAt), volumeML: known.volumeML + use.volumeML,
                    wasteML: known.wasteML + use.wasteML, hadAdverseEvent: known.hadAdverseEvent || events)
            } else {
                byPatient[use.patientID] = RecallContact(
                    patientID: use.patientID, mrn: use.patientMRN, name: use.patientName,
                    birthDate: use.patientBirthDate, sessions: 1, firstSessionAt: use.performedAt,
                    lastSessionAt: use.performedAt, volumeML: use.volumeML, wasteML: use.wasteML,
                    hadAdverseEvent: events)
            }
        }
        return byPatient.values.sorted { ($0.mrn, $0.patientID) < ($1.mrn, $1.patientID) }
    }
}
