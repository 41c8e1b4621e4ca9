#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension StockService {
    /// Releases, quarantines, recalls or destroys a lot. Destroying writes what is left off the
    /// ledger as `destruction` rows in the same transaction (the sealed vials, and each open vial of a
    /// multi-dose lot), so a destroyed lot holds nothing. A change a pharmacy does not make (a
    /// recalled or destroyed lot released) is refused.
    public func changeStatus(of reference: LotRef, to status: LotStatus, reason note: Note) throws -> LotUpdate {
        let reason = note.text
        return try MesoError.translating {
            do {
                return try connection.transaction { tx in
                    let lot = try lot(reference, on: tx, locking: true)
                    guard lot.status != status else {
                        throw MesoError.refused("\(lot.label) is already \(status.rawValue).")
                    }
                    var destruction: [StockMovement] = []
                    if status == .destroyed && lot.status != .destroyed {
                        for vial in lot.openVials {
                            destruction.append(
                                try insertMovement(.destruction, -vial.remainingML, lot: lot, reason: reason, vial: vial.id, on: tx))
                        }
                        if lot.sealedML > 0 {
                            destruction.append(try insertMovement(.destruction, -lot.sealedML, lot: lot, reason: reason, on: tx))
                        }
                    }
                    let change = try LotStatusChange(
                        row: try tx.query(
                            """
                            INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by)
                            VALUES (\(lot.id), \(status.rawValue), \(reason), \(actor.name))
                            RETURNING id, from_status, to_status, reason, changed_at, changed_by
                            """
                        ).first!)
                    return LotUpdate(lot: try self.lot(id: lot.id, on: tx), movements: destruction, statusChange: change)
                }
            } catch let error as PostgresError where error.sqlState == .lotStatusTransition {
                throw MesoError.refused(Message(error.message))
            }
        }
    }

    /// Records a physical count: the difference from the balance on hand is written as a
    /// `count-adjustment` (zero when the count agrees, as proof the lot was counted). The ledger
    /// is never overwritten. A multi-dose lot is counted in whole sealed vials: its open vials hold what
    /// their ledger says (a spill from one is written off with `waste Field.vial`), so `countedML` is their
    /// remainders plus a whole number of vials.
    public func count(_ reference: LotRef, countedML counted: Millilitres, reason: Note) throws -> LotUpdate {
        let countedML = counted.value
        return try record(.countAdjustment, on: reference, reason: reason.text) { lot in
            guard countedML <= lot.receivedML else {
                throw MesoError.invalid(
                    "\(.ml)",
                    "\(.ml) \(countedML.fixed(scale: 3)) is more than the \(lot.receivedML.fixed(scale: 3)) mL ever received of lot \(lot.lotNumber) of \(lot.productCode): a count cannot find more than was received.")
            }
            if !lot.singleUse {
                let open = lot.onHandML - lot.sealedML
                let sealed = countedML - open
                if sealed < 0 || !Self.isWholeVials(sealed, of: lot.vialML) {
                    throw MesoError.invalid(
                        "\(.ml)",
                        "\(.ml) \(countedML.fixed(scale: 3)) cannot be counted on \(lot.label): it is a multi-dose lot counted in whole sealed vials of \(lot.vialML.fixed(scale: 3)) mL, and its \(lot.openVials.count) open vial(s) hold \(open.fixed(scale: 3)) mL as recorded (a spill is written off with meso stock waste \(.vial) ID), so a count is \(open.fixed(scale: 3)) mL plus whole vials.")
                }
            }
            return [(countedML - lot.onHandML, nil, nil)]
        }
    }

    /// Writes `ml` off a lot as waste (a broken vial, a spill); never more than it holds. A multi-dose
    /// lot's waste comes from the open vial `vial` names, or else is whole sealed vials.
    public func waste(_ reference: LotRef, ml volume: Millilitres, vial: Int64? = nil, reason: Note) throws -> LotUpdate {
        let ml = volume.value
        return try record(.waste, on: reference, reason: reason.text) { lot in
            if let vial {
                guard !lot.singleUse else {
                    throw MesoError.invalid("\(.vial)", "\(lot.label) is single-use: its vials are not followed once open, so \(.vial) names none.")
                }
                guard let open = lot.openVials.first(where: { $0.id == vial }) else {
                    throw MesoError.invalid(
                        "\(.vial)",
                        "\(.vial) \(vial) is not an open vial of \(lot.label)\(Self.openVialList(lot)).")
                }
                guard ml <= open.remainingML else {
                    throw MesoError.refused(
                        "Vial \(vial) of \(lot.label) holds \(open.remainingML.fixed(scale: 3)) mL: \(ml.fixed(scale: 3)) mL cannot be written off as waste.")
                }
                return [(-ml, vial, nil)]
            }
            if !lot.singleUse && !Self.isWholeVials(ml, of: lot.vialML) {
                throw MesoError.invalid(
                    "\(.ml)",
                    "\(.ml) \(ml.fixed(scale: 3)) is not a whole number of the \(lot.vialML.fixed(scale: 3)) mL sealed vials of \(lot.label): a sealed vial is written off whole; a spill from an open vial is written off with \(.vial) ID\(Self.openVialList(lot)).")
            }
            let available = lot.singleUse ? lot.onHandML : lot.sealedML
            guard ml <= available else {
                let what = lot.singleUse ? "" : " in sealed vials"
                throw MesoError.refused(
                    "\(lot.label) holds \(available.fixed(scale: 3)) mL\(what): \(ml.fixed(scale: 3)) mL cannot be written off as waste.")
            }
            return [(-ml, nil, nil)]
        }
    }

    /// Writes off, as waste, every open vial of a multi-dose lot past its beyond-use day (its in-use
    /// period or the lot's expiry) on the clinic's today, with the reason; refused when there is none.
    /// Sealed vials of an expired lot leave with `lot destroy`.
    public func discard(_ reference: LotRef) throws -> LotUpdate {
        try record(.waste, on: reference, reason: nil) { lot in
            let vials = lot.vialsToDiscard
            guard !vials.isEmpty else {
                throw MesoError.refused(
                    "\(lot.label) has no open vial past its beyond-use day: nothing to discard\(lot.openVials.isEmpty ? "" : " (its open vials are in use: \(lot.openVials.map { "vial \($0.id) until \($0.beyondUseDay)" }.joined(separator: ", ")))").")
            }
            return vials.map { vial in
                (
                    -vial.remainingML, vial.id,
                    "Open vial \(vial.id) past its beyond-use day \(vial.beyondUseDay) (opened \(vial.openedAt)): discarded."
                )
            }
        }
    }

    /// Locks the lot, asks `rows` for the signed volumes (and the vial each names, and a reason of its
    /// own) or a refusal, and writes the ledger rows, in one transaction.
    private func record(
        _ kind: StockMovement.Kind, on reference: LotRef, reason: String?,
        rows: (Lot) throws -> [(quantity: Decimal, vial: Int64?, reason: String?)]
    ) throws -> LotUpdate {
        try MesoError.translating {
            try connection.transaction { tx in
                let lot = try lot(reference, on: tx, locking: true)
                let movements = try rows(lot).map { row in
                    try insertMovement(kind, row.quantity, lot: lot, reason: row.reason ?? reason ?? "", vial: row.vial, on: tx)
                }
                return LotUpdate(lot: try self.lot(id: lot.id, on: tx), movements: movements, statusChange: nil)
            }
        }
    }

    static func isWholeVials(_ ml: Decimal, of vialML: Decimal) -> Bool {
        guard vialML > 0 else { return false }
        var rest = ml
        // A few vials at most in a count or a waste; Decimal remainders are not in the standard library.
        while rest >= vialML { rest -= vialML }
        return rest == 0
    }

    static func openVialList(_ lot: Lot) -> String {
        lot.openVials.isEmpty
            ? " (it has no open vial)"
            : " (its open vials: \(lot.openVials.map { "\($0.id) holding \($0.remainingML.fixed(scale: 3)) mL" }.joined(separator: ", ")))"
    }
}
