import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

@Suite("meso report usage")
struct ReportUsageTests {
    /// The scenario's four months, "February" to "May", the report covering "March" and "April":
    /// months of the past half year, so that the sessions stay within the year one may be back-dated.
    static let february = CalendarDate.firstOfMonth(monthsFromNow: -7)
    static let march = CalendarDate.firstOfMonth(monthsFromNow: -6)
    static let april = CalendarDate.firstOfMonth(monthsFromNow: -5)
    static let may = CalendarDate.firstOfMonth(monthsFromNow: -4)

    /// Sessions recorded with `meso session record` between February and May; the report covers
    /// March and April. Hand-computed from Fixtures/product_ingredients.csv:
    ///
    /// - March 10 REVIT-FACE: POLYREVIT-5 3 mL (+2 mL of the opened vial wasted), HA-15-2 1 mL (+1 wasted)
    /// - April 2 REVIT-LIDO: POLYREVIT-5 5 mL, LIDO-1-MD 1 mL
    /// - April 15 E-BIOTIN: VITE-IU-10 0.5 mL (tocopherol 100 IU/mL), BIOTIN-2 1 mL (+1 wasted)
    /// - April 20 REVIT-FACE, cancelled; February 20 and May 1: outside the range.
    static func clinic() throws -> (TestDatabase, MesoCLI) {
        let database = try TestDatabase.seeded("cli_report_usage")
        let pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let meso = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        try pharmacy.expectDone(
            ["product", "add", "VITE-IU-10", "--name", "Vitamin E 100 IU/mL, 10 mL", "--vial-ml", "10", "--multi-dose",
             "--ingredient", "tocopherol:100IU/mL"])
        try pharmacy.expectDone(
            ["formula", "add", "E-BIOTIN", "--name", "Vitamin E and biotin", "--component", "VITE-IU-10:0.5",
             "--component", "BIOTIN-2:1"])
        for (product, lot, vials) in [
            // Two lidocaine vials: the one opened on April 2 is past its 28 days in use by May 1.
            ("POLYREVIT-5", "PR-1", 6), ("HA-15-2", "HA-1", 4), ("LIDO-1-MD", "LD-1", 2), ("VITE-IU-10", "VE-1", 1),
            ("BIOTIN-2", "BI-1", 2),
        ] {
            // Delivered before the first session, on February 1st: no session draws a lot not yet received.
            try pharmacy.expectDone(
                ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: 300).description,
                 "--vials", String(vials), "--at", Timestamp(date: february, hour: 8).description])
        }
        for (mrn, formula, at) in [
            ("MRN-0006", "REVIT-FACE", february.at(day: 20)), ("MRN-0006", "REVIT-FACE", march.at(day: 10)),
            ("MRN-0008", "REVIT-LIDO", april.at(day: 2)), ("MRN-0006", "E-BIOTIN", april.at(day: 15)),
            ("MRN-0008", "REVIT-FACE", april.at(day: 20)), ("MRN-0008", "REVIT-LIDO", may.at(day: 1)),
        ] {
            try meso.expectDone(["session", "record", "--patient", mrn, "--formula", formula, "--at", at])
        }
        let cancelled: Int = try database.connect().query(
            "SELECT id FROM session WHERE performed_at = \(Timestamp(iso: april.at(day: 20))!)").rows[0].decode("id")
        try meso.expectDone(["session", "cancel", String(cancelled), "--reason", "entered twice"])
        return (database, meso)
    }

    /// The rows of `report usage --format json`, each as "key=value" cells in the order asked.
    static func rows(_ meso: MesoCLI, _ arguments: [String], keys: [String]) throws -> [String] {
        let outcome = try meso.run(["report", "usage", "--from", march.description, "--to", april.endOfMonth.description, "--format", "json"] + arguments)
        #expect(outcome.status == 0, "\(outcome)")
        let rows = try #require(try outcome.json() as? [[String: Any]], "\(outcome)")
        return rows.map { row in keys.map { key in "\(row[key].map { "\($0)" } ?? "nil")" }.joined(separator: " ") }
    }

    @Test func totalsByProductAndByCompoundMatchTheHandComputedOnes() throws {
        let (database, meso) = try Self.clinic()

        // Per product: mL injected, the opened single-use remainder apart, sessions.
        let productKeys = ["period_start", "period_end", "product", "delivered_ml", "waste_ml", "sessions"]
        #expect(
            try Self.rows(meso, [], keys: productKeys) == [
                "\(Self.march) \(Self.april.endOfMonth) BIOTIN-2 1.000 1.000 1",
                "\(Self.march) \(Self.april.endOfMonth) HA-15-2 1.000 1.000 1",
                "\(Self.march) \(Self.april.endOfMonth) LIDO-1-MD 1.000 0.000 1",
                "\(Self.march) \(Self.april.endOfMonth) POLYREVIT-5 8.000 2.000 2",
                "\(Self.march) \(Self.april.endOfMonth) VITE-IU-10 0.500 0.000 1",
            ])
        #expect(
            try Self.rows(meso, ["--by", "product", "--per", "month"], keys: productKeys) == [
                "\(Self.march) \(Self.march.endOfMonth) HA-15-2 1.000 1.000 1",
                "\(Self.march) \(Self.march.endOfMonth) POLYREVIT-5 3.000 2.000 1",
                "\(Self.april) \(Self.april.endOfMonth) BIOTIN-2 1.000 1.000 1",
                "\(Self.april) \(Self.april.endOfMonth) LIDO-1-MD 1.000 0.000 1",
                "\(Self.april) \(Self.april.endOfMonth) POLYREVIT-5 5.000 0.000 1",
                "\(Self.april) \(Self.april.endOfMonth) VITE-IU-10 0.500 0.000 1",
            ])

        // Per compound, in its unit: 8 mL of POLYREVIT-5, 1 of HA-15-2, 1 of LIDO-1-MD, 1 of BIOTIN-2,
        // 0.5 of VITE-IU-10.
        let compoundKeys = ["compound", "amount", "unit"]
        let compounds = try Self.rows(meso, ["--by", "compound"], keys: compoundKeys)
        for expected in [
            "ha-nonanimal 55.000 mg",  // 8 × 5 + 1 × 15
            "sodium-chloride 78.400 mg",  // 8 × 6.8 + 1 × 9 + 1 × 7 + 1 × 8
            "lidocaine 10.000 mg",
            "methylparaben 1.000 mg",
            "biotin 5.00032 mg",  // 8 × 0.04 µg = 0.00032 mg, plus 1 × 5 mg: mg and µg summed in mg
            "tocopherol 3.600 ug",  // 8 × 0.45 µg from POLYREVIT-5 ...
            "tocopherol 50.000 IU",  // ... and 0.5 × 100 IU apart: IU never adds to a mass
            "cyanocobalamin 0.320 ug",
            "glutamine 0.960 mg",  // 8 × 0.12
        ] {
            #expect(compounds.contains(expected), "\(expected) in \(compounds)")
        }
        // Every compound of the five products once per unit kind, and nothing from outside the range.
        let distinct: Int = try database.connect().query(
            """
            SELECT count(DISTINCT (compound_code, unit = 'IU')) AS n FROM product_ingredient
             WHERE product_code IN ('POLYREVIT-5', 'HA-15-2', 'LIDO-1-MD', 'BIOTIN-2')
            """
        ).rows[0].decode("n")
        #expect(compounds.count == distinct + 1, "\(compounds)")  // + tocopherol in IU

        let april = try Self.rows(meso, ["--by", "compound", "--per", "month"], keys: ["period_start"] + compoundKeys)
        #expect(april.contains("\(Self.march) ha-nonanimal 30.000 mg"))  // 3 × 5 + 1 × 15
        #expect(april.contains("\(Self.april) ha-nonanimal 25.000 mg"))  // 5 × 5
        #expect(april.contains("\(Self.april) biotin 5.0002 mg"))  // 5 × 0.04 µg + 5 mg
        #expect(!april.contains { $0.hasPrefix("\(Self.march) lidocaine") })

        // A range with nothing in it, and ranges that make no sense.
        let empty = try meso.run(["report", "usage", "--from", "2024-01-01", "--to", "2024-12-31"])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("Nothing was delivered in this range."), "\(empty)")
        for (arguments, field) in [
            (["--from", "2025-04-30", "--to", "2025-03-01"], "--to"), (["--from", "2025-02-30", "--to", "2025-03-01"], "--from"),
            (["--from", "2025-03-01", "--to", "2025-04-30", "--by", "lot"], "--by"),
            (["--from", "2025-03-01", "--to", "2025-04-30", "--per", "week"], "--per"),
        ] {
            let outcome = try meso.run(["report", "usage", "--format", "json"] + arguments)
            #expect(outcome.status == 65, "\(arguments): \(outcome)")
            #expect(try outcome.jsonError()["field"] as? String == field, "\(arguments)")
        }
    }
}
