import Foundation
import MesoCore
import PostgresClient

extension StockLot {
    /// When the tests' undated lots arrived: long before any session they plan, so that only the
    /// tests about receipt (StockPlannerReceiptTests) have to think about it.
    static let longAgo = Timestamp(iso: "2026-01-05T09:00:00Z")!

    init(id: Int64, productCode: String, lotNumber: String, expiry: CalendarDate, status: LotStatus, onHandML: Decimal) {
        self.init(
            id: id, productCode: productCode, lotNumber: lotNumber, expiry: expiry, status: status, onHandML: onHandML,
            receivedAt: Self.longAgo)
    }
}
