#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension StockService {
    /// Records a delivery of one lot in one transaction: the lot when it is new (with the status it is
    /// received in), the receipt (whose trigger writes its `receipt` row in the ledger: vials × vial
    /// volume, in mL) and the pack scanned with it.
    ///
    /// A lot on file receives another delivery when the expiry matches (a different one is a typo or
    /// another lot: invalid input), never when it is recalled or destroyed (refused), and keeps its
    /// status: `Field.quarantine` on a receipt of a released lot is refused, with the command that
    /// quarantines it. The receipt's received_at is when it arrived (`Field.at`, else now); its ledger row's
    /// recorded_at is when it was written, like every ledger row.
    public func receive(_ receipt: LotReceipt) throws -> ReceivedLot {
        try MesoError.translating {
            try connection.transaction { tx in
                let product = try resolve(receipt.product, at: receipt.receivedAt, on: tx)
                let productCode: String = try product.decode("code")
                try checkArrival(receipt.receivedAt, expiry: receipt.expiry, field: receipt.sourceField, product: product)
                let (lotID, isNew) = try lotOnFile(
                    productCode: productCode, lotNumber: receipt.lotNumber, expiry: receipt.expiry,
                    quarantine: receipt.quarantine, at: receipt.receivedAt, on: tx
                ) { onFile in
                    try Self.admits(onFile, expiry: receipt.expiry, quarantine: receipt.quarantine, field: receipt.sourceField)
                }
                if let pack = receipt.pack { try requireNewPacks([(pack, "\(.gs1)")], on: tx) }
                let receiptID = try insertReceipt(
                    lot: lotID, vials: receipt.vials, supplier: receipt.supplier, at: receipt.receivedAt,
                    packs: receipt.pack.map { [$0] } ?? [], on: tx)
                if isNew { try insertFirstStatus(lot: lotID, quarantine: receipt.quarantine, on: tx) }
                return ReceivedLot(
                    lot: try lot(id: lotID, on: tx),
                    receipt: try RecordedReceipt.of(lots: [lotID], on: tx).first { $0.id == receiptID }!, isNew: isNew)
            }
        }
    }

    /// The product row a receipt names: code, vial_ml, received_on (the clinic's day the delivery
    /// arrived: `receivedAt`, else now) and latest (the latest arrival the database's clock admits).
    func resolve(_ identity: LotReceipt.ProductIdentity, at receivedAt: Timestamp?, on tx: PostgresConnection) throws
        -> PostgresRow
    {
        let columns: PostgresQuery = """
            SELECT code, vial_ml, public.meso_clinic_day(coalesce(\(receivedAt)::timestamptz, now())) AS received_on,
                   now() + public.meso_clock_tolerance() AS latest
              FROM product
            """
        switch identity {
        case .code(let code):
            guard let row = try tx.query(columns + " WHERE code = \(code)").first
            else { throw MesoError.invalid("\(.product)", "No product has the code \(code) (\(.product)).") }
            return row
        case .gtin(let gtin):
            guard let row = try tx.query(columns + " WHERE gtin = \(gtin.digits)").first else {
                throw MesoError.invalid(
                    "\(.gs1)", "No product has the GTIN \(gtin) of \(.gs1); add it with meso product add ... \(.gtin) \(gtin).")
            }
            return row
        }
    }

    /// Refuses a delivery dated ahead of the database's clock (beyond the clock tolerance), an expiry
    /// already past on the clinic's day it arrived, and one further away than a shelf life can be.
    func checkArrival(_ receivedAt: Timestamp?, expiry: CalendarDate, field: Message, product: PostgresRow) throws {
        if let receivedAt, receivedAt > (try product.decode("latest", as: Timestamp.self)) {
            throw FieldText.futureTime(receivedAt, field: "\(.at)", onceHappened: LotReceipt.onceArrived)
        }
        let receivedOn: CalendarDate = try product.decode("received_on")
        guard expiry >= receivedOn else {
            throw MesoError.invalid(
                field,
                receivedAt == nil
                    ? "\(field) gives the expiry \(expiry), which is already past: an expired lot cannot be received."
                    : "\(field) gives the expiry \(expiry), before the lot arrived on \(receivedOn) (\(.at)): an expired lot cannot be received.")
        }
        guard expiry <= receivedOn.adding(months: 12 * Self.longestShelfLifeYears) else {
            throw MesoError.invalid(
                field, "\(field) gives the expiry \(expiry), more than \(Self.longestShelfLifeYears) years away: check the date on the vial.")
        }
    }

    /// A lot on file as a receipt sees it.
    struct LotOnFile {
        let id: Int64
        let productCode: String
        let lotNumber: String
        let expiry: CalendarDate
        let status: LotStatus

        var label: String { "Lot \(lotNumber) of \(productCode)" }
    }

    /// Whether a lot on file takes another delivery: the same expiry, not recalled or destroyed, and
    /// not asked into quarantine when it is released.
    static func admits(_ lot: LotOnFile, expiry: CalendarDate, quarantine: Bool, field: Message) throws {
        guard lot.expiry == expiry else {
            throw MesoError.invalid(
                field,
                "\(field) gives the expiry \(expiry), but \(lot.label) is on file with the expiry \(lot.expiry): a lot has one expiry; check the label (another expiry is another lot).")
        }
        if lot.status == .recalled || lot.status == .destroyed {
            throw MesoError.refused("\(lot.label) is \(lot.status.rawValue): a recalled or destroyed lot receives nothing.")
        }
        if quarantine && lot.status == .released {
            throw MesoError.refused(
                "\(lot.label) is on file and released; a receipt never changes a lot's status: receive it without \(.quarantine), then hold the whole lot back with meso lot quarantine \(.product) \(lot.productCode) \(.lot) \(lot.lotNumber) \(.reason) TEXT.")
        }
    }

    /// The lot the delivery goes to, locked: the one on file (which `admit` judges), else a new one,
    /// created with the delivery's arrival as its first. A lot created by another receipt at the same
    /// moment is found once that one commits.
    func lotOnFile(
        productCode: String, lotNumber: String, expiry: CalendarDate, quarantine: Bool, at receivedAt: Timestamp?,
        on tx: PostgresConnection, admit: (LotOnFile) throws -> Void
    ) throws -> (id: Int64, isNew: Bool) {
        func onFile() throws -> LotOnFile? {
            try tx.query(
                """
                SELECT id, expiry, status FROM public.meso_lock_lots(ARRAY(
                    SELECT id FROM lot WHERE product_code = \(productCode) AND lot_number = \(lotNumber)))
                """
            ).first.map { row in
                LotOnFile(
                    id: try row.decode("id"), productCode: productCode, lotNumber: lotNumber,
                    expiry: try row.decode("expiry"), status: try row.decodeEnum("status"))
            }
        }
        if let lot = try onFile() {
            try admit(lot)
            return (lot.id, false)
        }
        let status: LotStatus = quarantine ? .quarantined : .released
        if let created = try tx.query(
            """
            INSERT INTO lot (product_code, lot_number, expiry, status, received_by, received_at)
            VALUES (\(productCode), \(lotNumber), \(expiry), \(status.rawValue), \(actor.name),
                    coalesce(\(receivedAt)::timestamptz, now()))
            ON CONFLICT (product_code, lot_number) DO NOTHING
            RETURNING id
            """
        ).first {
            return (try created.decode("id"), true)
        }
        guard let lot = try onFile() else {
            throw MesoError(.internal, "Lot \(lotNumber) of \(productCode) was being received at the same moment and cannot be found.")
        }
        try admit(lot)
        return (lot.id, false)
    }

    /// Writes the receipt (its trigger writes its ledger row) and its packs; returns its id.
    func insertReceipt(
        lot lotID: Int64, vials: Int, supplier: String?, at receivedAt: Timestamp?, packs: [ScannedPack],
        on tx: PostgresConnection
    ) throws -> Int64 {
        let id: Int64 = try tx.query(
            """
            INSERT INTO lot_receipt (lot_id, received_at, vials, supplier, recorded_by)
            VALUES (\(lotID), coalesce(\(receivedAt)::timestamptz, now()), \(vials), \(supplier), \(actor.name))
            RETURNING id
            """
        ).first!.decode("id")
        guard !packs.isEmpty else { return id }
        do {
            try tx.query(
                """
                INSERT INTO lot_receipt_pack (receipt_id, position, gtin, serial, element_string, elements, recorded_by)
                SELECT \(id), k.position, k.gtin, k.serial, k.element_string, k.elements::jsonb, \(actor.name)
                  FROM unnest(\(Array(1...packs.count)), \(packs.map(\.gtin.digits)), \(packs.map(\.serial)),
                              \(packs.map(\.elementString)), \(packs.map(\.elementsJSON)))
                       AS k(position, gtin, serial, element_string, elements)
                """)
        } catch {
            guard error.constraint == "lot_receipt_pack_received_once" else { throw error }
            throw MesoError.invalid("\(.gs1)", "A pack scanned here was received at the same moment by another receipt: a pack is received once.")
        }
        return id
    }

    /// Refuses packs already received: a GTIN and serial names one pack, so receiving it again is the
    /// same pack scanned twice. `named` says where each was given, for the message.
    func requireNewPacks(_ packs: [(pack: ScannedPack, named: Message)], on tx: PostgresConnection) throws {
        if let refusal = try earlierPacks(packs, on: tx).first { throw MesoError.invalid("\(.gs1)", refusal.message) }
    }

    /// The packs of `packs` already received, each with a sentence naming the earlier receipt.
    func earlierPacks(_ packs: [(pack: ScannedPack, named: Message)], on tx: PostgresConnection) throws
        -> [(index: Int, message: Message)]
    {
        let serialized = packs.enumerated().filter { $0.element.pack.serial != nil }
        guard !serialized.isEmpty else { return [] }
        let rows = try tx.query(
            """
            SELECT k.gtin, k.serial, r.id AS receipt_id, r.received_at, l.lot_number, l.product_code
              FROM lot_receipt_pack k
              JOIN lot_receipt r ON r.id = k.receipt_id
              JOIN lot l ON l.id = r.lot_id
              JOIN unnest(\(serialized.map(\.element.pack.gtin.digits))::text[],
                          \(serialized.map { $0.element.pack.serial! })::text[]) AS s(gtin, serial)
                ON k.gtin = s.gtin AND k.serial = s.serial
            """
        ).rows
        var earlier: [String: String] = [:]
        for row in rows {
            let key = try row.decode("gtin", as: String.self) + "\u{1}" + (try row.decode("serial", as: String.self))
            earlier[key] =
                "receipt \(try row.decode("receipt_id", as: Int64.self)) of lot \(try row.decode("lot_number", as: String.self)) of \(try row.decode("product_code", as: String.self)), which arrived at \(try row.decode("received_at", as: Timestamp.self))"
        }
        return serialized.compactMap { index, item in
            earlier[item.pack.gtin.digits + "\u{1}" + item.pack.serial!].map { receipt -> (Int, Message) in
                (
                    index,
                    "\(item.named) is the pack with GTIN \(item.pack.gtin) and serial \(item.pack.serial!), already received with \(receipt): a pack is received once, so this is the same pack scanned twice."
                )
            }
        }
    }

    /// The first status row of a new lot: the status it was received in.
    func insertFirstStatus(lot lotID: Int64, quarantine: Bool, on tx: PostgresConnection) throws {
        try tx.query(
            """
            INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by)
            VALUES (\(lotID), \(quarantine ? LotStatus.quarantined.rawValue : LotStatus.released.rawValue),
                    \(quarantine ? "Received into quarantine." : "Received and released."), \(actor.name))
            """)
    }
}
