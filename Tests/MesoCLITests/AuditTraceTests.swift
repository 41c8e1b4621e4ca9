import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A clinic whose stock came in through `meso lot receive` and whose sessions were recorded with
/// `meso session record`, covering every way a lot reaches a patient:
///
/// - S1 (MRN-0006, REVIT-LIDO): 5 mL of PR-1 and 1 mL of lidocaine split across LD-A (0.4 mL left
///   after a stock write-off) and LD-B;
/// - S2 (MRN-0008, HA-3): 3 mL of single-use 2 mL vials split across HA-A (one vial, injected whole)
///   and HA-B (one vial opened, 1 mL injected, 1 mL wasted);
/// - S3 (MRN-0004, REVIT-FACE): PR-1 and HA-B, then cancelled;
/// - S4 (MRN-0006, REVIT-FACE): PR-1 and HA-B again, with an adverse event;
/// - S5 (MRN-0008, REVIT-FACE): PR-2 and HA-B, named with --lot: MRN-0008 never received PR-1.
struct TraceClinic {
    /// The scenario's two months, in the past half year so that sessions stay within the year one
    /// may be back-dated, whatever day the suite runs.
    static let march = CalendarDate.firstOfMonth(monthsFromNow: -6)
    static let april = CalendarDate.firstOfMonth(monthsFromNow: -5)

    let database: TestDatabase
    let meso: MesoCLI
    let pharmacy: MesoCLI
    let admin: PostgresConnection
    var sessions: [String: Int] = [:]

    init(_ name: String) throws {
        database = try TestDatabase.seeded(name)
        meso = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        admin = try database.connect()

        try pharmacy.expectDone(["formula", "add", "HA-3", "--name", "HA 3 mL", "--component", "HA-15-2:3"])
        for (product, lot, vials, days) in [
            ("POLYREVIT-5", "PR-1", 4, 300), ("POLYREVIT-5", "PR-2", 1, 400), ("LIDO-1-MD", "LD-A", 1, 100),
            ("LIDO-1-MD", "LD-B", 1, 200), ("HA-15-2", "HA-A", 1, 100), ("HA-15-2", "HA-B", 3, 200),
        ] {
            // Delivered the day before the first session: a session cannot draw a lot not yet received.
            try pharmacy.expectDone(
                ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: days).description,
                 "--vials", String(vials), "--at", Timestamp(date: Self.march.adding(days: 1), hour: 8).description])
        }
        // LD-A's one vial was opened before and holds 0.4 mL: the lidocaine of S1 splits across two lots.
        let ldA: Int64 = try admin.query("SELECT id FROM lot WHERE lot_number = 'LD-A'").rows[0].decode("id")
        try LedgerFixture.leaveOpen(admin, lot: ldA, ml: "0.4", openedAt: Timestamp(date: Self.march.adding(days: 1), hour: 9))

        sessions["S1"] = try record("MRN-0006", "REVIT-LIDO", at: Self.march.at(day: 3, "09:00:00"))
        sessions["S2"] = try record("MRN-0008", "HA-3", at: Self.march.at(day: 4, "09:00:00"))
        sessions["S3"] = try record("MRN-0004", "REVIT-FACE", at: Self.march.at(day: 5, "09:00:00"))
        try meso.expectDone(["session", "cancel", String(sessions["S3"]!), "--reason", "recorded for the wrong patient"])
        sessions["S4"] = try record("MRN-0006", "REVIT-FACE", at: Self.april.at(day: 7, "09:00:00"))
        try meso.expectDone(
            ["session", "adverse-event", String(sessions["S4"]!), "--kind", "swelling", "--severity", "moderate", "--note",
             "left cheek, 2 days"])
        sessions["S5"] = try record(
            "MRN-0008", "REVIT-FACE", at: Self.april.at(day: 8, "09:00:00"), ["--lot", "POLYREVIT-5:PR-2", "--lot", "HA-15-2:HA-B"])
    }

    /// The clinic built earlier in `database`, reached again (a connection serves one test).
    init(reopening database: TestDatabase, sessions: [String: Int]) throws {
        self.database = database
        meso = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        admin = try database.connect()
        self.sessions = sessions
    }

    /// `session record` that must succeed; the session's id.
    func record(_ mrn: String, _ formula: String, at time: String, _ extra: [String] = []) throws -> Int {
        let outcome = try meso.run(
            ["session", "record", "--patient", mrn, "--formula", formula, "--at", time, "--format", "json"] + extra)
        guard outcome.status == 0, let document = try outcome.json() as? [String: Any], let id = document["session_id"] as? Int
        else { throw LedgerFixture.FixtureError("session record failed: \(outcome)") }
        return id
    }

    /// `audit lot --format json` that must succeed.
    func trace(_ product: String, _ lot: String, as cli: MesoCLI? = nil) throws -> [String: Any] {
        let outcome = try (cli ?? meso).run(["audit", "lot", "--product", product, "--lot", lot, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome)")
        return try #require(try outcome.json() as? [String: Any], "\(outcome)")
    }

    /// The recall contact list of `audit lot --format csv`, as rows of cells keyed by the header.
    func contactList(_ product: String, _ lot: String) throws -> [[String: String]] {
        let outcome = try meso.run(["audit", "lot", "--product", product, "--lot", lot, "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome)")
        let lines = outcome.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = try #require(lines.first).components(separatedBy: ",")
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.components(separatedBy: ",")))
        }
    }

    /// The patients the ledger says received the lot in a performed session: the session-use and
    /// waste rows, a path independent of session_usage, which `audit lot` reads.
    func ledgerRecipients(_ product: String, _ lot: String) throws -> Set<String> {
        Set(
            try admin.query(
                """
                SELECT DISTINCT p.mrn FROM stock_movement m
                  JOIN lot l ON l.id = m.lot_id JOIN session s ON s.id = m.session_id JOIN patient p ON p.id = m.patient_id
                 WHERE l.product_code = \(product) AND l.lot_number = \(lot) AND m.kind IN ('session-use', 'waste')
                   AND s.status = 'performed'
                """
            ).rows.map { try $0.decode("mrn", as: String.self) })
    }
}

extension MesoCLI {
    /// Runs a command that must succeed, as set-up.
    func expectDone(_ arguments: [String]) throws {
        let outcome = try run(arguments)
        guard outcome.status == 0 else { throw LedgerFixture.FixtureError("\(arguments.joined(separator: " ")): \(outcome)") }
    }
}

@Suite("meso audit lot and audit patient")
struct AuditTraceTests {
    @Test func aRecallListHoldsExactlyThePatientsWhoReceivedTheLot() throws {
        let clinic = try TraceClinic("cli_audit_lot")
        let s = clinic.sessions

        // Every lot: the contact list is exactly the patients the ledger says received it in a
        // performed session: none missing, none extra.
        let expected: [String: Set<String>] = [
            "POLYREVIT-5/PR-1": ["MRN-0006"], "POLYREVIT-5/PR-2": ["MRN-0008"], "LIDO-1-MD/LD-A": ["MRN-0006"],
            "LIDO-1-MD/LD-B": ["MRN-0006"], "HA-15-2/HA-A": ["MRN-0008"], "HA-15-2/HA-B": ["MRN-0006", "MRN-0008"],
        ]
        for (name, patients) in expected {
            let parts = name.split(separator: "/").map(String.init)
            let list = try clinic.contactList(parts[0], parts[1])
            #expect(Set(list.map { $0["mrn"] ?? "" }) == patients, "\(name): \(list)")
            #expect(list.count == patients.count, "\(name): one row per patient")
            #expect(try clinic.ledgerRecipients(parts[0], parts[1]) == patients, "\(name)")
            #expect(list.allSatisfy { $0["product"] == parts[0] && $0["lot_number"] == parts[1] })
        }

        // PR-1: two performed sessions of MRN-0006 and the cancelled one of MRN-0004, listed and marked.
        let pr1 = try clinic.trace("POLYREVIT-5", "PR-1")
        #expect(pr1["product"] as? String == "POLYREVIT-5")
        #expect(pr1["lot_number"] as? String == "PR-1")
        #expect(pr1["expiry"] as? String == CalendarDate.today(plus: 300).description)
        #expect(pr1["status"] as? String == "released")
        #expect(pr1["recalled"] as? Bool == false)
        #expect(pr1["sessions_performed"] as? Int == 2)
        #expect(pr1["sessions_cancelled"] as? Int == 1)
        #expect(pr1["patients"] as? Int == 1)
        #expect(pr1["volume_ml"] as? String == "8.000")
        #expect(pr1["waste_ml"] as? String == "2.000")
        let sessions = try #require(pr1["sessions"] as? [[String: Any]])
        #expect(sessions.map { $0["session_id"] as? Int } == [s["S1"], s["S3"], s["S4"]])
        #expect(sessions.map { $0["status"] as? String } == ["performed", "cancelled", "performed"])
        #expect(sessions.map { $0["patient_mrn"] as? String } == ["MRN-0006", "MRN-0004", "MRN-0006"])
        #expect(sessions.map { $0["volume_ml"] as? String } == ["5.000", "3.000", "3.000"])
        #expect(sessions.map { $0["waste_ml"] as? String } == ["0.000", "2.000", "2.000"])
        #expect(sessions.map { $0["practitioner"] as? String } == ["Dr Lee", "Dr Lee", "Dr Lee"])
        #expect(sessions.map { $0["performed_at"] as? String }
            == [TraceClinic.march.at(day: 3, "09:00:00"), TraceClinic.march.at(day: 5, "09:00:00"),
                TraceClinic.april.at(day: 7, "09:00:00")])
        #expect(sessions[1]["cancel_reason"] as? String == "recorded for the wrong patient")
        #expect(sessions.map { $0["adverse_events"] as? String } == ["", "", "swelling (moderate)"])
        let details = try #require(sessions[2]["adverse_event_details"] as? [[String: Any]])
        #expect(details.map { $0["note"] as? String } == ["left cheek, 2 days"])
        let contacts = try #require(pr1["patients_to_contact"] as? [[String: Any]])
        #expect(contacts.count == 1)
        #expect(contacts.first?["mrn"] as? String == "MRN-0006")
        #expect(contacts.first?["sessions"] as? Int == 2)
        #expect(contacts.first?["first_session"] as? String == TraceClinic.march.adding(days: 2).description)
        #expect(contacts.first?["last_session"] as? String == TraceClinic.april.adding(days: 6).description)
        #expect(contacts.first?["volume_ml"] as? String == "8.000")
        #expect(contacts.first?["adverse_event"] as? Bool == true)

        // The CSV opens in a spreadsheet: one header, one row per patient, names in any script.
        let csv = try clinic.meso.run(["audit", "lot", "--product", "POLYREVIT-5", "--lot", "PR-1", "--format", "csv"])
        #expect(
            csv.stdout
                == "product,lot_number,mrn,name,birth_date,sessions,first_session,last_session,volume_ml,adverse_event\r\n"
                + "POLYREVIT-5,PR-1,MRN-0006,Ingrid Svensson,1995-09-17,2,\(TraceClinic.march.adding(days: 2)),\(TraceClinic.april.adding(days: 6)),8.000,yes\r\n")

        // A split draw: the lidocaine of S1 came from two lots, and each lists the patient.
        for (lot, volume) in [("LD-A", "0.400"), ("LD-B", "0.600")] {
            let trace = try clinic.trace("LIDO-1-MD", lot)
            let rows = try #require(trace["sessions"] as? [[String: Any]])
            #expect(rows.map { $0["session_id"] as? Int } == [s["S1"]], "\(lot)")
            #expect(rows.first?["volume_ml"] as? String == volume, "\(lot)")
        }

        // Single-use vials split across lots: HA-A's one vial was injected whole; HA-B's opened vials
        // left waste, and every session that opened one is listed, the cancelled one marked.
        let haA = try #require(try clinic.trace("HA-15-2", "HA-A")["sessions"] as? [[String: Any]])
        #expect(haA.map { $0["session_id"] as? Int } == [s["S2"]])
        #expect(haA.map { $0["waste_ml"] as? String } == ["0.000"])
        let haB = try clinic.trace("HA-15-2", "HA-B")
        let haBSessions = try #require(haB["sessions"] as? [[String: Any]])
        #expect(haBSessions.map { $0["session_id"] as? Int } == [s["S2"], s["S3"], s["S4"], s["S5"]])
        #expect(haBSessions.map { $0["status"] as? String } == ["performed", "cancelled", "performed", "performed"])
        #expect(haBSessions.map { $0["volume_ml"] as? String } == ["1.000", "1.000", "1.000", "1.000"])
        #expect(haBSessions.map { $0["waste_ml"] as? String } == ["1.000", "1.000", "1.000", "1.000"])
        #expect(haB["volume_ml"] as? String == "3.000")
        #expect(haB["waste_ml"] as? String == "3.000")
        let haBContacts = try clinic.contactList("HA-15-2", "HA-B")
        #expect(haBContacts.map { $0["mrn"] } == ["MRN-0006", "MRN-0008"])
        #expect(haBContacts.map { $0["sessions"] } == ["1", "2"])
        #expect(haBContacts.map { $0["adverse_event"] } == ["yes", "no"])

        // Once recalled, the table says so at the top and names who to contact.
        try clinic.pharmacy.expectDone(["lot", "recall", "--product", "HA-15-2", "--lot", "HA-B", "--reason", "supplier notice 2025-17"])
        let table = try clinic.meso.run(["audit", "lot", "--product", "HA-15-2", "--lot", "HA-B"])
        #expect(table.status == 0)
        #expect(table.stdout.split(separator: "\n").contains { $0.hasPrefix("RECALLED: ") && $0.hasSuffix(" yes") }, "\(table)")
        #expect(table.stdout.contains("(supplier notice 2025-17): contact the 2 patients listed."), "\(table)")
        #expect(table.stdout.contains("3 performed sessions for 2 patients, 3.000 mL injected, 3.000 mL of opened single-use vials wasted; 1 cancelled session listed but not counted."))

        // A lot nobody received, and names that match nothing.
        try clinic.pharmacy.expectDone(
            ["lot", "receive", "--product", "HA-15-2", "--lot", "HA-NEW", "--expiry", CalendarDate.today(plus: 90).description, "--vials", "1"])
        let unused = try clinic.trace("HA-15-2", "HA-NEW")
        #expect((unused["sessions"] as? [Any])?.isEmpty == true)
        #expect((unused["patients_to_contact"] as? [Any])?.isEmpty == true)
        let emptyCSV = try clinic.meso.run(["audit", "lot", "--product", "HA-15-2", "--lot", "HA-NEW", "--format", "csv"])
        #expect(emptyCSV.stdout == "product,lot_number,mrn,name,birth_date,sessions,first_session,last_session,volume_ml,adverse_event\r\n")
        for (product, lot, message) in [
            ("HA-15-2", "NOPE", "HA-15-2 has no lot NOPE (--lot)."), ("NOPE-1", "HA-B", "No product has the code NOPE-1 (--product)."),
        ] {
            let outcome = try clinic.meso.run(["audit", "lot", "--product", product, "--lot", lot])
            #expect(outcome.status == 65, "\(outcome)")
            #expect(outcome.stderr == "meso: \(message)\n")
        }
        let bad = try clinic.meso.run(["audit", "lot", "--product", "HA-15-2", "--lot", "has space", "--format", "json"])
        #expect(bad.status == 65)
        #expect(try bad.jsonError()["field"] as? String == "--lot")
    }

    @Test func aPatientsLotsAreAllListedAndThoseRecalledSinceAreFlagged() throws {
        let clinic = try TraceClinic("cli_audit_patient")
        let s = clinic.sessions
        // After the sessions: LD-B is recalled; HA-B is recalled and then destroyed, and still counts.
        try clinic.pharmacy.expectDone(["lot", "recall", "--product", "LIDO-1-MD", "--lot", "LD-B", "--reason", "particles in vials"])
        try clinic.pharmacy.expectDone(["lot", "recall", "--product", "HA-15-2", "--lot", "HA-B", "--reason", "sterility failure"])
        try clinic.pharmacy.expectDone(["lot", "destroy", "--product", "HA-15-2", "--lot", "HA-B", "--reason", "recalled stock destroyed"])

        let outcome = try clinic.meso.run(["audit", "patient", "MRN-0006", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome)")
        let history = try #require(try outcome.json() as? [String: Any])
        #expect(history["mrn"] as? String == "MRN-0006")
        #expect(history["name"] as? String == "Ingrid Svensson")
        #expect(history["sessions_performed"] as? Int == 2)
        #expect(history["lots_received"] as? Int == 4)
        #expect(history["lots_recalled"] as? Int == 2)
        let lots = try #require(history["lots"] as? [[String: Any]])
        #expect(lots.map { $0["session_id"] as? Int } == [s["S1"], s["S1"], s["S1"], s["S4"], s["S4"]])
        #expect(lots.map { "\($0["product"] as? String ?? "")/\($0["lot_number"] as? String ?? "")" }
            == ["LIDO-1-MD/LD-A", "LIDO-1-MD/LD-B", "POLYREVIT-5/PR-1", "HA-15-2/HA-B", "POLYREVIT-5/PR-1"])
        #expect(lots.map { $0["volume_ml"] as? String } == ["0.400", "0.600", "5.000", "1.000", "3.000"])
        #expect(lots.map { $0["waste_ml"] as? String } == ["0.000", "0.000", "0.000", "1.000", "2.000"])
        #expect(lots.map { $0["recalled"] as? Bool } == [false, true, false, true, false])
        #expect(lots.map { $0["lot_status"] as? String } == ["released", "recalled", "released", "destroyed", "released"])
        #expect(lots.map { $0["expiry"] as? String } == [100, 200, 300, 200, 300].map { CalendarDate.today(plus: $0).description })
        #expect(lots.map { $0["recall_reason"] as? String } == [nil, "particles in vials", nil, "sterility failure", nil])
        #expect(lots.map { $0["adverse_events"] as? String } == ["", "", "", "swelling (moderate)", "swelling (moderate)"])
        let recalled = try #require(history["recalled_lots"] as? [[String: Any]])
        #expect(recalled.map { $0["lot_number"] as? String } == ["LD-B", "HA-B"])

        let table = try clinic.meso.run(["audit", "patient", "MRN-0006"])
        #expect(table.stdout.hasSuffix("2 lots received are now recalled: lot LD-B of LIDO-1-MD, lot HA-B of HA-15-2.\n"), "\(table)")
        let csv = try clinic.meso.run(["audit", "patient", "MRN-0006", "--format", "csv"])
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "performed_at,session_id,status,product,lot_number,expiry,volume_ml,waste_ml,lot_status,recalled,practitioner,recorded_login,adverse_events,overrides")
        #expect(lines.count == 6)

        // MRN-0004's only session was cancelled: listed and marked, but nothing was received.
        let cancelled = try #require(try clinic.meso.run(["audit", "patient", "MRN-0004", "--format", "json"]).json() as? [String: Any])
        #expect(cancelled["lots_received"] as? Int == 0)
        #expect(cancelled["lots_recalled"] as? Int == 0)
        let cancelledLots = try #require(cancelled["lots"] as? [[String: Any]])
        #expect(cancelledLots.map { $0["status"] as? String } == ["cancelled", "cancelled"])
        #expect(cancelledLots.map { $0["session_id"] as? Int } == [s["S3"], s["S3"]])

        // A patient who received nothing, and one the clinic does not know.
        let none = try clinic.meso.run(["audit", "patient", "MRN-0002"])
        #expect(none.status == 0)
        #expect(none.stdout.hasSuffix("MRN-0002 has received no lot.\n"), "\(none)")
        let unknown = try clinic.meso.run(["audit", "patient", "MRN-9999"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr == "meso: No patient has the MRN MRN-9999.\n")
    }
}
