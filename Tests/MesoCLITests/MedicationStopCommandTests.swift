import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `meso patient medication stop` and washouts through the binary: a stopped bleeding-risk medication
/// counts through the last day of its class's (or substance's) washout, on the clinic's days, and is
/// silent the day after.
@Suite("meso patient medication stop")
struct MedicationStopCommandTests {
    static let shared = Result { try TestDatabase.seededWithFaceStock("cli_medication_stop") }

    let database: TestDatabase
    let meso: MesoCLI

    init() throws {
        database = try Self.shared.get()
        meso = MesoCLI(databaseURL: database.url)
    }

    /// Registers a patient with no known allergies taking `name`, and returns the medication's ID.
    static func medication(_ name: String, for mrn: String, meso: MesoCLI) throws -> String {
        #expect(try meso.run(["patient", "add", mrn, "--name", "Patient \(mrn)"]).status == 0)
        #expect(try meso.run(["patient", "allergy", "none", mrn]).status == 0)
        let added = try meso.run(["patient", "medication", "add", mrn, "--name", name, "--format", "json"])
        let record = try #require(try added.json() as? [String: Any], "\(added)")
        return String(try #require(record["id"] as? Int))
    }

    /// The exit status and the bleeding-risk findings of a check at `time`.
    static func check(_ mrn: String, at time: String, meso: MesoCLI) throws -> (status: Int32, messages: [String]) {
        let outcome = try meso.run(["check", "--patient", mrn, "--formula", "REVIT-FACE", "--at", time, "--format", "json"])
        let report = try #require(try outcome.json() as? [String: Any], "\(outcome)")
        let findings = (report["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "bleeding-risk" }
        return (outcome.status, findings.compactMap { $0["message"] as? String })
    }

    /// The day the tests' medications were stopped: far enough back for every washout to have ended,
    /// near enough for the lots received a year ago to be there (dates relative to today, so that the
    /// tests hold whenever they run).
    static let stopDay = CalendarDate.today(plus: -60)

    /// Stopped on day S: aspirin (7 days) counts through S + 7, evening primrose oil (14 days, its
    /// substance's) through S + 14, fluoxetine (35 days, its substance's) through S + 35, rivaroxaban
    /// (4 days) through S + 4; each is silent the day after.
    @Test(arguments: [("aspirin", 7), ("evening primrose oil", 14), ("Prozac", 35), ("Xarelto", 4)])
    func theLastDayOfTheWashoutCountsAndTheNextIsSilent(name: String, washoutDays: Int) throws {
        let mrn = "MS-\(name.prefix(8).uppercased().filter(\.isLetter))"
        let (lastDay, dayAfter) = (Self.stopDay.adding(days: washoutDays), Self.stopDay.adding(days: washoutDays + 1))
        let id = try Self.medication(name, for: mrn, meso: meso)
        let stopped = try meso.run(["patient", "medication", "stop", id, "--on", "\(Self.stopDay)"])
        #expect(stopped.status == 0, "\(stopped)")
        #expect(stopped.stdout.contains("Stopped on \(Self.stopDay)."))
        #expect(stopped.stdout.contains("still counts for bleeding risk in checks through \(lastDay)"), "\(stopped)")

        let last = try Self.check(mrn, at: "\(lastDay)T16:00:00Z", meso: meso)
        #expect(last.status == 2, "\(last)")
        #expect(last.messages.count == 1)
        #expect(last.messages.first?.contains("was stopped on \(Self.stopDay) and still counts through \(lastDay)") == true, "\(last)")
        let after = try Self.check(mrn, at: "\(dayAfter)T08:00:00Z", meso: meso)
        #expect(after.status == 0, "\(after)")
        #expect(after.messages.isEmpty, "\(after)")
    }

    /// Back-dated checks see what was true then: before its stop a medication was being taken; a
    /// medication recorded after the session's day still counts (its record has no start day).
    @Test func aBackDatedSessionSeesTheMedicationAsItWasTaken() throws {
        let id = try Self.medication("Plavix 75 mg", for: "MS-BACK", meso: meso)
        let stop = CalendarDate.today(plus: -30)
        #expect(try meso.run(["patient", "medication", "stop", id, "--on", "\(stop)"]).status == 0)
        let before = try Self.check("MS-BACK", at: "\(stop.adding(days: -8))T10:00:00Z", meso: meso)
        #expect(before.status == 2)
        #expect(before.messages == [
            "Bleeding risk: Plavix 75 mg (clopidogrel; antiplatelet), stopped on \(stop), was still taken on \(stop.adding(days: -8)) and makes bruising more likely; it is prescribed and the clinic never stops it; expect more bruising and bleeding."
        ])

        // Recorded after the fact, the session stores the warning and goes ahead (warnings never stop it).
        let recorded = try meso.run(
            ["session", "record", "--patient", "MS-BACK", "--formula", "REVIT-FACE", "--at", "\(stop.adding(days: 5))T10:00:00Z", "--format", "json"])
        #expect(recorded.status == 0, "\(recorded)")
        let session = try #require(try recorded.json() as? [String: Any])
        #expect(session["verdict"] as? String == "WARN")
        let stored = (session["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "bleeding-risk" }
        #expect((stored.first?["message"] as? String ?? "").contains("still counts through \(stop.adding(days: 7))"), "\(stored)")
    }

    /// The stop's day is compared with the session's day in the clinic's time zone: at 21:00 UTC on the
    /// last day of the washout it is already the next day in Dubai.
    @Test func theWashoutEndsOnTheClinicsDay() throws {
        let database = try TestDatabase.seededWithFaceStock("cli_medication_stop_zone")
        let meso = MesoCLI(databaseURL: database.url)
        #expect(try meso.run(["clinic", "set", "--time-zone", "Asia/Dubai"]).status == 0)
        let id = try Self.medication("aspirine", for: "MS-ZONE", meso: meso)
        #expect(try meso.run(["patient", "medication", "stop", id, "--on", "\(Self.stopDay)"]).status == 0)
        // 19:59 UTC is 23:59 on the washout's last day in Dubai; 20:00 UTC is midnight of the day after.
        let lastDay = Self.stopDay.adding(days: 7)
        #expect(try Self.check("MS-ZONE", at: "\(lastDay)T19:59:00Z", meso: meso).status == 2)
        #expect(try Self.check("MS-ZONE", at: "\(lastDay)T20:00:00Z", meso: meso).status == 0)
    }

    @Test func patientShowListsEachMedicationWithItsIDAndStopAndKeepsEveryStop() throws {
        let id = try Self.medication("fish oil", for: "MS-SHOW", meso: meso)
        #expect(try meso.run(["patient", "medication", "add", "MS-SHOW", "--name", "vitamin D3"]).status == 0)
        let logins = try ClinicLogins("stop", database: database)
        defer { logins.drop() }
        let practitioner = MesoCLI(databaseURL: try database.url(asUser: logins.practitioner), actor: "Dr Mei Chen")
        let (first, corrected) = (CalendarDate.today(plus: -10), CalendarDate.today(plus: -8))
        #expect(try practitioner.run(["patient", "medication", "stop", id, "--on", "\(first)"]).status == 0)
        // A corrected day is a second stop; the first stays.
        #expect(try practitioner.run(["patient", "medication", "stop", id, "--on", "\(corrected)"]).status == 0)

        let shown = try meso.run(["patient", "show", "MS-SHOW", "--format", "json"])
        let record = try #require(try shown.json() as? [String: Any], "\(shown)")
        let medications = try #require(record["medications"] as? [[String: Any]])
        #expect(medications.first?["id"] as? Int == Int(id)!)
        #expect(medications.map { $0["name"] as? String } == ["fish oil", "vitamin D3"])
        #expect(medications.map { $0["stopped_on"] as? String } == ["\(corrected)", nil])
        #expect(medications.first?["stop_recorded_by"] as? String == "Dr Mei Chen")
        let table = try meso.run(["patient", "show", "MS-SHOW"])
        #expect(table.stdout.contains("STOPPED ON"), "\(table)")
        #expect(table.stdout.contains("\(corrected)"))

        let stops = try database.connect().query(
            "SELECT stopped_on::text AS day, recorded_by, recorded_login FROM patient_medication_stop WHERE medication_id = \(Int64(id)!) ORDER BY id"
        ).rows.map { (try $0.decode("day", as: String.self), try $0.decode("recorded_login", as: String.self)) }
        #expect(stops.map(\.0) == ["\(first)", "\(corrected)"])
        #expect(stops.allSatisfy { $0.1 == logins.practitioner })

        // Only a practitioner records a stop.
        let pharmacist = MesoCLI(databaseURL: try database.url(asUser: logins.pharmacist))
        #expect(try pharmacist.run(["patient", "medication", "stop", id, "--on", "\(CalendarDate.today(plus: -7))"]).status == 77)
    }

    @Test func aStopThatCannotBeRecordedWritesNothing() throws {
        let id = try Self.medication("ginkgo", for: "MS-BAD", meso: meso)
        let today = try database.connect().query("SELECT public.meso_clinic_day(now())::text AS day").rows[0]
            .decode("day", as: String.self)
        let tomorrow = CalendarDate(iso: today)!.adding(days: 1).description
        func stops() throws -> Int {
            try database.connect().query("SELECT count(*) AS n FROM patient_medication_stop WHERE medication_id = \(Int64(id)!)")
                .rows[0].decode("n")
        }
        for (arguments, field, words) in [
            (["999999", "--on", "2026-01-10"], "ID", "No medication has the ID 999999."),
            (["abc", "--on", "2026-01-10"], "ID", "ID must be a whole number."),
            ([id, "--on", "2026-02-30"], "--on", "--on must be a real date"),
            ([id, "--on", tomorrow], "--on", "is after today in the clinic (\(today))"),
        ] {
            let outcome = try meso.run(["patient", "medication", "stop"] + arguments + ["--format", "json"])
            #expect(outcome.status == 65, "\(arguments): \(outcome)")
            let error = try outcome.jsonError()
            #expect(error["field"] as? String == field, "\(arguments): \(error)")
            #expect((error["message"] as? String ?? "").contains(words), "\(arguments): \(error)")
        }
        #expect(try stops() == 0)
        // Today is a day it may have stopped.
        #expect(try meso.run(["patient", "medication", "stop", id, "--on", today]).status == 0)
    }
}
