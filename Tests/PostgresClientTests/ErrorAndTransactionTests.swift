import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Errors, transactions and retries")
struct ErrorAndTransactionTests {
    let database: TestDatabase

    init() throws {
        database = try SharedDatabases.client()
    }

    @Test func uniqueViolationCarriesSQLStateAndConstraint() throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE lot (number text CONSTRAINT lot_number_key UNIQUE)")
        try connection.query("INSERT INTO lot VALUES (\("A1"))")
        do {
            try connection.query("INSERT INTO lot VALUES (\("A1"))")
            Issue.record("a duplicate insert should fail")
        } catch {
            #expect(error.sqlState == .uniqueViolation)
            #expect(error.sqlState?.errorClass == "23")
            #expect(error.sqlState?.isIntegrityConstraintViolation == true)
            #expect(error.constraint == "lot_number_key")
            // The key value is in DETAIL, which the description leaves out.
            #expect(error.detail?.contains("A1") == true)
            #expect(!error.description.contains("A1"))
        }
    }

    @Test func dataExceptionDescriptionDoesNotEchoTheValue() throws {
        let connection = try database.connect()
        do {
            try connection.query("SELECT \("secret-value")::numeric")
            Issue.record("casting text to numeric should fail")
        } catch {
            #expect(error.sqlState?.errorClass == "22")
            #expect(!error.description.contains("secret-value"))
        }
    }

    /// A string libpq cannot parse is the caller's mistake (`.client`), one naming no server that
    /// answers is unreachable; neither error shows the password.
    @Test func badConnectionStringsGiveClearErrors() throws {
        let cases = [
            ("postgresql://meso:supersecret@/meso?host=/nonexistent/socket/dir", false),
            ("host=/nonexistent/socket password=supersecret dbname=x", false),
            ("postgresql://meso:supersecret@[bad", true),
            ("this is = not valid supersecret", true),
            ("postgresql://u:supersecret@/x?nonsense=1", true),
        ]
        for (text, malformed) in cases {
            do {
                _ = try PostgresConnection(text)
                Issue.record("connecting with \(text) should fail")
            } catch {
                #expect(error.kind == (malformed ? .client : .connectionFailed), "\(text)")
                #expect(error.isUnreachable == !malformed, "\(text)")
                #expect(!error.message.isEmpty)
                #expect(!error.description.contains("supersecret"), "password leaked: \(error.description)")
            }
        }
    }

    @Test func stoppedServerIsAConnectionFailure() throws {
        // A socket directory with no server behind it is what a stopped server looks like.
        let url = try ConnectionString.replacing("host", with: "/tmp/meso-no-server-\(getpid())", in: database.url)
        #expect {
            _ = try PostgresConnection(url)
        } throws: { error in
            (error as? PostgresError)?.kind == .connectionFailed
                && (error as? PostgresError)?.description.contains("could not connect") == true
        }
    }

    @Test func killedBackendIsAConnectionLoss() throws {
        let victim = try database.connect()
        let pid = try victim.query("SELECT pg_backend_pid() AS pid").first!.decode("pid", as: Int.self)
        let admin = try database.connect()
        try admin.query("SELECT pg_terminate_backend(\(Int32(pid)))")
        Thread.sleep(forTimeInterval: 0.1)
        #expect {
            try victim.query("SELECT 1")
        } throws: { error in
            (error as? PostgresError)?.isUnreachable == true
        }
    }

    @Test func thrownErrorRollsEverythingBack() throws {
        let connection = try database.connect()
        let table = "rollback_\(getpid())_\(Int.random(in: 0...1_000_000))"
        try connection.query("CREATE TABLE \(identifier: table) (v int)")
        defer { _ = try? connection.query("DROP TABLE \(identifier: table)") }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO \(identifier: table) VALUES (1)")
                try tx.query("INSERT INTO \(identifier: table) VALUES (2)")
                throw Boom()
            }
        }
        #expect(!connection.isInTransaction)
        let other = try database.connect()
        #expect(try other.query("SELECT count(*) AS n FROM \(identifier: table)").first?.decode("n", as: Int.self) == 0)
    }

    @Test func swallowedStatementErrorStillRollsBack() throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE t (v int PRIMARY KEY)")
        #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO t VALUES (1)")
                _ = try? tx.query("INSERT INTO t VALUES (1)")  // fails and is ignored
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t").first?.decode("n", as: Int.self) == 0)
    }

    @Test func serializationFailureIsRetriedThenSucceeds() throws {
        let table = "counter_\(getpid())_\(Int.random(in: 0...1_000_000))"
        let setup = try database.connect()
        try setup.query("CREATE TABLE \(identifier: table) (id int PRIMARY KEY, n int NOT NULL)")
        try setup.query("INSERT INTO \(identifier: table) VALUES (1, 0)")
        defer { _ = try? setup.query("DROP TABLE \(identifier: table)") }

        let connection = try database.connect()
        let interferer = try database.connect()
        var attempts = 0
        try connection.transaction(isolation: .serializable) { tx in
            attempts += 1
            let n = try tx.query("SELECT n FROM \(identifier: table) WHERE id = 1").first!.decode("n", as: Int.self)
            if attempts == 1 {
                // Another client changes the row after we read it: our write must fail with 40001.
                try interferer.query("UPDATE \(identifier: table) SET n = n + 100 WHERE id = 1")
            }
            try tx.query("UPDATE \(identifier: table) SET n = \(n + 1) WHERE id = 1")
        }
        #expect(attempts == 2)
        #expect(try setup.query("SELECT n FROM \(identifier: table)").first?.decode("n", as: Int.self) == 101)
    }

    @Test func retriesAreBounded() throws {
        let connection = try database.connect()
        var attempts = 0
        #expect {
            try connection.transaction(maxAttempts: 3) { tx in
                attempts += 1
                try tx.query("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
            }
        } throws: { error in
            (error as? PostgresError)?.sqlState == .serializationFailure
        }
        #expect(attempts == 3)
    }

    @Test func interpolationBindsValuesAsParameters() throws {
        let code = "X'); DROP TABLE lot; --"
        let amount = Decimal(exactText: "2.5")!
        let query: PostgresQuery = "SELECT * FROM product WHERE code = \(code) AND vial_ml > \(amount)"
        #expect(query.sql == "SELECT * FROM product WHERE code = $1 AND vial_ml > $2")
        #expect(query.bindings.values == [code, "2.5"])
        #expect(!query.description.contains("DROP"))
        let joined = query + " AND gtin = \("123")"
        #expect(joined.sql.hasSuffix("AND gtin = $3"))
        #expect(joined.bindings.count == 3)
    }
}
