import MesoCore
import PostgresClient
import Testing
import TestSupport

@Suite("ledger guards")
struct LedgerGuardTests {
    /// `audit verify` checks the triggers it knows; a migration that adds one must add it to the list.
    @Test func theExpectedTriggersAreExactlyTheSchemasTriggers() throws {
        let database = try TestDatabase.create("ledger_guards")
        let rows = try database.connect().query(
            """
            SELECT c.relname, t.tgname, p.proname
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
             WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
            """
        ).rows
        let schema = Set(
            try rows.map {
                "\(try $0.decode("relname", as: String.self)).\(try $0.decode("tgname", as: String.self)) -> \(try $0.decode("proname", as: String.self))"
            })
        let expected = Set(LedgerGuard.expected.map { "\($0.table).\($0.trigger) -> \($0.function)" })
        #expect(schema == expected)
    }

    @Test func expiryBucketsMeetAtTheirBoundaries() {
        let cases: [(Int, ExpiryBucket)] = [
            (-1, .expired), (0, .days0to30), (30, .days0to30), (31, .days31to60), (60, .days31to60), (61, .days61to90),
            (90, .days61to90), (91, .days91to180), (180, .days91to180), (181, .over180),
        ]
        for (days, bucket) in cases { #expect(ExpiryBucket(daysLeft: days) == bucket, "\(days)") }
    }
}
