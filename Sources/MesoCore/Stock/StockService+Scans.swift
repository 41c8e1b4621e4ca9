#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension StockService {
    /// Receives a scanned delivery in one transaction, all or nothing: one receipt per lot, with its
    /// packs (vials = packs × `vialsPerPack`) and their serials. A line is refused when it cannot be
    /// read, names no product, has no lot, gives another expiry than its lot's (on file, or on the
    /// delivery's other lines), has no expiry (17) while its lot is not on file, is a recalled or
    /// destroyed lot, or is a pack already received (in the database or earlier in the file). When any
    /// line is refused, nothing is written and every refused line is reported with its number.
    public func receive(_ delivery: ScanDelivery) throws -> [ReceivedLot] {
        try MesoError.translating {
            try connection.transaction { tx in
                let groups = try judge(delivery, on: tx)
                // Lots are created and locked in one order whatever the file's, so that two deliveries
                // of the same new lots at once wait for each other instead of deadlocking.
                var received: [String: ReceivedLot] = [:]
                for group in groups.sorted(by: { ($0.productCode, $0.lotNumber) < ($1.productCode, $1.lotNumber) }) {
                    let (lotID, isNew) = try lotOnFile(
                        productCode: group.productCode, lotNumber: group.lotNumber, expiry: group.expiry!,
                        quarantine: delivery.quarantine, at: delivery.receivedAt, on: tx
                    ) { _ in }
                    let receiptID = try insertReceipt(
                        lot: lotID, vials: group.lines.count * delivery.vialsPerPack, supplier: delivery.supplier,
                        at: delivery.receivedAt, packs: group.lines.map(\.pack), on: tx)
                    if isNew { try insertFirstStatus(lot: lotID, quarantine: delivery.quarantine, on: tx) }
                    received[group.productCode + "\u{1}" + group.lotNumber] = ReceivedLot(
                        lot: try lot(id: lotID, on: tx),
                        receipt: try RecordedReceipt.of(lots: [lotID], on: tx).first { $0.id == receiptID }!,
                        isNew: isNew)
                }
                return groups.compactMap { received[$0.productCode + "\u{1}" + $0.lotNumber] }
            }
        }
    }

    /// The delivery's lines grouped by lot, each group's expiry settled; throws the refusal of every
    /// line that cannot be received.
    private func judge(_ delivery: ScanDelivery, on tx: PostgresConnection) throws -> [ScannedLot] {
        var refused = delivery.unreadable
        let clock = try tx.query(
            """
            SELECT public.meso_clinic_day(coalesce(\(delivery.receivedAt)::timestamptz, now())) AS received_on,
                   now() + public.meso_clock_tolerance() AS latest
            """
        ).first!
        if let at = delivery.receivedAt, at > (try clock.decode("latest", as: Timestamp.self)) {
            throw FieldText.futureTime(at, field: "\(.at)", onceHappened: LotReceipt.onceArrived)
        }
        let receivedOn: CalendarDate = try clock.decode("received_on")

        // The product of each GTIN.
        let gtins = Array(Set(delivery.lines.map(\.pack.gtin.digits)))
        var productOf: [String: String] = [:]
        for row in try tx.query("SELECT code, gtin FROM product WHERE gtin = ANY(\(gtins))").rows {
            productOf[try row.decode("gtin")] = try row.decode("code")
        }
        var groups: [ScannedLot] = []
        for line in delivery.lines {
            guard let product = productOf[line.pack.gtin.digits] else {
                refused.append(
                    .init(line: line.number, message: "the GTIN \(line.pack.gtin) is no product's; add it with meso product add ... \(.gtin) \(line.pack.gtin)."))
                continue
            }
            let lotNumber = line.pack.lotNumber!
            if let index = groups.firstIndex(where: { $0.productCode == product && $0.lotNumber == lotNumber }) {
                groups[index].lines.append(line)
            } else {
                groups.append(ScannedLot(productCode: product, lotNumber: lotNumber, lines: [line]))
            }
        }

        // The lots on file, locked in id order (the order every writer locks lots in).
        var onFile: [String: LotOnFile] = [:]
        if !groups.isEmpty {
            for row in try tx.query(
                """
                SELECT l.id, l.product_code, l.lot_number, l.expiry, l.status
                  FROM public.meso_lock_lots(ARRAY(
                      SELECT l.id FROM lot l
                        JOIN unnest(\(groups.map(\.productCode))::text[], \(groups.map(\.lotNumber))::text[]) AS g(product_code, lot_number)
                          ON l.product_code = g.product_code AND l.lot_number = g.lot_number)) l
                 ORDER BY l.id
                """
            ).rows {
                let lot = LotOnFile(
                    id: try row.decode("id"), productCode: try row.decode("product_code"),
                    lotNumber: try row.decode("lot_number"), expiry: try row.decode("expiry"),
                    status: try row.decodeEnum("status"))
                onFile[lot.productCode + "\u{1}" + lot.lotNumber] = lot
            }
        }
        for index in groups.indices {
            let group = groups[index]
            let name = "lot \(group.lotNumber) of \(group.productCode)"
            if let lot = onFile[group.productCode + "\u{1}" + group.lotNumber] {
                groups[index].expiry = lot.expiry
                for line in group.lines {
                    if lot.status == .recalled || lot.status == .destroyed {
                        refused.append(
                            .init(
                                line: line.number,
                                message: "a pack of \(name), which is \(lot.status.rawValue): a recalled or destroyed lot receives nothing.",
                                byStockRule: true))
                    } else if let expiry = line.pack.expiry, expiry != lot.expiry {
                        refused.append(
                            .init(
                                line: line.number,
                                message: "the expiry \(expiry) for \(name), which is on file with the expiry \(lot.expiry): a lot has one expiry; check the label."))
                    }
                }
                continue
            }
            guard let first = group.lines.first(where: { $0.pack.expiry != nil }), let expiry = first.pack.expiry else {
                for line in group.lines {
                    refused.append(
                        .init(
                            line: line.number,
                            message: "no expiry (17), and \(name) is not on file: a new lot is received with its expiry."))
                }
                continue
            }
            groups[index].expiry = expiry
            for line in group.lines {
                if line.pack.expiry == nil {
                    refused.append(
                        .init(
                            line: line.number,
                            message: "no expiry (17), and \(name) is not on file: a new lot is received with its expiry."))
                } else if line.pack.expiry != expiry {
                    refused.append(
                        .init(
                            line: line.number,
                            message: "the expiry \(line.pack.expiry!) for \(name), where line \(first.number) gives \(expiry): a lot has one expiry; check the labels."))
                } else if expiry < receivedOn {
                    refused.append(
                        .init(
                            line: line.number,
                            message: "the expiry \(expiry), already past on \(receivedOn): an expired lot cannot be received."))
                } else if expiry > receivedOn.adding(months: 12 * Self.longestShelfLifeYears) {
                    refused.append(
                        .init(
                            line: line.number,
                            message: "the expiry \(expiry), more than \(Self.longestShelfLifeYears) years away: check the date on the label."))
                }
            }
        }

        // Packs scanned twice: in the file, or already received.
        let lines = groups.flatMap(\.lines)
        var seen: [String: Int] = [:]
        for line in lines {
            guard let serial = line.pack.serial else { continue }
            let key = line.pack.gtin.digits + "\u{1}" + serial
            if let earlier = seen[key] {
                refused.append(
                    .init(
                        line: line.number,
                        message: "the pack already scanned on line \(earlier) (GTIN \(line.pack.gtin), serial \(serial)): a pack is received once."))
            } else {
                seen[key] = line.number
            }
        }
        for (index, message) in try earlierPacks(lines.map { ($0.pack, "this") }, on: tx) {
            refused.append(.init(line: lines[index].number, message: message))
        }

        guard refused.isEmpty else {
            throw ScanDelivery.refusal(refused, of: delivery.lines.count + delivery.unreadable.count)
        }
        return groups
    }

    /// The lines of one lot in a delivery.
    struct ScannedLot {
        let productCode: String
        let lotNumber: String
        var lines: [ScanDelivery.Line]
        /// The lot's expiry: the one on file, else the one its lines give.
        var expiry: CalendarDate?

        init(productCode: String, lotNumber: String, lines: [ScanDelivery.Line]) {
            self.productCode = productCode
            self.lotNumber = lotNumber
            self.lines = lines
        }
    }
}
