#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `audit lot`: a lot and every session that drew from it, with the patients to contact should it
/// be recalled.
public struct LotTrace: Sendable, Hashable {
    public let lot: TracedLot
    /// Every session's use of the lot, performed and cancelled, in the order performed.
    public let uses: [LotUse]

    public var performedUses: [LotUse] { uses.filter(\.isPerformed) }
    public var cancelledUses: [LotUse] { uses.filter { !$0.isPerformed } }

    /// The recall contact list: each patient who received the lot in a performed session.
    public var contacts: [RecallContact] { RecallContact.contacts(from: uses) }

    /// Injected from the lot in performed sessions.
    public var volumeML: Decimal { performedUses.reduce(0) { $0 + $1.volumeML } }
    /// Wasted from opened single-use vials of the lot in performed sessions.
    public var wasteML: Decimal { performedUses.reduce(0) { $0 + $1.wasteML } }
}
