import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A seeded database of its own with plenty of every product received long ago (so that checks
/// and sessions of the past weeks may draw them), `meso` run as the practitioner Dr Lee and as the
/// pharmacist, and helpers for checks at a given time.
struct RecordClinic {
    let database: TestDatabase
    let meso: MesoCLI
    let pharmacy: MesoCLI
    let admin: PostgresConnection

    static let products = ["POLYREVIT-5", "HA-15-2", "LIDO-1-MD", "LIDO-2-MPF", "PROC-2-2"]

    /// A database of its own, seeded and stocked, for a suite to share.
    static func prepare(_ name: String, products: [String] = products) throws -> TestDatabase {
        let clinic = try RecordClinic(database: try TestDatabase.seeded(name))
        for product in products { try clinic.receive(product) }
        return clinic.database
    }

    init(_ name: String, products: [String] = products) throws {
        try self.init(database: try Self.prepare(name, products: products))
    }

    init(database: TestDatabase) throws {
        self.database = database
        meso = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        admin = try database.connect()
    }

    /// 30 vials of `product`, received 200 days ago and expiring in two years.
    func receive(_ product: String) throws {
        try LedgerFixture.receiveLot(
            admin, product: product, lot: "\(product)-LOT", vials: 30, expiresInDays: 730, receivedDaysAgo: 200)
    }

    /// Noon (UTC) `days` from today, as `--at` takes it.
    static func noon(_ days: Int) -> String {
        Timestamp(date: CalendarDate.today(plus: days), hour: 12).description
    }

    static func day(_ days: Int) -> String { CalendarDate.today(plus: days).description }

    func check(_ mrn: String, _ formula: String, at: String? = nil) throws -> (status: Int32, report: [String: Any]) {
        let outcome = try meso.run(
            ["check", "--patient", mrn, "--formula", formula, "--format", "json"] + (at.map { ["--at", $0] } ?? []))
        #expect([0, 2, 3].contains(outcome.status), "\(outcome)")
        return (outcome.status, try #require(try outcome.json() as? [String: Any], "\(outcome)"))
    }

    /// The rules of the check's findings of one severity.
    func rules(_ mrn: String, _ formula: String, at: String? = nil, severity: String = "block") throws -> [String] {
        let findings = try check(mrn, formula, at: at).report["findings"] as? [[String: Any]] ?? []
        return findings.filter { $0["severity"] as? String == severity }.compactMap { $0["rule"] as? String }
    }

    func findings(_ mrn: String, _ formula: String, at: String? = nil) throws -> [[String: Any]] {
        try check(mrn, formula, at: at).report["findings"] as? [[String: Any]] ?? []
    }

    /// A command that must succeed, as JSON.
    @discardableResult
    func ok(_ arguments: [String], as cli: MesoCLI? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String: Any]
    {
        let outcome = try (cli ?? meso).run(arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
        return try #require(try outcome.json() as? [String: Any], "\(outcome)", sourceLocation: sourceLocation)
    }

    /// A command that must fail with `status`, writing nothing to `tables`; its JSON error.
    @discardableResult
    func fails(
        _ arguments: [String], _ status: Int32, tables: [String] = [], as cli: MesoCLI? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        let before = try database.rowCounts(of: tables)
        let outcome = try (cli ?? meso).run(arguments + ["--format", "json"])
        #expect(outcome.status == status, "\(arguments) \(outcome)", sourceLocation: sourceLocation)
        #expect(try database.rowCounts(of: tables) == before, "\(arguments) wrote", sourceLocation: sourceLocation)
        return try outcome.jsonError()
    }

    func id(_ query: PostgresQuery) throws -> Int {
        try #require(try admin.query(query).first?.decode("id", as: Int.self))
    }
}
