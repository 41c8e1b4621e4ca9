#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// `audit patient`: every lot a patient received, session by session, and which of them have
/// been recalled since.
public struct PatientLotHistory: Sendable, Hashable {
    public let patientID: Int64
    public let mrn: String
    public let name: String
    public let birthDate: CalendarDate?
    /// One row per session and lot, performed and cancelled, in the order performed.
    public let uses: [LotUse]
    /// The database login that recorded each of those sessions (Schema/0012), whoever the
    /// practitioner named on it is.
    public let recordedLogins: [Int64: String]

    /// The distinct lots received in performed sessions, in the order first received.
    public var lotsReceived: [TracedLot] {
        var seen: Set<Int64> = []
        return uses.filter(\.isPerformed).map(\.lot).filter { seen.insert($0.id).inserted }
    }

    /// The lots received in performed sessions that have been recalled.
    public var recalledLots: [TracedLot] { lotsReceived.filter(\.isRecalled) }
}
