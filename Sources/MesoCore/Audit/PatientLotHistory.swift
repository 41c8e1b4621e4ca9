#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// `audit patient`: every lot a patient received, session by session, which of them have been
/// recalled since, and the sessions that went ahead over a block.
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
    /// Each override of the patient's sessions: the sessions that went ahead over a block.
    public let overriddenBlocks: [OverriddenBlock]

    public init(
        patientID: Int64, mrn: String, name: String, birthDate: CalendarDate?, uses: [LotUse],
        recordedLogins: [Int64: String] = [:], overriddenBlocks: [OverriddenBlock] = []
    ) {
        self.patientID = patientID
        self.mrn = mrn
        self.name = name
        self.birthDate = birthDate
        self.uses = uses
        self.recordedLogins = recordedLogins
        self.overriddenBlocks = overriddenBlocks
    }

    /// The distinct lots received in performed sessions, in the order first received.
    public var lotsReceived: [TracedLot] {
        var seen: Set<Int64> = []
        return uses.filter(\.isPerformed).map(\.lot).filter { seen.insert($0.id).inserted }
    }

    /// The lots received in performed sessions that have been recalled.
    public var recalledLots: [TracedLot] { lotsReceived.filter(\.isRecalled) }
}
