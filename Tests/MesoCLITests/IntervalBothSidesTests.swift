import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The minimum interval through the binary, on both sides of the session's time: a session typed in
/// after the fact, days before a later performed session of the same formula, warns as one days after
/// an earlier session does; a session further away, or a later one that was cancelled, does not.
@Suite("The interval on both sides of a back-dated session", .serialized)
struct IntervalBothSidesTests {
    static let shared = Result { () throws -> TestDatabase in
        let database = try RecordClinic.prepare("cli_interval_both_sides")
        let clinic = try RecordClinic(database: database)
        try clinic.ok(
            ["formula", "add", "F-HA14", "--name", "Hyaluronic acid", "--component", "HA-15-2:1", "--min-interval-days", "14"],
            as: clinic.pharmacy)
        for mrn in ["IV-1", "IV-2"] {
            try clinic.ok(["patient", "add", mrn, "--name", "Patient \(mrn)", "--weight-kg", "60"])
            try clinic.ok(["patient", "allergy", "none", mrn])
        }
        return database
    }

    let clinic: RecordClinic
    init() throws { clinic = try RecordClinic(database: try Self.shared.get()) }

    @Test func aSessionDaysBeforeALaterOneWarnsAndOneFurtherAwayDoesNot() throws {
        try clinic.ok(["session", "record", "--patient", "IV-1", "--formula", "F-HA14", "--at", RecordClinic.noon(-20)])

        // Ten days before the later session: the interval warns, naming the session after it.
        let findings = try clinic.findings("IV-1", "F-HA14", at: RecordClinic.noon(-30))
        let interval = try #require(findings.first { $0["rule"] as? String == "interval" }, "\(findings)")
        #expect(interval["severity"] as? String == "warn")
        #expect((interval["message"] as? String)?.contains(RecordClinic.day(-20)) == true, "\(interval)")
        // Recorded then, the session keeps the warning it was recorded with.
        let recorded = try clinic.meso.run(
            ["session", "record", "--patient", "IV-1", "--formula", "F-HA14", "--at", RecordClinic.noon(-30), "--format", "json"])
        #expect([0, 2].contains(recorded.status), "\(recorded)")
        let stored = try clinic.admin.query(
            "SELECT count(*) AS n FROM session_finding f JOIN session s ON s.id = f.session_id WHERE s.performed_at = \(Timestamp(date: CalendarDate.today(plus: -30), hour: 12)) AND f.rule = 'interval'"
        ).rows[0].decode("n", as: Int.self)
        #expect(stored == 1)

        // The look-alikes: twenty days before the later session (and far from the one at -30), no warning.
        #expect(try clinic.rules("IV-1", "F-HA14", at: RecordClinic.noon(-50), severity: "warn").isEmpty)
        let between = try clinic.findings("IV-1", "F-HA14", at: RecordClinic.noon(-25)).filter { $0["rule"] as? String == "interval" }
        // Between the two, each side warns, naming its own session.
        let named = between.compactMap { $0["message"] as? String }
        #expect(named.count == 2, "\(between)")
        #expect(named.contains { $0.contains(RecordClinic.day(-30)) } && named.contains { $0.contains(RecordClinic.day(-20)) }, "\(named)")
    }

    @Test func aLaterSessionCancelledAsAMistakeDoesNotCount() throws {
        let later = try clinic.ok(["session", "record", "--patient", "IV-2", "--formula", "F-HA14", "--at", RecordClinic.noon(-20)])
        #expect(try clinic.rules("IV-2", "F-HA14", at: RecordClinic.noon(-30), severity: "warn") == ["interval"])
        let laterID = try #require(later["session_id"] as? Int, "\(later)")
        try clinic.ok(["session", "cancel", String(laterID), "--reason", "recorded for the wrong patient"])
        #expect(try clinic.rules("IV-2", "F-HA14", at: RecordClinic.noon(-30), severity: "warn").isEmpty)
    }
}
