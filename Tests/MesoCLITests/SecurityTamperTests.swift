import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `audit verify` sees what the schema's owner changes in the guards: each definition is compared
/// with the digest this meso ships (ShippedGuardDigests). Each tamper is a discrepancy (exit 1)
/// naming the object; undone, verify holds again.
@Suite("security: verify sees tampering by the owner")
struct SecurityTamperTests {
    struct Tamper: Sendable, CustomStringConvertible {
        let description: String
        let apply: String
        let undo: String
        /// What verify must say (every message must name the object).
        let messages: [String]
    }

    static let tampers: [Tamper] = [
        Tamper(
            description: "a guard replaced by a no-op",
            apply: "CREATE OR REPLACE FUNCTION public.lot_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS 'BEGIN RETURN NEW; END'",
            undo: "", messages: ["The function public.lot_guard() differs from what meso's migrations install."]),
        Tamper(
            description: "a trigger re-created without its events",
            apply: """
                DROP TRIGGER stock_movement_append_only ON stock_movement;
                CREATE TRIGGER stock_movement_append_only BEFORE UPDATE ON stock_movement
                    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change()
                """,
            undo: """
                DROP TRIGGER stock_movement_append_only ON stock_movement;
                CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON stock_movement
                    FOR EACH ROW EXECUTE FUNCTION meso_refuse_change()
                """,
            messages: ["The trigger stock_movement_append_only on stock_movement differs from what meso's migrations install."]),
        Tamper(
            description: "an extra permissive policy",
            apply: "CREATE POLICY anything ON stock_movement FOR INSERT TO meso_practitioner WITH CHECK (true)",
            undo: "DROP POLICY anything ON stock_movement",
            messages: ["The schema holds the policy anything on stock_movement, which meso's migrations do not install."]),
        Tamper(
            description: "a widened grant",
            apply: "GRANT UPDATE ON lot TO meso_practitioner",
            undo: "REVOKE UPDATE ON lot FROM meso_practitioner",
            messages: ["The privileges on table lot differ from what meso's migrations install."]),
        Tamper(
            description: "patients' conditions opened to the pharmacist",
            apply: "GRANT SELECT ON patient_condition TO meso_pharmacist",
            undo: "REVOKE SELECT ON patient_condition FROM meso_pharmacist",
            messages: ["The privileges on table patient_condition differ from what meso's migrations install."]),
        Tamper(
            description: "a column of the patient opened to the auditor",
            apply: "GRANT SELECT (weight_kg) ON patient TO meso_auditor",
            undo: "REVOKE SELECT (weight_kg) ON patient FROM meso_auditor",
            messages: ["The privileges on table patient differ from what meso's migrations install."]),
        Tamper(
            description: "a rule dropped",
            apply: "ALTER TABLE stock_movement DROP CONSTRAINT stock_movement_sign",
            undo: """
                ALTER TABLE stock_movement ADD CONSTRAINT stock_movement_sign CHECK (
                    (kind = 'receipt' AND quantity_ml > 0)
                    OR (kind IN ('session-use', 'waste', 'destruction') AND quantity_ml < 0)
                    OR (kind = 'count-adjustment')
                    OR (kind = 'reversal' AND quantity_ml > 0 AND reverses_id IS NOT NULL))
                """,
            messages: ["The constraint stock_movement_sign on stock_movement, which meso's migrations install, is missing."]),
        Tamper(
            description: "row-level security forced off on the ledger",
            apply: "ALTER TABLE stock_movement DISABLE ROW LEVEL SECURITY",
            undo: "ALTER TABLE stock_movement ENABLE ROW LEVEL SECURITY",
            messages: ["Row-level security is off on stock_movement: any login with INSERT on it may write any kind of movement."]),
        Tamper(
            description: "the findings view showing every detail",
            apply: "CREATE OR REPLACE VIEW session_finding_shown AS SELECT session_id, position, severity, rule, match_type, message, compound_code, group_code, product_code, lot_id, condition_id, overridden FROM session_finding",
            undo: "",
            messages: ["The view session_finding_shown differs from what meso's migrations install."]),
        Tamper(
            description: "a back door",
            apply: "CREATE FUNCTION public.open_sesame() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'SELECT NULL'",
            undo: "DROP FUNCTION public.open_sesame()",
            messages: ["The schema holds the function public.open_sesame(), which meso's migrations do not install."]),
    ]

    @Test func eachTamperIsFoundAndNamed() throws {
        let clinic = try AuditClinic("security_tamper")
        #expect(try clinic.verify().status == 0)
        // The definitions to restore what a tamper replaces.
        let guardDefinition: String = try clinic.admin.query(
            "SELECT pg_get_functiondef('public.lot_guard()'::regprocedure) AS definition").rows[0].decode("definition")
        let viewDefinition: String = try clinic.admin.query(
            "SELECT pg_get_viewdef('public.session_finding_shown'::regclass) AS definition").rows[0].decode("definition")
        let restore = [
            "a guard replaced by a no-op": guardDefinition,
            "the findings view showing every detail":
                "CREATE OR REPLACE VIEW session_finding_shown AS " + viewDefinition,
        ]
        for tamper in Self.tampers {
            try clinic.admin.execute(script: tamper.apply)
            let (status, _, discrepancies) = try clinic.verify()
            #expect(status == 1, "\(tamper)")
            let messages = discrepancies.compactMap { $0["message"] as? String }
            #expect(messages.sorted() == tamper.messages.sorted(), "\(tamper): \(messages)")
            try clinic.admin.execute(script: restore[tamper.description] ?? tamper.undo)
            let restored = try clinic.verify()
            #expect(restored.status == 0, "\(tamper) undone: \(restored.discrepancies)")
        }
    }

    /// A meso role given more, and logins that escape the guards: changes that reach every database
    /// of the cluster (its roles, PUBLIC's privileges), so on a cluster of the test's own.
    @Test func rolesAndLoginsAboveTheGuardsAreFound() throws {
        let cluster = try PrivateCluster("tamper")
        defer { cluster.destroy() }
        let database = try TestDatabase.create("security_tamper_roles", server: cluster.serverURL)
        let admin = try database.connect()
        let meso = MesoCLI(databaseURL: database.url)
        func found() throws -> [String] {
            let outcome = try meso.run(["audit", "verify", "--format", "json"])
            let report = try #require(try outcome.json() as? [String: Any], "\(outcome)")
            return (report["discrepancies"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }.sorted()
        }
        let clean = try found()
        #expect(clean == [])
        let cases: [(String, String, [String])] = [
            ("ALTER ROLE meso_pharmacist BYPASSRLS", "ALTER ROLE meso_pharmacist NOBYPASSRLS",
             ["The attributes and memberships of role meso_pharmacist differ from what meso's migrations install.",
              "The role meso_pharmacist bypasses row-level security: a login with it is not held by the guards."]),
            ("GRANT pg_write_server_files TO meso_practitioner", "REVOKE pg_write_server_files FROM meso_practitioner",
             ["The attributes and memberships of role meso_practitioner differ from what meso's migrations install."]),
            ("CREATE ROLE tamper_root LOGIN SUPERUSER IN ROLE meso_auditor", "DROP ROLE tamper_root",
             ["The login tamper_root, in meso_auditor, is a superuser, may create temporary objects and may create schemas: a login with it is not held by the guards."]),
            ("GRANT TEMPORARY ON DATABASE \(database.name) TO PUBLIC", "REVOKE TEMPORARY ON DATABASE \(database.name) FROM PUBLIC",
             ["meso_auditor", "meso_ledger", "meso_pharmacist", "meso_practitioner"].map {
                 "The role \($0) may create temporary objects: a login with it is not held by the guards."
             }),
            ("CREATE ROLE tamper_ledger LOGIN IN ROLE meso_ledger", "DROP ROLE tamper_ledger",
             ["The login tamper_ledger, in meso_ledger, may change lot balances and statuses directly: a login with it is not held by the guards."]),
            // A login in a predefined role that reads or writes every table, or in two meso roles (Schema/0017's verify).
            ("CREATE ROLE tamper_reader LOGIN IN ROLE meso_pharmacist, pg_read_all_data", "DROP ROLE tamper_reader",
             ["The login tamper_reader is in meso_pharmacist and also in pg_read_all_data: a login with it is not held by the grants and guards."]),
            ("CREATE ROLE tamper_both LOGIN IN ROLE meso_pharmacist, meso_practitioner", "DROP ROLE tamper_both",
             ["The login tamper_both is in meso_pharmacist and meso_practitioner: one login holds one meso role."]),
        ]
        for (apply, undo, expected) in cases {
            try admin.execute(script: apply)
            let after = try found()
            #expect(after == expected.sorted(), "\(apply)")
            try admin.execute(script: undo)
            let undone = try found()
            #expect(undone == [], "\(undo)")
        }
    }
}
