import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The check reads a patient's sessions through the indexes that start with the patient, also for
/// the sessions recorded since the statistics were last gathered: those are invisible to the
/// planner, and a plan that reached them through the performed-at index would walk every session the
/// whole clinic recorded since, filtering for this patient (a clinic records all day; autovacuum
/// analyses now and then).
@Suite("the check's plans on sessions the statistics do not know yet")
struct CheckPlanTests {
    static let patients = 2_000
    static let sessions = 60_000
    static let recentSessions = 6_000

    /// Sessions of REVIT-LIDO behind the triggers' backs (as TracePlanTests loads its history):
    /// `count` of them, one every `gap` seconds from `start`, for patients in turn.
    static func copySessions(_ admin: PostgresConnection, firstPatient: Int64, count: Int, start: Timestamp, gap: Int64) throws {
        try admin.copyIn(
            """
            COPY session (patient_id, formula_code, formula_version, practitioner, performed_at, status, verdict,
                          recorded_by, recorded_at) FROM STDIN
            """
        ) { rows in
            for index in 0..<count {
                let time = start.adding(seconds: Int64(index) * gap).description
                try rows.append([
                    String(firstPatient + Int64(index * 7 % patients)), "REVIT-LIDO", "1", "Dr Vidal", time, "performed",
                    "PASS", "Dr Vidal", time,
                ])
            }
        }
    }

    @Test func theIntervalsSessionsAreFoundThroughThePatient() throws {
        let database = try TestDatabase.seeded("core_check_plans")
        let admin = try database.connect()
        try admin.query("SET session_replication_role = replica")
        try admin.copyIn("COPY patient (mrn, name, allergy_assessment, created_by) FROM STDIN") { rows in
            for index in 0..<Self.patients {
                try rows.append(["PLAN-\(index)", "Patient \(index)", "none-known", "test"])
            }
        }
        let firstPatient: Int64 = try admin.query("SELECT min(id) AS id FROM patient WHERE mrn LIKE 'PLAN-%'").rows[0].decode("id")
        // Two years of history, analysed; then a morning of sessions the statistics have not seen.
        let now = Timestamp.now()
        try Self.copySessions(
            admin, firstPatient: firstPatient, count: Self.sessions, start: now.adding(seconds: -2 * 365 * 86_400), gap: 1_000)
        try admin.query("VACUUM ANALYZE session")
        try Self.copySessions(
            admin, firstPatient: firstPatient, count: Self.recentSessions, start: now.adding(seconds: -6 * 3_600), gap: 3)
        try admin.query("RESET session_replication_role")

        // A patient with sessions on both sides of a time among the recent ones.
        let at = now.adding(seconds: -3 * 3_600)
        let queries = CheckFactsLoader.fetch(mrn: "PLAN-7", formulaCode: "REVIT-LIDO", at: at, locking: false).queries
        let scans = try queries.flatMap { TracePlanTests.scans(try TracePlanTests.explain($0, on: admin)) }
        #expect(scans.contains { $0.hasSuffix("using session_patient_formula_time") || $0.hasSuffix("using session_patient_time") })
        #expect(!scans.contains { $0.hasSuffix("using session_performed_at") || $0 == "Seq Scan on session" }, "\(scans)")

        // And the check finds them: the last session before, the first after.
        let facts = try CheckFactsLoader.load(mrn: "PLAN-7", formulaCode: "REVIT-LIDO", at: at, on: admin)
        let expected = try admin.query(
            """
            SELECT (SELECT max(s.performed_at) FROM session s JOIN patient p ON p.id = s.patient_id
                     WHERE p.mrn = 'PLAN-7' AND s.performed_at <= \(at)) AS before,
                   (SELECT min(s.performed_at) FROM session s JOIN patient p ON p.id = s.patient_id
                     WHERE p.mrn = 'PLAN-7' AND s.performed_at > \(at)) AS after
            """
        ).rows[0]
        let before: Timestamp = try expected.decode("before")
        let after: Timestamp = try expected.decode("after")
        #expect(facts.formulaSessions.map(\.performedAt) == [before, after])
    }
}
