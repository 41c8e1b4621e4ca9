import PostgresClient

/// The lots a practitioner names with `Field.lot`, checked before the check runs: each must exist and
/// belong to the formula (invalid input otherwise), and the database's rule must let it be drawn at
/// the session's time, as it stood then (Schema/0015). Nothing lifts an unusable named lot: an
/// override answers for a clinical judgement, and no judgement makes a recalled vial safe, an empty
/// one full, or an open vial past its beyond-use day fit to draw.
public enum NamedLots {
    /// The named lots per product, in the order named, for `CheckFacts.choosing`.
    /// - Parameter read: the lots `choices` name, as `StockFacts.query(.named)` read them.
    /// - Parameter sessionDay: the clinic's day of `sessionAt` (`CheckFacts.sessionDay`), on which
    ///   expiry was judged.
    public static func resolve(
        _ choices: [LotRef], read: [StockLot], formula: FormulaVersion, at sessionAt: Timestamp,
        on sessionDay: CalendarDate
    ) throws(MesoError) -> [String: [StockLot]] {
        let products = formula.components.map(\.productCode)
        var named: [(choice: LotRef, lot: StockLot)] = []
        for choice in choices {
            guard products.contains(choice.productCode) else {
                throw .invalid(
                    "\(.lot)",
                    "\(.lot) \(choice) is a lot of \(choice.productCode), which is not in formula \(formula.code) version \(formula.version) (its products: \(products.joined(separator: ", "))).")
            }
            guard let lot = read.first(where: { $0.productCode == choice.productCode && $0.lotNumber == choice.lotNumber })
            else {
                throw .invalid("\(.lot)", "\(.lot) \(choice): \(choice.productCode) has no lot \(choice.lotNumber).")
            }
            named.append((choice, lot))
        }
        var chosen: [String: [StockLot]] = [:]
        for (choice, lot) in named {
            if let reason = lot.unusableReason {
                throw .refused(
                    "Session not recorded: \(.lot) \(choice) \(explanation(reason, lot, sessionAt, on: sessionDay)); no override can lift this.")
            }
            chosen[choice.productCode, default: []].append(lot)
        }
        return chosen
    }

    /// Why a named lot cannot be drawn, to follow "Field.lot P:L".
    static func explanation(_ reason: UnusableReason, _ lot: StockLot, _ sessionAt: Timestamp, on sessionDay: CalendarDate)
        -> String
    {
        let then = lot.judgedThen
        switch reason {
        case .quarantined:
            return then
                ? "was quarantined at the session's time \(sessionAt): the pharmacist had not released it"
                : "is quarantined: the pharmacist has not released it"
        case .recalled:
            return then ? "was already recalled at the session's time \(sessionAt) and is never injected" : "is recalled and is never injected"
        case .destroyed: return "is destroyed"
        case .expired:
            return "expired on \(lot.expiry) and cannot be used on \(sessionDay)"
        case .beyondUse:
            let vials = lot.openVials.filter(\.isToDiscard)
            let list = vials.map { "\($0.id) (beyond use after \($0.beyondUseDay))" }.joined(separator: ", ")
            return "holds only open vials past their beyond-use day, which are never drawn: vial \(list) waits to be discarded (stock discard)"
        case .empty: return "is empty"
        }
    }
}
