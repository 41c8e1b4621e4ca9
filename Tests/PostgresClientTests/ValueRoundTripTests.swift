import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Values round-trip through a real server")
struct ValueRoundTripTests {
    let database: TestDatabase

    init() throws {
        database = try SharedDatabases.client()
    }

    @Test(arguments: [
        "0", "-0.001", "12345678901234567890.0123456789", "2.500", "0.125", "999999999.999", "-42.000", "1000000",
    ])
    func numericRoundTripsExactly(_ text: String) throws {
        let connection = try database.connect()
        let value = try #require(Decimal(exactText: text))
        let row = try #require(try connection.query("SELECT \(value)::numeric AS v, (\(value)::numeric)::text AS t").first)
        let back = try row.decode("v", as: Decimal.self)
        #expect(back == value)
        // The server read exactly the digits we sent.
        #expect(try Decimal(exactText: row.decode("t", as: String.self)) == value)
    }

    /// The fast path of `Decimal(exactText:)` builds the value from its digits: it must give the
    /// very value, text and hash that Foundation's own parser gives.
    @Test(arguments: [
        "0", "-0.000", "+7", "5.000", "2.500", "-1.500", "0.005", "1000", "1000.000", "-123.456", "007.0700",
        "123456789012345678", "0.123456789012345678", "99999999999999999.9", "1234567890123456789",
        "0.000000000000000000000000001", "-98765.43210",
    ])
    func exactTextMatchesFoundation(_ text: String) throws {
        let parsed = try #require(Decimal(exactText: text))
        let foundation = try #require(Decimal(string: text))
        #expect(parsed == foundation)
        #expect(parsed.description == foundation.description)
        #expect(parsed.hashValue == foundation.hashValue)
        #expect(parsed.isSignMinus == foundation.isSignMinus)
    }

    @Test func numericFromTheServerIsExact() throws {
        let connection = try database.connect()
        let row = try #require(
            try connection.query("SELECT 12345678901234567890.0123456789::numeric AS big, 0.1::numeric + 0.2::numeric AS sum").first)
        #expect(try row.decode("big", as: Decimal.self).description == "12345678901234567890.0123456789")
        #expect(try row.decode("sum", as: Decimal.self) == Decimal(exactText: "0.3"))
    }

    @Test(arguments: [
        "فاطمة الزهراء", "O'Brien \"quoted\" name", #"back\slash \\ and \n literal"#, "tab\tnew\nline\u{1}bell\u{7}",
        "emoji 💉🧴👩🏽‍⚕️", "'; DROP TABLE lot; --", "王秀英", "e\u{301} combining", "",
    ])
    func textRoundTripsByteForByte(_ text: String) throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE t (v text)")
        try connection.query("INSERT INTO t VALUES (\(text))")
        let stored = try #require(try connection.query("SELECT v, octet_length(v) AS n FROM t").first)
        #expect(Array(try stored.decode("v", as: String.self).utf8) == Array(text.utf8))
        #expect(try stored.decode("n", as: Int.self) == text.utf8.count)
    }

    @Test func nulRefusedBeforeSending() throws {
        let connection = try database.connect()
        #expect {
            try connection.query("SELECT \("a\u{0}b")::text")
        } throws: { error in
            (error as? PostgresError)?.kind == .client
        }
        // The connection is still usable.
        #expect(try connection.query("SELECT 1 AS one").first?.decode("one", as: Int.self) == 1)
    }

    @Test func nullIsNil() throws {
        let connection = try database.connect()
        let none: String? = nil
        let row = try #require(try connection.query("SELECT \(none)::text AS a, NULL::numeric AS b, 'x'::text AS c").first)
        #expect(try row.decode("a", as: String?.self) == nil)
        #expect(try row.decode("b", as: Decimal?.self) == nil)
        #expect(try row.decode("c", as: String?.self) == "x")
        #expect(throws: PostgresError.self) { try row.decode("a", as: String.self) }
    }

    @Test func decodingErrorNamesTheColumn() throws {
        let connection = try database.connect()
        let row = try #require(try connection.query("SELECT 'abc'::text AS lot_number").first)
        do {
            _ = try row.decode("lot_number", as: Int.self)
            Issue.record("decoding text as Int should fail")
        } catch {
            #expect(error.kind == .decoding)
            #expect(error.column == "lot_number")
            #expect(error.description.contains("lot_number"))
        }
        #expect(throws: PostgresError.self) { try row.decode("missing", as: String.self) }
    }

    @Test(arguments: ["UTC", "Pacific/Kiritimati", "America/Adak", "Asia/Kolkata"])
    func dateStaysTheSameCalendarDay(_ zone: String) throws {
        // Both the process's zone and libpq's PGTZ are set: neither may move a date.
        setenv("TZ", zone, 1)
        tzset()
        let connection = try PostgresClientTestEnvironment.withEnvironment(["PGTZ": zone, "PGDATESTYLE": "German"]) {
            try database.connect()
        }
        for text in ["2026-11-25", "2024-02-29", "1999-12-31", "2000-01-01"] {
            let date = try #require(CalendarDate(iso: text))
            let row = try #require(try connection.query("SELECT \(date) AS d, \(date)::text AS t").first)
            #expect(try row.decode("d", as: CalendarDate.self) == date)
            #expect(try row.decode("t", as: String.self) == text)
        }
        let zoneRow = try #require(try connection.query("SHOW TimeZone").first)
        #expect(try zoneRow.decode(at: 0, as: String.self) == "UTC")
    }

    @Test func timestampKeepsMicroseconds() throws {
        let connection = try database.connect()
        let value = try #require(Timestamp(iso: "2026-11-25T09:30:15.123457Z"))
        let row = try #require(
            try connection.query("SELECT \(value) AS t, extract(microseconds FROM \(value)::timestamptz)::int AS us").first)
        #expect(try row.decode("t", as: Timestamp.self) == value)
        #expect(try row.decode("us", as: Int.self) == 15_123_457)
        let now = try #require(try connection.query("SELECT now() AS n, (now())::text AS t").first)
        let parsed = try now.decode("n", as: Timestamp.self)
        #expect(parsed.microsecondsSinceEpoch % 1_000_000 == Timestamp(iso: try now.decode("t", as: String.self))!.microsecondsSinceEpoch % 1_000_000)
    }

    @Test func integersBooleansUUIDsAndArrays() throws {
        let connection = try database.connect()
        let id = UUID()
        let names = ["a", "b,c", "d\"e", "f\\g", "", "NULL"]
        let optionals: [Int?] = [1, nil, 3]
        let row = try #require(
            try connection.query(
                "SELECT \(Int64.max) AS big, \(true) AS yes, \(id) AS id, \(names) AS names, \(optionals) AS maybe, \(Int32(-7)) AS small"
            ).first)
        #expect(try row.decode("big", as: Int64.self) == .max)
        #expect(try row.decode("yes", as: Bool.self))
        #expect(try row.decode("id", as: UUID.self) == id)
        #expect(try row.decode("names", as: [String].self) == names)
        #expect(try row.decode("maybe", as: [Int?].self) == optionals)
        #expect(try row.decode("small", as: Int32.self) == -7)
    }
}

enum PostgresClientTestEnvironment {
    /// Sets environment variables for the duration of `body` (libpq reads them when connecting).
    static func withEnvironment<T>(_ values: [String: String], _ body: () throws -> T) rethrows -> T {
        environmentLock.lock()
        defer { environmentLock.unlock() }
        var previous: [String: String?] = [:]
        for (key, value) in values {
            previous[key] = ProcessInfo.processInfo.environment[key]
            setenv(key, value, 1)
        }
        defer {
            for (key, value) in previous {
                if let value { setenv(key, value, 1) } else { unsetenv(key) }
            }
        }
        return try body()
    }

    private static let environmentLock = NSLock()
}

enum SharedDatabases {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var clientDatabase: TestDatabase?

    /// One database for every PostgresClient suite: tests use temporary tables of their own.
    static func client() throws -> TestDatabase {
        lock.lock()
        defer { lock.unlock() }
        if let clientDatabase { return clientDatabase }
        let database = try TestDatabase.create("postgres_client", migrated: false)
        clientDatabase = database
        return database
    }
}
