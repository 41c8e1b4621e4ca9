import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `audit verify` sees the owner's tampering outside public's functions, triggers and grants
/// (Integrity/GuardDigest+Catalog.swift): rules, other schemas, pg_catalog, column definitions,
/// operators, casts, publications and the database's settings. Each is a discrepancy naming it.
@Suite("security: verify sees tampering around the schema")
struct SecurityCatalogTamperTests {
    static func tampers(database: String) -> [SecurityTamperTests.Tamper] {
        [
            .init(
                description: "a rule that turns recalls into nothing",
                apply: "CREATE RULE recall_nothing AS ON INSERT TO public.lot_status_change DO INSTEAD NOTHING",
                undo: "DROP RULE recall_nothing ON public.lot_status_change",
                messages: ["The schema holds the rule recall_nothing on public.lot_status_change, which meso's migrations do not install."]),
            .init(
                description: "a rule that tells a listener every new condition",
                apply: "CREATE RULE tell AS ON INSERT TO public.patient_condition DO ALSO SELECT pg_notify('leak', NEW.note)",
                undo: "DROP RULE tell ON public.patient_condition",
                messages: ["The schema holds the rule tell on public.patient_condition, which meso's migrations do not install."]),
            .init(
                description: "a schema with a view of conditions for the pharmacist",
                apply: """
                    CREATE SCHEMA leak;
                    CREATE VIEW leak.conditions AS SELECT * FROM public.patient_condition;
                    GRANT USAGE ON SCHEMA leak TO meso_pharmacist;
                    GRANT SELECT ON leak.conditions TO meso_pharmacist;
                    """,
                undo: "DROP SCHEMA leak CASCADE",
                messages: ["The schema holds the schema leak, which meso's migrations do not install."]),
            .init(
                description: "a back door in pg_catalog",
                apply: "CREATE FUNCTION pg_catalog.meso_back_door() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'SELECT NULL'",
                undo: "DROP FUNCTION pg_catalog.meso_back_door()",
                messages: ["The schema holds the function pg_catalog.meso_back_door(), which meso's migrations do not install."]),
            .init(
                description: "a lot without its arrival",
                apply: "ALTER TABLE public.lot ALTER COLUMN received_at DROP NOT NULL",
                undo: "ALTER TABLE public.lot ALTER COLUMN received_at SET NOT NULL",
                messages: ["The columns of lot differ from what meso's migrations install."]),
            .init(
                description: "a verdict by default",
                apply: "ALTER TABLE public.session ALTER COLUMN verdict SET DEFAULT 'PASS'",
                undo: "ALTER TABLE public.session ALTER COLUMN verdict DROP DEFAULT",
                messages: ["The columns of session differ from what meso's migrations install."]),
            .init(
                description: "an operator of the owner's",
                apply: "CREATE OPERATOR public.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = texteq)",
                undo: "DROP OPERATOR public.=== (text, text)",
                messages: ["The schema holds the operator public.===(text,text), which meso's migrations do not install."]),
            .init(
                description: "a cast of the owner's",
                apply: "CREATE CAST (integer AS date) WITH INOUT AS IMPLICIT",
                undo: "DROP CAST (integer AS date)",
                messages: ["The schema holds the cast integer as date, which meso's migrations do not install."]),
            .init(
                description: "a publication of conditions",
                apply: "CREATE PUBLICATION leak FOR TABLE public.patient_condition",
                undo: "DROP PUBLICATION leak",
                messages: ["The schema holds the publication leak, which meso's migrations do not install."]),
            .init(
                description: "the database's lock timeout reset",
                apply: "ALTER DATABASE \(database) RESET lock_timeout",
                undo: "ALTER DATABASE \(database) SET lock_timeout = '30s'",
                messages: ["The settings of meso's database differ from what meso's migrations install."]),
        ]
    }

    @Test func eachTamperAroundTheSchemaIsFoundAndNamed() throws {
        let clinic = try AuditClinic("security_tamper_catalog")
        #expect(try clinic.verify().status == 0)
        for tamper in Self.tampers(database: clinic.database.name) {
            try clinic.admin.execute(script: tamper.apply)
            let (status, _, discrepancies) = try clinic.verify()
            #expect(status == 1, "\(tamper)")
            let messages = discrepancies.compactMap { $0["message"] as? String }
            #expect(messages.sorted() == tamper.messages.sorted(), "\(tamper): \(messages)")
            try clinic.admin.execute(script: tamper.undo)
            let restored = try clinic.verify()
            #expect(restored.status == 0, "\(tamper) undone: \(restored.discrepancies)")
        }
    }
}
