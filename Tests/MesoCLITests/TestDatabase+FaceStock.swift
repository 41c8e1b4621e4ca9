import MesoCore
import PostgresClient
import TestSupport

extension TestDatabase {
    /// A seeded database (Fixtures/) with plenty of released stock for REVIT-FACE (POLYREVIT-5 and
    /// HA-15-2), received 365 days ago (as far back as `lot_received_at_bounded` lets a receipt be
    /// back-dated) and expiring in about four years, so that a check of a patient with no known
    /// allergies and no condition at any time since passes unless another rule speaks.
    static func seededWithFaceStock(_ name: String) throws -> TestDatabase {
        let database = try TestDatabase.seeded(name)
        let connection = try database.connect()
        for (product, lot) in [("POLYREVIT-5", "FACE-PR"), ("HA-15-2", "FACE-HA")] {
            try LedgerFixture.receiveLot(
                connection, product: product, lot: lot, vials: 50, expiresInDays: 1500, receivedDaysAgo: 365)
        }
        return database
    }
}
