import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A catalogue of malformed input across every command of the CLI: each is refused with exit 64
/// (usage) or 65 (invalid input) and one clear sentence naming the field, in text and as the JSON
/// error object, and the database is the same, row for row, before and after the whole catalogue.
@Suite("Reliability: a catalogue of bad input")
struct ReliabilityBadInputTests {
    /// One malformed command line and how it must be refused.
    struct BadInput: Sendable, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        /// The field the JSON error names (65 only).
        let field: String?
        /// Text the message must contain (the field, or the rule it breaks), case-insensitively.
        let says: String
        /// What the JSON error must say instead, when `--format json` changes the error itself
        /// (a group command, which takes no --format); nil when `--format` is the bad value.
        var jsonSays: String?
        /// Whether the test adds `--database-url` and `--actor` (not when `--actor` is the bad value,
        /// nor after a command that does not exist).
        var addsURL = true
        var addsActor = true

        var description: String { "meso " + arguments.map { $0.count > 60 ? String($0.prefix(60)) + "…" : $0 }.joined(separator: " ") }
    }

    /// Every command of the CLI on this branch (`meso help`), each of which the catalogue must reach.
    static let commands: [[String]] = [
        ["db", "migrate"], ["db", "status"], ["db", "seed"], ["compound", "list"], ["compound", "show"], ["compound", "add"],
        ["allergen", "list"], ["allergen", "show"], ["allergen", "add"], ["product", "add"], ["product", "list"],
        ["product", "show"], ["lot", "receive"], ["lot", "list"], ["lot", "show"], ["lot", "release"], ["lot", "quarantine"],
        ["lot", "recall"], ["lot", "destroy"], ["stock"], ["stock", "count"], ["stock", "waste"], ["formula", "add"],
        ["formula", "list"], ["formula", "show"], ["patient", "add"], ["patient", "list"], ["patient", "show"],
        ["patient", "allergy", "add"], ["patient", "allergy", "none"], ["patient", "condition", "add"],
        ["patient", "medication", "add"], ["check"], ["session", "record"], ["session", "list"], ["session", "show"],
        ["session", "cancel"], ["session", "adverse-event"], ["course", "plan"], ["course", "show"], ["audit", "ledger"],
        ["audit", "verify"], ["audit", "lot"], ["audit", "patient"], ["report", "expiry"], ["report", "usage"],
    ]

    /// The command a bad input runs: the longest of `commands` its arguments start with.
    static func command(of bad: BadInput) -> [String]? {
        commands.filter { bad.arguments.starts(with: $0) }.max { $0.count < $1.count }
    }

    static func invalid(_ field: String, says: String? = nil, _ arguments: [String]) -> BadInput {
        BadInput(arguments: arguments, status: 65, field: field, says: says ?? field, jsonSays: says ?? field)
    }

    static func usage(_ says: String, _ arguments: [String]) -> BadInput {
        BadInput(arguments: arguments, status: 64, field: nil, says: says, jsonSays: says)
    }

    /// The catalogue, for a seeded database holding lot LD-1 of LIDO-1-MD (one 20 mL vial), lots of
    /// POLYREVIT-5 and HA-15-2, a performed session and a cancelled one.
    static func catalogue(performed: Int, cancelled: Int, fixtures: [String: String]) -> [BadInput] {
        let tomorrow = CalendarDate.today(plus: 1).description
        let yesterday = CalendarDate.today(plus: -1).description
        let expiry = CalendarDate.today(plus: 300).description
        let inAnHour = Timestamp.now().adding(seconds: 3600).description
        let unknownGTIN = "0952010700099" + String(GTIN.checkDigit(of: Array("0952010700099".utf8)))
        let receive = ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "L-NEW", "--vials", "1"]
        let record = ["session", "record", "--patient", "MRN-0006", "--formula", "REVIT-FACE"]
        let waste = ["stock", "waste", "--product", "LIDO-1-MD", "--lot", "LD-1", "--reason", "spill", "--ml"]
        let product = ["product", "add", "NEW-P", "--name", "New product", "--ingredient", "lidocaine:1mg/mL"]
        let newPatient = ["patient", "add", "NEW-1", "--name", "New Patient"]
        return [
            // db
            usage("extra", ["db", "migrate", "extra"]),
            usage("--verbose", ["db", "status", "--verbose"]),
            invalid("patients.csv", says: "not valid UTF-8", ["db", "seed", "--fixtures", fixtures["utf8"]!]),
            invalid("products.csv", says: "product_name_format", ["db", "seed", "--fixtures", fixtures["control"]!]),
            invalid("patients.csv", says: "refuses", ["db", "seed", "--fixtures", fixtures["weight"]!]),
            invalid("compounds.csv", says: "header", ["db", "seed", "--fixtures", fixtures["header"]!]),
            invalid("compounds.csv", says: "missing", ["db", "seed", "--fixtures", "/nonexistent/fixtures"]),
            // compound
            invalid("--class", ["compound", "list", "--class", "vitamins"]),
            invalid("CODE", ["compound", "show", "lido caine"]),
            invalid("--name", says: "control character", ["compound", "add", "new-c", "--name", "Bell\u{7}", "--class", "vitamin"]),
            invalid("--source", ["compound", "add", "new-c", "--name", "New", "--class", "vitamin", "--source", "cow"]),
            invalid("CODE", says: "already exists", ["compound", "add", "lidocaine", "--name", "Again", "--class", "anaesthetic"]),
            invalid("--group", ["compound", "add", "new-c", "--name", "New", "--class", "vitamin", "--group", "no-such-group"]),
            // allergen
            with(usage("--format", ["allergen", "list", "--format", "xml"])) { $0.jsonSays = nil },
            invalid("GROUP", ["allergen", "show", "amide_anaesthetics"]),
            invalid("--name", says: "longer than 200", ["allergen", "add", "new-g", "--name", String(repeating: "x", count: 201)]),
            // product
            usage("--single-use", product + ["--vial-ml", "2", "--single-use", "--multi-dose"]),
            invalid("--vial-ml", product + ["--vial-ml", "2,5"]),
            invalid("--vial-ml", product + ["--vial-ml", "0"]),
            invalid("--vial-ml", product + ["--vial-ml", "1e3"]),
            invalid("--vial-ml", says: "at most", product + ["--vial-ml", "5000"]),
            invalid("--ingredient", says: "per mL", ["product", "add", "NEW-P", "--name", "N", "--vial-ml", "2", "--ingredient", "lidocaine:10mg/L"]),
            invalid("--ingredient", says: "unit %", ["product", "add", "NEW-P", "--name", "N", "--vial-ml", "2", "--ingredient", "lidocaine:1%/mL"]),
            invalid("--gtin", says: "check digit", product + ["--vial-ml", "2", "--gtin", "09520107000014"]),
            invalid("--gtin", says: "already belongs", product + ["--vial-ml", "2", "--gtin", "09520107000013"]),
            usage("--below", ["product", "list", "--below"]),
            invalid("CODE", ["product", "show", "LIDO'; DROP TABLE product;--"]),
            // lot
            invalid("--expiry", says: "real date", receive + ["--expiry", "2027-02-30"]),
            invalid("--expiry", says: "YYYY-MM-DD", receive + ["--expiry", "27-06-01"]),
            invalid("--expiry", says: "10 years", receive + ["--expiry", "2099-01-01"]),
            invalid("--expiry", says: "already past", receive + ["--expiry", yesterday]),
            invalid("--at", says: "future", receive + ["--expiry", expiry, "--at", inAnHour]),
            invalid("--at", says: "more than a year ago", receive + ["--expiry", expiry, "--at", "0026-11-25T10:00:00Z"]),
            invalid("--at", says: "future", ["lot", "receive", "--gs1", "(01)09520107000013(17)271130(10)A", "--vials", "1", "--at", inAnHour]),
            invalid("--vials", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "L-NEW", "--expiry", expiry, "--vials", "0"]),
            invalid("--vials", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "L-NEW", "--expiry", expiry, "--vials", "-3"]),
            invalid("--vials", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "L-NEW", "--expiry", expiry, "--vials", "1,000"]),
            invalid("--lot", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "L 1", "--expiry", expiry, "--vials", "1"]),
            invalid("--lot", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "ABCDEFGHIJKLMNOPQRSTU", "--expiry", expiry, "--vials", "1"]),
            invalid("--lot", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "LOT-Ü", "--expiry", expiry, "--vials", "1"]),
            invalid("--lot", says: "already been received", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "LD-1", "--expiry", expiry, "--vials", "1"]),
            invalid("--product", ["lot", "receive", "--product", "NOPE", "--lot", "L-NEW", "--expiry", expiry, "--vials", "1"]),
            invalid("--supplier", says: "control character", receive + ["--expiry", expiry, "--supplier", "Pharma\tSud"]),
            invalid("--gs1", says: "check digit", ["lot", "receive", "--gs1", "(01)09520107000014(17)271130(10)A", "--vials", "1"]),
            invalid("--gs1", says: "real date", ["lot", "receive", "--gs1", "(01)09520107000013(17)271301(10)A", "--vials", "1"]),
            invalid("--gs1", says: "GS", ["lot", "receive", "--gs1", "0109520107000013" + "10ABCDEFGHIJKLMNOPQRSTU", "--vials", "1"]),
            invalid("--gs1", says: "(89)", ["lot", "receive", "--gs1", "(01)09520107000013(17)271130(10)A(89)X", "--vials", "1"]),
            invalid("--gs1", says: "no lot number", ["lot", "receive", "--gs1", "(01)09520107000013(17)271130", "--vials", "1"]),
            invalid("--gs1", says: "No product has the GTIN", ["lot", "receive", "--gs1", "(01)\(unknownGTIN)(17)271130(10)A", "--vials", "1"]),
            usage("--gs1", ["lot", "receive", "--gs1", "(01)09520107000013(17)271130(10)A", "--product", "LIDO-1-MD", "--vials", "1"]),
            usage("--expiry", ["lot", "receive", "--product", "LIDO-1-MD", "--lot", "L-NEW", "--vials", "1"]),
            invalid("--status", ["lot", "list", "--status", "expired"]),
            invalid("--expiring-within", ["lot", "list", "--expiring-within", "3651"]),
            usage("--lot", ["lot", "show", "--product", "LIDO-1-MD"]),
            invalid("--lot", ["lot", "show", "--product", "LIDO-1-MD", "--lot", "1' OR '1'='1"]),
            invalid("--lot", says: "no lot NOPE", ["lot", "release", "--product", "LIDO-1-MD", "--lot", "NOPE", "--reason", "checked"]),
            invalid("--reason", says: "empty", ["lot", "quarantine", "--product", "LIDO-1-MD", "--lot", "LD-1", "--reason", "   "]),
            invalid("--reason", says: "longer than 2000", ["lot", "recall", "--product", "LIDO-1-MD", "--lot", "LD-1", "--reason", String(repeating: "r", count: 2001)]),
            invalid("--reason", says: "control character", ["lot", "destroy", "--product", "LIDO-1-MD", "--lot", "LD-1", "--reason", "broken \u{202E}reyalp"]),
            // stock
            invalid("--expiring-within", ["stock", "--expiring-within", "-1"]),
            invalid("--product", ["stock", "--product", "lido 1"]),
            invalid("--ml", says: "ever received", ["stock", "count", "--product", "LIDO-1-MD", "--lot", "LD-1", "--reason", "count", "--ml", "21"]),
            invalid("--ml", says: "zero or more", ["stock", "count", "--product", "LIDO-1-MD", "--lot", "LD-1", "--reason", "count", "--ml", "-1"]),
            invalid("--ml", says: "more than zero", waste + ["0"]),
            invalid("--ml", says: "decimals", waste + ["0.0001"]),
            invalid("--ml", says: "number", waste + ["1,5"]),
            invalid("--ml", says: "at most", waste + ["999999999"]),
            invalid("--ml", says: "number", waste + ["NaN"]),
            invalid("--ml", says: "number", waste + ["١٢"]),
            // formula
            invalid("--component", says: "PRODUCT:ML", ["formula", "add", "NEW-F", "--name", "F", "--component", "LIDO-1-MD"]),
            invalid("--component", says: "no product", ["formula", "add", "NEW-F", "--name", "F", "--component", "NOPE:1"]),
            invalid("--component", says: "twice", ["formula", "add", "NEW-F", "--name", "F", "--component", "LIDO-1-MD:0.5", "--component", "lido-1-md:1"]),
            invalid("--component", says: "more than zero", ["formula", "add", "NEW-F", "--name", "F", "--component", "LIDO-1-MD:-1"]),
            invalid("--min-interval-days", ["formula", "add", "NEW-F", "--name", "F", "--component", "LIDO-1-MD:0.5", "--min-interval-days", "0"]),
            usage("--patient", ["formula", "list", "--patient", "MRN-0001"]),
            invalid("--version", ["formula", "show", "REVIT-LIDO", "--version", "0"]),
            invalid("--version", says: "no version 99", ["formula", "show", "REVIT-LIDO", "--version", "99"]),
            // patient
            invalid("--birth-date", newPatient + ["--birth-date", tomorrow]),
            invalid("--birth-date", newPatient + ["--birth-date", "1899-12-31"]),
            invalid("--weight-kg", newPatient + ["--weight-kg", "0"]),
            invalid("--weight-kg", newPatient + ["--weight-kg", "70,5"]),
            invalid("--weight-kg", says: "at most", newPatient + ["--weight-kg", "4000"]),
            invalid("MRN", says: "already registered", ["patient", "add", "MRN-0001", "--name", "Again"]),
            invalid("MRN", ["patient", "add", "MRN 9", "--name", "Spaced"]),
            invalid("--name", says: "empty", ["patient", "add", "NEW-1", "--name", "\u{00A0}\u{3000}\u{200B}"]),
            invalid("--name", says: "control character", ["patient", "add", "NEW-1", "--name", "Ana\u{2028}Lee"]),
            invalid("--name", says: "UTF-8", ["patient", "add", "NEW-1", "--name", "Jos\u{FFFD}"]),
            usage("extra", ["patient", "list", "extra"]),
            invalid("MRN", ["patient", "show", "MRN-0001; DROP TABLE patient"]),
            invalid("--compound", says: "not both", ["patient", "allergy", "add", "MRN-0001", "--compound", "lidocaine", "--group", "cobalt"]),
            invalid("--compound", says: "--group", ["patient", "allergy", "add", "MRN-0001"]),
            invalid("--criticality", ["patient", "allergy", "add", "MRN-0001", "--compound", "lidocaine", "--criticality", "severe"]),
            invalid("--compound", says: "no compound", ["patient", "allergy", "add", "MRN-0001", "--compound", "nope"]),
            invalid("MRN", says: "MRN-9999", ["patient", "allergy", "none", "MRN-9999"]),
            invalid("--on", says: "required", ["patient", "condition", "add", "MRN-0001", "--kind", "facial-surgery"]),
            invalid("--on", says: "after today", ["patient", "condition", "add", "MRN-0001", "--kind", "facial-surgery", "--on", tomorrow]),
            invalid("--kind", ["patient", "condition", "add", "MRN-0001", "--kind", "broken-leg"]),
            invalid("--name", says: "empty", ["patient", "medication", "add", "MRN-0001", "--name", ""]),
            // check
            invalid("--at", says: "two years", ["check", "--patient", "MRN-0001", "--formula", "REVIT-LIDO", "--at", "9999-12-31T00:00:00Z"]),
            invalid("--at", says: "ISO 8601", ["check", "--patient", "MRN-0001", "--formula", "REVIT-LIDO", "--at", "25/11/2026 09:30"]),
            invalid("--patient", says: "MRN-9999", ["check", "--patient", "MRN-9999", "--formula", "REVIT-LIDO"]),
            usage("--formula", ["check", "--patient", "MRN-0001"]),
            // session
            invalid("--at", says: "future", record + ["--at", inAnHour]),
            invalid("--at", says: "more than a year ago", record + ["--at", "0026-11-25T10:00:00Z"]),
            invalid("--lot", says: "PRODUCT:LOT", record + ["--lot", "POLYREVIT-5"]),
            invalid("--lot", says: "twice", record + ["--lot", "POLYREVIT-5:PR-1", "--lot", "polyrevit-5:PR-1"]),
            invalid("--lot", says: "not in formula", record + ["--lot", "LIDO-1-MD:LD-1"]),
            invalid("--override", says: "empty", record + ["--override", ""]),
            invalid("--formula", says: "NOPE", ["session", "record", "--patient", "MRN-0006", "--formula", "NOPE"]),
            invalid("--practitioner", says: "longer than 200", record + ["--practitioner", String(repeating: "D", count: 201)]),
            invalid("--patient", ["session", "list", "--patient", "MRN 1"]),
            invalid("ID", says: "whole number", ["session", "show", "abc"]),
            invalid("ID", says: "between 1", ["session", "show", "0"]),
            invalid("ID", says: "whole number", ["session", "show", "99999999999999999999999"]),
            invalid("ID", says: "99999", ["session", "cancel", "99999", "--reason", "typo"]),
            invalid("--reason", says: "longer than 1900", ["session", "cancel", String(performed), "--reason", String(repeating: "r", count: 1901)]),
            invalid("ID", says: "cancelled", ["session", "adverse-event", String(cancelled), "--kind", "pain", "--severity", "mild"]),
            invalid("--kind", ["session", "adverse-event", String(performed), "--kind", "rash", "--severity", "mild"]),
            invalid("--severity", ["session", "adverse-event", String(performed), "--kind", "pain", "--severity", "fatal"]),
            // course
            invalid("--start", says: "more than a year", ["course", "plan", "--patient", "MRN-0006", "--formula", "REVIT-FACE", "--start", "9999-12-01"]),
            invalid("--sessions", ["course", "plan", "--patient", "MRN-0006", "--formula", "REVIT-FACE", "--start", CalendarDate.today().description, "--sessions", "21"]),
            invalid("MRN", says: "empty", ["course", "show", ""]),
            // audit and report
            invalid("--lot", says: "needs --product", ["audit", "ledger", "--lot", "LD-1"]),
            invalid("--since", ["audit", "ledger", "--since", "2026-13-01"]),
            usage("--product", ["audit", "verify", "--product", "LIDO-1-MD"]),
            invalid("--within", ["report", "expiry", "--within", "4000"]),
            invalid("--within", says: "whole number", ["report", "expiry", "--within", "ten"]),
            invalid("--product", says: "No product", ["audit", "lot", "--product", "NOPE", "--lot", "LD-1"]),
            invalid("--lot", says: "printable", ["audit", "lot", "--product", "LIDO-1-MD", "--lot", "LD 1"]),
            usage("--lot", ["audit", "lot", "--product", "LIDO-1-MD"]),
            invalid("MRN", says: "No patient", ["audit", "patient", "NO-SUCH-MRN"]),
            invalid("--from", ["report", "usage", "--from", "2026-13-01", "--to", "2026-12-01"]),
            invalid("--to", says: "before --from", ["report", "usage", "--from", "2026-12-01", "--to", "2026-11-01"]),
            invalid("--by", ["report", "usage", "--from", "2026-11-01", "--to", "2026-12-01", "--by", "vial"]),
            invalid("--per", ["report", "usage", "--from", "2026-11-01", "--to", "2026-12-01", "--per", "week"]),
            // every command: who is acting, and commands that do not exist
            with(invalid("--actor", says: "control character", ["lot", "list", "--actor", "Dr\nLee"])) { $0.addsActor = false },
            with(invalid("--actor", says: "longer than 100", ["stock", "--actor", String(repeating: "a", count: 101)])) {
                $0.addsActor = false
            },
            with(usage("frobnicate", ["lot", "frobnicate"])) {
                $0.addsURL = false
                $0.addsActor = false
                $0.jsonSays = "--format"
            },
        ]
    }

    @Test func everyMalformedInputIsRefusedWithASentenceAndNothingIsWritten() throws {
        let database = try TestDatabase.seeded("reliability_bad_input")
        let pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        for (product, lot, vials) in [("LIDO-1-MD", "LD-1", "1"), ("POLYREVIT-5", "PR-1", "4"), ("HA-15-2", "HA-1", "4")] {
            let received = try pharmacy.run(
                ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: 300).description, "--vials", vials])
            try #require(received.status == 0, "\(received)")
        }
        let practitioner = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        var sessions: [Int] = []
        for _ in 0..<2 {
            let recorded = try practitioner.run(["session", "record", "--patient", "MRN-0006", "--formula", "REVIT-FACE", "--format", "json"])
            sessions.append(try #require((try recorded.json() as? [String: Any])?["session_id"] as? Int, "\(recorded)"))
        }
        try #require(try practitioner.run(["session", "cancel", String(sessions[1]), "--reason", "wrong patient"]).status == 0)
        let fixtures = try Self.malformedFixtures()
        defer { try? FileManager.default.removeItem(atPath: fixtures.root) }

        let catalogue = Self.catalogue(performed: sessions[0], cancelled: sessions[1], fixtures: fixtures.directories)
        let before = try database.tableChecksums()
        // The runs write nothing, so they may run side by side: text and JSON of each input.
        let failures = Locked<[String]>([])
        let workers = 4
        concurrently(workers) { worker in
            for (index, bad) in catalogue.enumerated() where index % workers == worker {
                do {
                    for problem in try Self.problems(running: bad, with: practitioner) {
                        failures.withLock { $0.append("\(bad): \(problem)") }
                    }
                } catch {
                    failures.withLock { $0.append("\(bad): \(error)") }
                }
            }
        }
        // A name whose bytes are not UTF-8 (a Latin-1 é), passed as raw bytes, not as a Swift string.
        let latin1 = try Self.runWithLatin1Name(database.url)
        #expect(latin1.status == 65 && latin1.stderr.contains("--name holds bytes that are not UTF-8"), "\(latin1)")
        for failure in failures.current { Issue.record(Comment(rawValue: failure)) }
        let after = try database.tableChecksums()
        #expect(after == before, "tables changed: \(after.filter { before[$0.key] != $0.value }.keys.sorted())")

        // Every command is reached.
        let reached = Set(catalogue.compactMap(Self.command(of:)).map { $0.joined(separator: " ") })
        let missed = Self.commands.map { $0.joined(separator: " ") }.filter { !reached.contains($0) }
        #expect(missed == [], "commands the catalogue does not reach")
        let runs = catalogue.reduce(1) { $0 + ($1.jsonSays == nil ? 1 : 2) }
        ReliabilityLoad.report(
            "bad input",
            "\(catalogue.count + 1) malformed inputs (\(catalogue.filter { $0.status == 64 }.count) usage, \(catalogue.filter { $0.status == 65 }.count + 1) invalid) over all \(reached.count) commands, each in text and JSON (\(runs) runs): \(failures.current.count) refused other than expected; \(before.count) tables identical before and after")
    }

    static func with(_ bad: BadInput, _ change: (inout BadInput) -> Void) -> BadInput {
        var changed = bad
        change(&changed)
        return changed
    }

    /// Runs one bad input in text and in JSON and says what is wrong with how it was refused.
    static func problems(running bad: BadInput, with meso: MesoCLI) throws -> [String] {
        var problems: [String] = []
        let says = bad.says.lowercased()
        let arguments =
            bad.arguments + (bad.addsURL ? ["--database-url", meso.databaseURL] : []) + (bad.addsActor ? ["--actor", meso.actor] : [])
        let text = try MesoCLI.run(arguments)
        if text.status != bad.status { problems.append("exit \(text.status), not \(bad.status): \(text.stderr)") }
        if bad.status == 64 {
            // ArgumentParser's report: a first line naming the option, then the usage.
            let first = text.stderr.split(separator: "\n").first.map(String.init) ?? ""
            if !first.hasPrefix("Error: ") || !first.lowercased().contains(says) { problems.append("usage error: \(text.stderr)") }
        } else if !text.isOneSentenceError || !text.stderr.lowercased().contains(says) {
            problems.append("not one sentence saying \"\(bad.says)\": \(text.stderr)")
        }
        if !text.stdout.isEmpty { problems.append("printed on stdout: \(text.stdout)") }

        guard let jsonSays = bad.jsonSays?.lowercased() else { return problems }
        let json = try MesoCLI.run(arguments + ["--format", "json"])
        if json.status != bad.status { problems.append("JSON: exit \(json.status), not \(bad.status)") }
        guard let error = try? json.jsonError(), let message = error["message"] as? String else {
            return problems + ["JSON: no error object: \(json.stderr)"]
        }
        let kind = bad.status == 64 ? "usage" : "invalid_input"
        if error["error"] as? String != kind || error["exit_code"] as? Int != Int(bad.status)
            || !message.lowercased().contains(jsonSays)
        {
            problems.append("JSON: \(json.stderr)")
        }
        if let field = bad.field, error["field"] as? String != field {
            problems.append("JSON: field \(error["field"] ?? "none"), not \(field)")
        }
        return problems
    }

    /// Copies of Fixtures/ each spoiled one way: a patient name in Latin-1 (not UTF-8), a product
    /// name holding a tab, a patient weight that is not a number, a compounds file with the wrong header.
    static func malformedFixtures() throws -> (root: String, directories: [String: String]) {
        let root = NSTemporaryDirectory() + "meso-bad-fixtures-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        var directories: [String: String] = [:]
        let spoil: [(String, String, (Data) -> Data)] = [
            ("utf8", "patients.csv", { $0 + Data("BAD-1,Jos".utf8) + Data([0xE9]) + Data(",1980-01-01,70,unknown\n".utf8) }),
            ("control", "products.csv", { $0 + Data("NEW-TAB,\"Tab\there\",,2,true,0\n".utf8) }),
            ("weight", "patients.csv", { $0 + Data("BAD-2,Heavy Weight,1980-01-01,heavy,unknown\n".utf8) }),
            ("header", "compounds.csv", { _ in Data("kode,name,class,role,source\n".utf8) }),
        ]
        for (name, file, change) in spoil {
            let directory = root + "/" + name
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: ProjectPaths.fixtures, toPath: directory)
            let path = directory + "/" + file
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try change(data).write(to: URL(fileURLWithPath: path))
            directories[name] = directory
        }
        return (root, directories)
    }

    /// `meso patient add` with a name whose bytes are Latin-1 (`Jos\xE9`), as a terminal set to
    /// another encoding would pass it: through a shell, since a Swift string cannot hold them.
    static func runWithLatin1Name(_ url: String) throws -> MesoCLI.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c", #"exec "$0" patient add BAD-3 --name "$(printf 'Jos\351')" --database-url "$1" --actor tester"#,
            MesoCLI.executable, url,
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let readErr = Thread.detachedRead(err)
        try process.run()
        process.waitUntilExit()
        return MesoCLI.Outcome(status: process.terminationStatus, stdout: "", stderr: String(decoding: readErr(), as: UTF8.self))
    }
}
