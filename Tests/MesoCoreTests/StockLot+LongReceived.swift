import Foundation
import MesoCore
import PostgresClient

extension StockLot {
    /// When the tests' undated lots arrived: long before any session they plan, so that only the
    /// tests about receipt (StockPlannerReceiptTests) have to think about it.
    static let longAgo = Timestamp(iso: "2026-01-05T09:00:00Z")!

    /// A lot the database's rule lets be drawn (unless `refusal`), all its stock sealed unless
    /// `openVials` hold some, and in the clinic long before the session.
    init(
        id: Int64, productCode: String, lotNumber: String, expiry: CalendarDate, status: LotStatus, onHandML: Decimal,
        refusal: UnusableReason? = nil, openVials: [OpenVial] = []
    ) {
        self.init(
            id: id, productCode: productCode, lotNumber: lotNumber, expiry: expiry, status: status, onHandML: onHandML,
            receivedAt: Self.longAgo, refusal: refusal, openVials: openVials)
    }
}

extension OpenVial {
    /// An open vial of lot `lot` holding `ml`, opened on `opened` (a day) and drawable through `until`.
    static func of(
        _ lot: Int64, id: Int64, holding ml: String, opened: String = "2026-11-10", until: String = "2026-12-08",
        refusal: UnusableReason? = nil
    ) -> OpenVial {
        OpenVial(
            id: id, lotID: lot, openedAt: Timestamp(date: CalendarDate(iso: opened)!, hour: 9),
            remainingML: Decimal(exactText: ml)!, beyondUseDay: CalendarDate(iso: until)!, refusal: refusal)
    }
}
