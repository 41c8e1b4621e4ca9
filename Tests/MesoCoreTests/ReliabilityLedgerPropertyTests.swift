import Foundation
import MesoCore
import PostgresClient
import PropertyBased
import Testing
import TestSupport

/// Any sequence of stock operations through the services, valid or refused: each one that goes
/// through moves exactly the lots it names by exactly its volume, each one refused moves nothing,
/// every lot's cached balance stays the sum of its ledger, and `AuditService.verify()` stays clean.
@Suite("Reliability: the ledger under any sequence of operations")
struct ReliabilityLedgerPropertyTests {
    /// One operation, as drawn: `kind` picks what (0-99, weighted), `a` and `b` its arguments.
    struct Step: Sendable, CustomStringConvertible {
        let kind: Int
        let a: Int
        let b: Int
        var description: String { "(\(kind), \(a), \(b))" }
    }

    static let steps = zip(Gen.int(in: 0...99), Gen.int(in: 0...999), Gen.int(in: 0...999))
        .map { Step(kind: $0, a: $1, b: $2) }
        .array(of: 1...ReliabilityLoad.pick(12, soak: 40))

    static let products = ["POLYREVIT-5", "HA-15-2", "LIDO-1-MD"]
    static let vialML: [String: Decimal] = ["POLYREVIT-5": 5, "HA-15-2": 2, "LIDO-1-MD": 20]
    static let patients = ["MRN-0006", "MRN-0008"]
    /// Single-use vials drawn whole with waste (REVIT-FACE), a multi-dose vial drawn exactly (REVIT-LIDO).
    static let formulas = ["REVIT-FACE", "REVIT-LIDO"]

    /// The state every operation is checked against: each lot's balance and status, and the rows
    /// of the tables an operation writes.
    struct Snapshot: Equatable {
        var lots: [Int64: (ml: Decimal, status: String)]
        var rows: [String: Int]

        static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
            lhs.rows == rhs.rows && lhs.lots.count == rhs.lots.count
                && lhs.lots.allSatisfy { rhs.lots[$0.key]?.ml == $0.value.ml && rhs.lots[$0.key]?.status == $0.value.status }
        }

        static func take(_ connection: PostgresConnection) throws -> Snapshot {
            var lots: [Int64: (ml: Decimal, status: String)] = [:]
            for row in try connection.query("SELECT id, on_hand_ml, status FROM lot").rows {
                lots[try row.decode("id")] = (try row.decode("on_hand_ml"), try row.decode("status"))
            }
            return Snapshot(
                lots: lots,
                rows: try connection.rowCounts(of: ["lot", "stock_movement", "lot_status_change", "session", "session_usage"]))
        }

        /// How each lot's balance moved from `before` to `self`; lots that did not move are left out.
        func moves(since before: Snapshot) -> [Int64: Decimal] {
            var moves: [Int64: Decimal] = [:]
            for (id, lot) in lots where lot.ml != (before.lots[id]?.ml ?? 0) {
                moves[id] = lot.ml - (before.lots[id]?.ml ?? 0)
            }
            return moves
        }
    }

    @Test func anySequenceOfOperationsKeepsEveryBalanceEqualToItsLedger() async throws {
        let database = try TestDatabase.seeded("reliability_ledger_property")
        let admin = try database.connect()
        let stock = StockService(connection: try database.connect(), actor: try Actor("pharmacist"))
        let sessions = SessionService(connection: try database.connect(), actor: try Actor("Dr Lee"))
        let audit = AuditService(connection: try database.connect(), actor: try Actor("auditor"))
        var sequence = 0
        var tally = (applied: 0, refused: 0, sessions: 0)

        await propertyCheck(count: ReliabilityLoad.pick(40, soak: 400), input: Self.steps) { steps in
            sequence += 1
            for (index, step) in steps.enumerated() {
                let lots = try admin.query(
                    """
                    SELECT l.id, l.product_code, l.lot_number, l.on_hand_ml,
                           (SELECT sum(r.received_ml) FROM lot_receipt r WHERE r.lot_id = l.id) AS received_ml,
                           public.lot_sealed_ml(l.id) AS sealed_ml,
                           (SELECT min(v.id) FROM vial v WHERE v.lot_id = l.id AND v.remaining_ml > 0) AS open_vial
                      FROM lot l ORDER BY l.id
                    """
                ).rows
                let performed: [Int64] = try admin.query("SELECT id FROM session WHERE status = 'performed' ORDER BY id").rows.map {
                    try $0.decode("id")
                }
                let lot = lots.isEmpty ? nil : lots[step.a % lots.count]
                let reference = try lot.map {
                    LotRef(product: try $0.decode("product_code"), lot: try $0.decode("lot_number"))
                }
                let before = try Snapshot.take(admin)
                // What the step must do to the lots if it goes through (nil: checked below by kind).
                var expected: [Int64: Decimal]?
                do {
                    switch step.kind {
                    case 0..<20:
                        let product = Self.products[step.a % Self.products.count]
                        let vials = 1 + step.b % 4
                        let received = try stock.receive(
                            try LotReceipt(
                                product: product, lot: "S\(sequence)-\(index)", expiry: CalendarDate.today(plus: 30 + step.b).description,
                                vials: String(vials), supplier: nil, quarantine: step.b % 5 == 0))
                        expected = [received.lot.id: Decimal(vials) * Self.vialML[product]!]
                    case 20..<32:
                        guard let lot, let reference else { continue }
                        // A spill from an open vial (when the lot has one and the dice say so), else
                        // whole sealed vials or any volume, which a multi-dose lot refuses unless whole.
                        let vial: Int64? = step.b % 3 == 0 ? try lot.decode("open_vial") : nil
                        let product: String = try lot.decode("product_code")
                        let ml = step.b % 2 == 0 ? Self.vialML[product]! : Decimal(step.b % 60 + 1) / 10
                        let update = try stock.waste(reference, ml: Millilitres(test: ml.description), vial: vial, reason: "property")
                        expected = [update.lot.id: -ml]
                    case 32..<42:
                        guard let lot, let reference else { continue }
                        let received: Decimal = try lot.decode("received_ml")
                        // Any volume, or (as a multi-dose lot is counted) its open vials plus whole vials.
                        let open = try lot.decode("on_hand_ml", as: Decimal.self) - (try lot.decode("sealed_ml", as: Decimal.self))
                        let product: String = try lot.decode("product_code")
                        let counted =
                            step.b % 2 == 0
                            ? Decimal(step.b % (received.wholePart * 10 + 1)) / 10
                            : open + Decimal(step.b % 3) * Self.vialML[product]!
                        let update = try stock.count(reference, countedML: Millilitres(test: counted.description), reason: "property")
                        #expect(update.lot.onHandML == counted)
                        expected = nil
                    case 42..<62:
                        guard let reference else { continue }
                        let status: LotStatus = [.released, .quarantined, .recalled, .destroyed][step.kind % 4]
                        let update = try stock.changeStatus(of: reference, to: status, reason: "property")
                        #expect(update.lot.status == status)
                        if status == .destroyed { #expect(update.lot.onHandML == 0) }
                        expected = status == .destroyed ? nil : [:]
                    case 62..<90:
                        let record = try sessions.record(
                            try SessionRequest(
                                patient: MRN(test: Self.patients[step.a % 2]), formula: FormulaCode(test: Self.formulas[step.b % 2])))
                        tally.sessions += 1
                        expected = Dictionary(grouping: record.usage, by: \.lotID).mapValues { usage in
                            -usage.reduce(0) { $0 + $1.volumeML + $1.wasteML }
                        }
                    default:
                        guard !performed.isEmpty else { continue }
                        let record = try sessions.cancel(id: performed[step.a % performed.count], reason: "property")
                        expected = Dictionary(grouping: record.usage, by: \.lotID).mapValues { usage in
                            usage.reduce(0) { $0 + $1.volumeML + $1.wasteML }
                        }
                    }
                    tally.applied += 1
                    let after = try Snapshot.take(admin)
                    if let expected {
                        #expect(after.moves(since: before) == expected.filter { $0.value != 0 }, "step \(step) of \(steps)")
                    } else {
                        // A count or a destruction moves the one lot it names, to what it says.
                        #expect(after.moves(since: before).count <= 1, "step \(step) of \(steps)")
                    }
                } catch let error as MesoError {
                    // Refused: a rule, or a value the database does not hold; never anything else.
                    tally.refused += 1
                    #expect(error.kind == .refused || error.kind == .invalidInput, "step \(step): \(error)")
                    #expect(try Snapshot.take(admin) == before, "a refused step \(step) changed something: \(error)")
                }
                let drift = try admin.query(
                    """
                    SELECT count(*) AS n FROM lot l
                     WHERE l.on_hand_ml <> (SELECT coalesce(sum(quantity_ml), 0) FROM stock_movement WHERE lot_id = l.id)
                    """
                ).rows[0].decode("n", as: Int.self)
                #expect(drift == 0, "a cached balance left its ledger after step \(step) of \(steps)")
            }
            let report = try audit.verify()
            #expect(report.holds, "\(report.discrepancies) after \(steps)")
        }
        #expect(try SessionIntegrity.partialSessions(admin) == [])
        ReliabilityLoad.report(
            "ledger property",
            "\(sequence) random sequences, \(tally.applied + tally.refused) operations (\(tally.applied) applied, \(tally.sessions) of them sessions; \(tally.refused) refused with a sentence): every balance = its ledger after each, audit verify clean after each sequence")
    }
}
