import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The migration of the check on real records upgrades a database with data: overrides, dose limits
/// and allergen group memberships written before it keep their meaning, and the stored history
/// still holds together.
@Suite("Migration: the check on real records")
struct CheckRecordsMigrationTests {
    @Test func aDatabaseWithDataIsUpgradedWithoutLosingAnything() throws {
        let database = try TestDatabase.create("migrate_check_records", migrated: false)
        let all = try Migration.load(from: ProjectPaths.schema)
        let index = try #require(all.firstIndex { $0.sql.contains("CREATE TABLE public.session_override") })
        let connection = try database.connect()
        try SchemaMigrator(migrations: Array(all[..<index])).migrate(on: connection, actor: "test")

        // The schema as it stood: overrides on the session, a limit "with" a compound. Sessions written
        // as a bulk import would (no triggers), so that they need no lots.
        try connection.transaction { tx in
            try tx.query("SET LOCAL session_replication_role = replica")
            for statement: PostgresQuery in [
                "INSERT INTO compound (code, name, class, created_by) VALUES ('lidocaine', 'lidocaine', 'anaesthetic', 't'), ('epinephrine', 'epinephrine', 'excipient', 't'), ('caffeine', 'caffeine', 'excipient', 't')",
                "INSERT INTO allergen_group (code, name, created_by) VALUES ('amide-anaesthetics', 'amides', 't')",
                "INSERT INTO allergen_group_member (group_code, compound_code, added_by) VALUES ('amide-anaesthetics', 'lidocaine', 'pharm')",
                "INSERT INTO dose_limit (compound_code, mg_per_kg, max_mg, with_compound) VALUES ('lidocaine', 4.5, 300, NULL), ('lidocaine', 7, 500, 'epinephrine'), ('lidocaine', 6, 400, 'caffeine')",
                "INSERT INTO product (code, name, vial_ml, single_use, created_by) VALUES ('LIDO', 'Lidocaine', 20, false, 't')",
                "INSERT INTO product_ingredient (product_code, compound_code, amount, unit) VALUES ('LIDO', 'lidocaine', 10, 'mg')",
                "INSERT INTO formula (code, created_by) VALUES ('F', 't')",
                "INSERT INTO formula_version (formula_code, version, name, created_by) VALUES ('F', 1, 'F', 't')",
                "INSERT INTO formula_component (formula_code, version, position, product_code, volume_ml) VALUES ('F', 1, 1, 'LIDO', 1)",
                "INSERT INTO patient (mrn, name, created_by) VALUES ('M-1', 'Patient', 't')",
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict,
                                     override_reason, override_by, override_at, recorded_at, recorded_by, recorded_login)
                SELECT id, 'F', 1, 'Dr Old', now() - interval '2 days', 'BLOCK', 'cleared by the allergist', 'Dr Old',
                       now() - interval '2 days', now() - interval '2 days', 'Dr Old', 'dr_old' FROM patient
                """,
                """
                INSERT INTO session_finding (session_id, position, severity, rule, message, overridden)
                SELECT id, p, s, r, 'finding', o FROM session,
                       (VALUES (1, 'block', 'allergy', true), (2, 'block', 'dose-limit', true), (3, 'block', 'allergy', true),
                               (4, 'warn', 'interval', false)) AS f(p, s, r, o)
                """,
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
                SELECT id, 'F', 1, 'Dr Old', now() - interval '1 day', 'PASS', 'Dr Old' FROM patient
                """,
            ] {
                try tx.query(statement)
            }
        }

        try SchemaMigrator(migrations: all).migrate(on: connection, actor: "test")

        // One override per rule lifted, with the reason, who and when of the session's, and its findings.
        let overrides = try connection.query(
            "SELECT rule, reason, lifted::text AS lifted, recorded_by, recorded_login FROM session_override ORDER BY rule").rows
        #expect(try overrides.map { try $0.decode("rule", as: String.self) } == ["allergy", "dose-limit"])
        #expect(try overrides.allSatisfy { try $0.decode("recorded_login", as: String.self) == "dr_old" }, "the session's login")
        #expect(try overrides.map { try $0.decode("lifted", as: String.self) } == ["{1,3}", "{2}"])
        #expect(try overrides.allSatisfy { try $0.decode("reason", as: String.self) == "cleared by the allergist" })
        let shown = try SessionService(connection: connection, actor: try Actor("test")).show(id: 1)
        #expect(shown.session.overrides.map(\.rule) == [.allergy, .doseLimit])
        #expect(shown.session.overrides.first?.actor == "Dr Old")

        // The limit with epinephrine is the with-vasoconstrictor one; the one with caffeine is gone, said so.
        let limits = try connection.query(
            "SELECT with_vasoconstrictor, max_mg FROM dose_limit ORDER BY with_vasoconstrictor").rows
        #expect(try limits.map { try $0.decode("max_mg", as: Decimal.self) } == [300, 500])
        let removed = try connection.query("SELECT recorded_by FROM dose_limit_change WHERE change = 'remove'").rows
        #expect(try removed.map { try $0.decode("recorded_by", as: String.self) } == ["meso db migrate (a limit with caffeine, which no longer exists)"])
        #expect(try connection.query("SELECT count(*) AS n FROM dose_limit_change WHERE change = 'set'").rows[0].decode("n", as: Int.self) == 2)

        // The memberships are their history's first rows.
        let members = try connection.query("SELECT change, recorded_by FROM allergen_group_member_change").rows
        #expect(try members.map { try $0.decode("recorded_by", as: String.self) } == ["pharm"])

        // The overrides keep the verdict rule and were written with their session; the sessions, imported
        // without lots, are the other rules' concern.
        let report = try AuditService(connection: connection, actor: try Actor("test")).verify()
        let found = report.discrepancies.filter { [.sessionVerdict, .backdatedTime, .guardChanged, .guardMissing].contains($0.rule) }
        #expect(found.isEmpty, "\(found.map(\.message))")
    }
}
