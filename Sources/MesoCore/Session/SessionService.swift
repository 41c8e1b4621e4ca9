#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Sessions: recording what was injected from which lots, reading them back, cancelling them and
/// recording adverse events.
///
/// Recording is one transaction of two round trips. The first pipeline opens it, locks the
/// patient's row and then the formula's candidate lots in ascending id (the one lock order every
/// session uses, so none deadlock) and reads the check's facts under those locks, the lots' open
/// vials included; the check is run again on them, and then one pipeline writes the session, its
/// findings, its usage and its ledger rows and commits. A lot's balance and its vials cannot move
/// between the plan and the draw (every movement of a lot takes its row lock), and the ledger trigger
/// with `CHECK (on_hand_ml >= 0)` and `CHECK (remaining_ml >= 0)` stands behind the locks should
/// anything slip past them: no vial is drawn past what it holds, and none is opened when no sealed
/// vial is left.
public struct SessionService {
    public let connection: PostgresConnection
    public let actor: Actor
    /// How the findings stored with a session name the inputs they mention; the CLI names them as
    /// its options.
    public var fieldNames: FieldNaming = Field.byKey

    /// The reason written on the ledger row of an opened single-use vial's remainder.
    public static let openedVialWasteReason = "Unused remainder of opened single-use vials"

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// Records a session, or refuses it (nothing written) when the check blocks it without an
    /// override, when stock is short, or when a lot named with `Field.lot` cannot be used.
    public func record(_ request: SessionRequest) throws -> SessionRecord {
        let sessionAt = request.sessionAt
        let practitioner = request.practitioner ?? actor.name
        do {
            return try connection.pipelinedTransaction(prepared: true) { transaction in
                let (_, loaded, namedLots) = try transaction.send(
                    Fetch.all(
                        Fetch.ifAny(request.at.map(Self.fetchNotAhead)),
                        CheckFactsLoader.fetch(
                            mrn: request.mrn.text, formulaCode: request.formulaCode.text, at: sessionAt, locking: true),
                        Fetch.ifAny(request.lots.isEmpty ? nil : StockFacts.fetch(.named(request.lots), at: sessionAt))))
                var facts = loaded
                if let namedLots {
                    facts = facts.choosing(
                        try NamedLots.resolve(
                            request.lots, read: namedLots, formula: facts.formula, at: sessionAt, on: facts.sessionDay))
                }
                let goAhead = try SessionGoAhead.decide(
                    facts: facts, report: PreSessionCheck.run(facts, at: sessionAt), overrides: request.overrides)
                let draft = SessionDraft(
                    facts: facts, goAhead: goAhead, practitioner: practitioner, area: request.area, at: sessionAt,
                    actor: actor.name, fieldNames: fieldNames)
                return try transaction.commit(with: draft.writes)
            }
        } catch let error as PostgresError {
            throw Self.refusal(error) ?? MesoError(error)
        }
    }

    /// Refuses a session dated ahead of the database's clock by more than the clock tolerance
    /// (Schema/0015, meso_clock_tolerance).
    static func fetchNotAhead(_ at: Timestamp) -> Fetch<Void> {
        Fetch("SELECT now() + public.meso_clock_tolerance() AS latest") { result in
            if let row = result.first, at > (try row.decode("latest", as: Timestamp.self)) {
                throw FieldText.futureTime(at, field: "\(.at)", onceHappened: "a session is recorded once it has been performed")
            }
        }
    }

    /// The database's own refusals of a draw, which the locks should make unreachable, as sentences.
    static func refusal(_ error: PostgresError) -> MesoError? {
        if error.sqlState == .unusableLot || error.sqlState == .stockRuleRefused {
            return .refused("Session not recorded: \(error.message)")
        }
        if error.sqlState == .checkViolation,
            ["lot_on_hand_not_negative", "stock_movement_balance_not_negative"].contains(error.constraint ?? "")
        {
            return .refused(
                "Session not recorded: a lot would have gone below zero, so another movement must have drawn from it at the same moment; check the stock and record the session again.")
        }
        return nil
    }

    /// A cancellation's reason holds at most 1900 characters. The ledger's reversal rows say "Session N
    /// cancelled." without it: the pharmacist reads the ledger, not why a session was cancelled.
    public static let longestCancelReason = 1900

    /// A cancellation's reason as typed.
    public static func cancelReason(_ text: String) throws(MesoError) -> Note {
        try Note(text, field: "\(.reason)", maxLength: longestCancelReason)
    }
}
