import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Many `meso` processes at once on the same lots: sessions drawing from open vials and opening new
/// ones, deliveries arriving (one lot received by several at the same moment, a receipt each), waste
/// written off (whole sealed vials, spills from open vials) and counts recorded (in whole sealed
/// vials). Nothing may be lost or invented: the ledger must explain every balance and every open
/// vial, no balance may ever dip below zero, and exactly as many sessions must be recorded as the
/// stock allowed.
@Suite("Reliability: concurrent processes on the same lots")
struct ReliabilityConcurrencyTests {
    /// The cocktail drawn: two multi-dose products, so a session may take from several lots of each.
    static let needs: [String: Decimal] = ["LIDO-1-MD": Decimal(string: "0.4")!, "B12-MD-10": Decimal(string: "0.5")!]

    /// One received lot the wasters and counters may pick.
    struct KnownLot: Sendable {
        let product: String
        let lot: String
        let receivedML: Decimal
    }

    /// Every process's outcome, by what it did.
    struct Tally: Sendable {
        var sessions: [MesoCLI.Outcome] = []
        var receipts: [MesoCLI.Outcome] = []
        var duplicateReceipts: [String: [MesoCLI.Outcome]] = [:]
        var wastes: [MesoCLI.Outcome] = []
        var counts: [MesoCLI.Outcome] = []
        var unexpected: [String] = []
    }

    @Test func sessionsReceiptsWasteAndCountsAtOnceLoseNothingAndOversellNothing() throws {
        let load = (
            sessionWorkers: ReliabilityLoad.pick(6, soak: 16), patients: ReliabilityLoad.pick(3, soak: 8),
            receivers: ReliabilityLoad.pick(2, soak: 4), lotsPerReceiver: ReliabilityLoad.pick(2, soak: 8),
            duplicateLots: ReliabilityLoad.pick(2, soak: 8), wasters: ReliabilityLoad.pick(1, soak: 3),
            wastesEach: ReliabilityLoad.pick(8, soak: 40), counters: 1, countsEach: ReliabilityLoad.pick(5, soak: 30),
            initialVials: ReliabilityLoad.pick(1, soak: 4)
        )
        let database = try TestDatabase.seeded("reliability_concurrency")
        let admin = try database.connect()
        let pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let practitioner = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        let formula = try pharmacy.run(
            ["formula", "add", "REL-DUO", "--name", "Lidocaine and B12 papules", "--component", "LIDO-1-MD:0.4",
             "--component", "B12-MD-10:0.5", "--min-interval-days", "1"])
        try #require(formula.status == 0, "\(formula)")
        for patient in 0..<load.patients {
            try admin.query(
                """
                INSERT INTO patient (mrn, name, weight_kg, allergy_assessment, created_by)
                VALUES (\("REL-\(patient)"), \("Patient \(patient)"), 70, 'none-known', 'test')
                """)
        }
        let known = Locked<[KnownLot]>([])
        @Sendable func receive(_ product: String, _ lot: String, vials: Int) throws -> MesoCLI.Outcome {
            let outcome = try pharmacy.run(
                ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: 300).description,
                 "--vials", String(vials)])
            if outcome.status == 0 {
                let vialML: Decimal = product == "LIDO-1-MD" ? 20 : 10
                known.withLock { $0.append(KnownLot(product: product, lot: lot, receivedML: Decimal(vials) * vialML)) }
            }
            return outcome
        }
        for product in ["LIDO-1-MD", "B12-MD-10"] {
            try #require(try receive(product, "\(product.prefix(4))-0", vials: load.initialVials).status == 0)
        }

        let tally = Locked(Tally())
        let writersLeft = Locked(load.receivers + load.wasters + load.counters)
        let workers = load.sessionWorkers + load.receivers + load.wasters + load.counters
        concurrently(workers) { worker in
            do {
                if worker < load.sessionWorkers {
                    // Record sessions until one is refused after every writer has finished: the stock is then spent.
                    let patient = "REL-\(worker % load.patients)"
                    for _ in 0..<5000 {
                        let writersDone = writersLeft.current == 0
                        let outcome = try practitioner.run(["session", "record", "--patient", patient, "--formula", "REL-DUO", "--format", "json"])
                        tally.withLock { $0.sessions.append(outcome) }
                        if outcome.status != 0 {
                            if writersDone || outcome.status != 3 { return }
                            usleep(20_000)
                        }
                    }
                    tally.withLock { $0.unexpected.append("session worker \(worker) never ran out of stock") }
                    return
                }
                defer { writersLeft.withLock { $0 -= 1 } }
                let role = worker - load.sessionWorkers
                if role < load.receivers {
                    for index in 0..<load.lotsPerReceiver {
                        let product = index % 2 == 0 ? "LIDO-1-MD" : "B12-MD-10"
                        let outcome = try receive(product, "R\(role)-\(index)", vials: 1)
                        tally.withLock { $0.receipts.append(outcome) }
                    }
                    // Every receiver receives the same lots at once: one lot, a receipt from each.
                    for index in 0..<load.duplicateLots {
                        let lot = "DUP-\(index)"
                        let outcome = try receive("LIDO-1-MD", lot, vials: 1)
                        tally.withLock { $0.duplicateReceipts[lot, default: []].append(outcome) }
                    }
                } else if role < load.receivers + load.wasters {
                    var random = SystemRandomNumberGenerator()
                    let reader = try database.connect()
                    for _ in 0..<load.wastesEach {
                        let lot = known.current.randomElement(using: &random)!
                        // A sealed vial dropped, or a spill from the lot's open vial as it stands now
                        // (sessions may empty it before the waste lands: then it is refused).
                        let vial: Int64? = try reader.query(
                            """
                            SELECT min(v.id) AS id FROM vial v JOIN lot l ON l.id = v.lot_id
                             WHERE l.lot_number = \(lot.lot) AND v.remaining_ml > 0
                            """
                        ).rows[0].decode("id")
                        var arguments = ["stock", "waste", "--product", lot.product, "--lot", lot.lot, "--reason", "Vial dropped"]
                        if let vial, Bool.random(using: &random) {
                            arguments += ["--ml", "\(Decimal(Int.random(in: 1...30, using: &random)) / 10)", "--vial", String(vial)]
                        } else {
                            arguments += ["--ml", lot.product == "LIDO-1-MD" ? "20" : "10"]
                        }
                        let outcome = try pharmacy.run(arguments)
                        tally.withLock { $0.wastes.append(outcome) }
                    }
                } else {
                    var random = SystemRandomNumberGenerator()
                    let reader = try database.connect()
                    for _ in 0..<load.countsEach {
                        let lot = known.current.randomElement(using: &random)!
                        // A multi-dose lot is counted as its open vials (as recorded) plus whole sealed
                        // vials: here some of those it holds now (sessions may draw meanwhile).
                        let row = try reader.query(
                            """
                            SELECT l.on_hand_ml - public.lot_sealed_ml(l.id) AS open_ml, public.lot_sealed_ml(l.id) AS sealed_ml
                              FROM lot l WHERE l.lot_number = \(lot.lot)
                            """
                        ).rows[0]
                        let vialML: Decimal = lot.product == "LIDO-1-MD" ? 20 : 10
                        let sealed = (try row.decode("sealed_ml", as: Decimal.self) / vialML).wholePart
                        let counted =
                            try row.decode("open_ml", as: Decimal.self) + Decimal(Int.random(in: 0...sealed, using: &random)) * vialML
                        let outcome = try pharmacy.run(
                            ["stock", "count", "--product", lot.product, "--lot", lot.lot, "--ml", "\(counted)", "--reason", "Count"])
                        tally.withLock { $0.counts.append(outcome) }
                    }
                }
            } catch {
                tally.withLock { $0.unexpected.append("worker \(worker): \(error)") }
            }
        }

        let outcomes = tally.current
        #expect(outcomes.unexpected.isEmpty, "\(outcomes.unexpected)")
        // Every refusal is a clean exit 3 with one sentence: no internal error, no crash.
        for outcome in outcomes.sessions where outcome.status != 0 {
            #expect(outcome.status == 3, "\(outcome)")
            let error = try outcome.jsonError()
            #expect(error["error"] as? String == "refused", "\(outcome)")
            #expect((error["message"] as? String)?.hasPrefix("Session not recorded: Not enough usable stock of ") == true, "\(outcome)")
        }
        for outcome in outcomes.wastes where outcome.status != 0 {
            // More than the vial or the sealed vials hold (3), or a vial emptied by a session since it was read (65).
            #expect(
                (outcome.status == 3 && outcome.stderr.contains("cannot be written off as waste"))
                    || (outcome.status == 65 && outcome.stderr.contains("is not an open vial")), "\(outcome)")
            #expect(outcome.isOneSentenceError, "\(outcome)")
        }
        for outcome in outcomes.counts where outcome.status != 0 {
            // An open vial drawn by a session between the read and the count: no longer what was counted.
            #expect(outcome.status == 65 && outcome.stderr.contains("counted in whole sealed vials"), "\(outcome)")
        }
        for outcome in outcomes.receipts {
            #expect(outcome.status == 0, "\(outcome)")
        }
        for (lot, attempts) in outcomes.duplicateReceipts {
            #expect(attempts.allSatisfy { $0.status == 0 }, "lot \(lot) is received by each delivery: \(attempts)")
            let receipts = try admin.query(
                "SELECT count(*) AS n FROM lot_receipt r JOIN lot l ON l.id = r.lot_id WHERE l.lot_number = \(lot)"
            ).rows[0].decode("n", as: Int.self)
            #expect(receipts == attempts.count, "one lot \(lot), a receipt per delivery")
        }

        // The ledger explains every balance, never went below zero, and no session is partial.
        let verify = try practitioner.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify)")
        let history = try SessionIntegrity.ledgerHistory(admin)
        #expect(history.lowest >= 0)
        #expect(history.disagreeing == 0)
        #expect(try SessionIntegrity.partialSessions(admin) == [])

        // As many sessions as reported, each once.
        let recorded = try outcomes.sessions.filter { $0.status == 0 }.map { outcome in
            try #require((try outcome.json() as? [String: Any])?["session_id"] as? Int)
        }
        #expect(Set(recorded).count == recorded.count)
        let stored = try admin.query("SELECT count(*) AS n FROM session").rows[0].decode("n", as: Int.self)
        #expect(stored == recorded.count)

        // Exactly what the stock allowed: what came in and went out outside sessions, per product,
        // divided by the session's need; the sessions drew exactly their need, and the rest is on hand.
        let ledger = try admin.query(
            """
            SELECT l.product_code,
                   coalesce(sum(m.quantity_ml) FILTER (WHERE m.session_id IS NULL), 0) AS outside_ml,
                   -coalesce(sum(m.quantity_ml) FILTER (WHERE m.session_id IS NOT NULL), 0) AS drawn_ml,
                   (SELECT sum(on_hand_ml) FROM lot WHERE product_code = l.product_code) AS on_hand_ml
              FROM lot l JOIN stock_movement m ON m.lot_id = l.id
             GROUP BY l.product_code
            """
        ).rows
        var allowed = Int.max
        for row in ledger {
            let product: String = try row.decode("product_code")
            let need = try #require(Self.needs[product])
            let outside: Decimal = try row.decode("outside_ml")
            let drawn: Decimal = try row.decode("drawn_ml")
            let onHand: Decimal = try row.decode("on_hand_ml")
            #expect(drawn == Decimal(recorded.count) * need, "\(product)")
            #expect(outside - drawn == onHand, "\(product)")
            allowed = min(allowed, (outside / need).wholePart)
        }
        #expect(recorded.count == allowed, "sessions recorded = what the stock allowed")

        let refusedSessions = outcomes.sessions.count - recorded.count
        let openedVials = try admin.query("SELECT count(*) AS n FROM vial").rows[0].decode("n", as: Int.self)
        let refusedWaste = outcomes.wastes.filter { $0.status == 3 }.count
        ReliabilityLoad.report(
            "concurrency",
            "\(workers) processes at once; \(recorded.count) sessions recorded = \(allowed) allowed by the ledger, \(refusedSessions) refused for stock (exit 3); \(outcomes.receipts.count) receipts, \(outcomes.duplicateReceipts.count) lots received by \(load.receivers) at once (a receipt each); \(outcomes.wastes.count) wastes (\(refusedWaste) refused, exit 3); \(outcomes.counts.count) counts; \(openedVials) vials opened; lowest balance \(history.lowest)")
    }
}
