import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Least privilege for patient data, enforced by the database (Schema/0012): the pharmacist reads
/// no allergies, conditions or medications; the auditor reads identity, sessions, lots, overrides and
/// adverse events, not the clinical details behind them. Each role's commands still work.
@Suite("security: least privilege")
struct SecurityPrivilegeTests {
    /// Every table and view is in TableAccess, and each role reads exactly what it says.
    @Test func eachRoleReadsExactlyTheTablesItsWorkNeeds() throws {
        let database = try TestDatabase.create("security_privileges")
        let connection = try database.connect()
        let relations = try connection.query(
            "SELECT relname::text AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'm', 'p') ORDER BY 1"
        ).rows.map { try $0.decode("name", as: String.self) }
        for relation in relations {
            guard let readers = TableAccess.readers[relation] else {
                Issue.record("\(relation) is not in TableAccess: add it with the roles its migration grants SELECT to")
                continue
            }
            for role in DatabaseRole.allCases {
                let whole: Bool = try connection.query(
                    "SELECT has_table_privilege(\(role.rawValue), \("public." + relation), 'SELECT') AS granted"
                ).rows[0].decode("granted")
                #expect(whole == TableAccess.readsWhole(role, relation), "\(role.rawValue) on \(relation)")
                let shown: (String) -> Bool
                switch readers {
                case .practitionerAndColumns(let columns) where role != .practitioner: shown = { columns.contains($0) }
                case .allButThePharmacist(let withheld) where role == .pharmacist: shown = { !withheld.contains($0) }
                default: continue
                }
                let columns = try connection.query(
                    """
                    SELECT attname::text AS name, has_column_privilege(\(role.rawValue), attrelid, attnum, 'SELECT') AS granted
                      FROM pg_attribute WHERE attrelid = \("public." + relation)::regclass AND attnum > 0 AND NOT attisdropped
                    """
                ).rows
                for column in columns {
                    let name: String = try column.decode("name")
                    let granted: Bool = try column.decode("granted")
                    #expect(granted == shown(name), "\(role.rawValue) on \(relation).\(name)")
                }
            }
        }
        #expect(Set(TableAccess.readers.keys) == Set(relations), "TableAccess lists a table the schema does not have")
    }

    /// What the pharmacist and the auditor may not read, tried through psql: refused, nothing changed.
    @Test func patientsClinicalDataIsRefusedToThePharmacistAndTheAuditor() throws {
        let clinic = try SecurityClinic("sec_clinical")
        defer { clinic.drop() }
        for role in [DatabaseRole.pharmacist, .auditor] {
            for table in TableAccess.readers.filter({ $0.value == .practitioner }).map(\.key).sorted() {
                try clinic.expectRefused(role, "SELECT * FROM public.\(table);", "permission denied for table \(table)")
            }
            for column in ["weight_kg", "allergy_assessment"] {
                try clinic.expectRefused(role, "SELECT \(column) FROM public.patient;", "permission denied for table patient")
            }
            try clinic.expectRefused(role, "SELECT * FROM public.patient;", "permission denied for table patient")
            let identity = try clinic.psql(role, "SELECT count(*) FROM public.patient WHERE mrn IS NOT NULL AND name IS NOT NULL;")
            #expect(!identity.failed, "\(identity)")
        }
    }

    /// Each role's commands work for it; a finding's clinical details are shown to the practitioner
    /// only; patient records are the practitioner's.
    @Test func eachRolesCommandsWorkAndFindingsAreShownAsTheLoginMayReadThem() throws {
        let clinic = try SecurityClinic("sec_commands")
        defer { clinic.drop() }
        let practitioner = MesoCLI(databaseURL: try clinic.database.url(asUser: clinic.login(.practitioner)), actor: "Dr Lee")
        // MRN-0004's allergy assessment warns: a clinical finding.
        let recorded = try practitioner.run(["session", "record", "--patient", "MRN-0004", "--formula", "REVIT-LIDO", "--format", "json"])
        #expect(recorded.status == 0, "\(recorded)")
        let session = try #require((try recorded.json() as? [String: Any])?["session_id"] as? Int, "\(recorded)")
        let findings = try #require((try recorded.json() as? [String: Any])?["findings"] as? [[String: Any]])
        let clinical = findings.filter { !["stock", "interval"].contains($0["rule"] as? String ?? "") }
        #expect(!clinical.isEmpty, "\(findings)")

        let today = CalendarDate.today()
        let usage = ["report", "usage", "--from", today.adding(days: -1).description, "--to", today.description]
        let commands: [DatabaseRole: [[String]]] = [
            .pharmacist: [
                ["stock"], ["lot", "list"], ["lot", "show", "--product", "POLYREVIT-5", "--lot", "PR-1"], ["report", "expiry"], usage,
                ["audit", "lot", "--product", "POLYREVIT-5", "--lot", "PR-1"], ["audit", "ledger"], ["session", "list"],
                ["session", "show", String(session)], ["audit", "verify"],
            ],
            .auditor: [
                ["audit", "lot", "--product", "POLYREVIT-5", "--lot", "PR-1"], ["audit", "patient", "MRN-0004"], ["audit", "verify"],
                ["audit", "ledger"], usage, ["session", "list"], ["session", "show", String(session)], ["stock"],
            ],
            .practitioner: [["session", "show", String(session)], ["patient", "show", "MRN-0004"], ["audit", "patient", "MRN-0004"]],
        ]
        for (role, list) in commands {
            let meso = MesoCLI(databaseURL: try clinic.database.url(asUser: clinic.login(role)), actor: "someone")
            for command in list {
                let outcome = try meso.run(command + ["--format", "json"])
                #expect(outcome.status == 0, "\(role.rawValue) \(command): \(outcome)")
                guard command.prefix(2) == ["session", "show"] else { continue }
                let shown = try #require((try outcome.json() as? [String: Any])?["findings"] as? [[String: Any]])
                for (finding, original) in zip(shown, findings) {
                    let rule = finding["rule"] as? String ?? ""
                    #expect(rule == original["rule"] as? String)
                    let whole = role == .practitioner || ["stock", "interval"].contains(rule)
                    #expect(
                        (finding["message"] as? String == original["message"] as? String) == whole,
                        "\(role.rawValue) sees \(finding)")
                }
            }
            if role != .practitioner {
                let refused = try meso.run(["patient", "show", "MRN-0004", "--format", "json"])
                #expect(refused.status == 77, "\(role.rawValue): \(refused)")
                #expect(
                    (try refused.jsonError()["message"] as? String)?.hasSuffix(
                        "patients' clinical data is read and written by logins in meso_practitioner only; --actor only names who is recorded and grants nothing.")
                        == true, "\(refused)")
            }
        }
    }
}
