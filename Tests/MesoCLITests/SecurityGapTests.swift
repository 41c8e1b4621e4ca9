import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The holes a review found in the database's rules (Schema/0017): each attack tried through psql
/// by the login that would try it, refused with every table unchanged; its look-alike written; and
/// the same row planted by the owner behind the triggers found by `audit verify`.
@Suite("security: no cache without its row, no row outside its session")
struct SecurityGapTests {
    /// `INSERT ... ON CONFLICT DO NOTHING` skips a row after its BEFORE triggers ran: a duplicate
    /// reversal or an id the writer chose moved the lot without a ledger or status row.
    @Test func aRowSkippedOnConflictMovesNothing() throws {
        let clinic = try SecurityClinic("sec_gap_conflict")
        defer { clinic.drop() }
        let spill: Int64 = try clinic.admin.query(
            "SELECT id FROM stock_movement WHERE lot_id = \(clinic.clinic.lidoA) AND kind = 'waste' AND session_id IS NULL"
        ).rows[0].decode("id")
        let reversal = """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor, reverses_id)
            VALUES (\(clinic.clinic.lidoA), 'reversal', 1, 'spill counted twice', 'Phil', \(spill)) ON CONFLICT DO NOTHING;
            """
        // The look-alike: the spill reversed once.
        #expect(try !clinic.psql(.pharmacist, reversal).failed)
        try clinic.expectRefused(.pharmacist, reversal, "is already reversed")
        // A cancelled session's reversal written again by its practitioner.
        try clinic.expectRefused(
            .practitioner,
            """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id, reverses_id)
            SELECT lot_id, kind, quantity_ml, reason, actor, session_id, patient_id, reverses_id
              FROM public.stock_movement WHERE session_id = \(clinic.clinic.cancelledSession) AND kind = 'reversal'
            ON CONFLICT DO NOTHING;
            """, "already reversed")
        // Ids are the server's: a row cannot take an existing one to be skipped.
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.stock_movement (id, lot_id, kind, quantity_ml, actor) OVERRIDING SYSTEM VALUE
            VALUES (1, \(clinic.clinic.lidoA), 'receipt', 990, 'Phil') ON CONFLICT DO NOTHING;
            """, "permission denied for table stock_movement")
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.lot_status_change (id, lot_id, to_status, reason, changed_by) OVERRIDING SYSTEM VALUE
            VALUES (1, \(clinic.clinic.lidoB), 'recalled', 'x', 'Phil') ON CONFLICT DO NOTHING;
            """, "permission denied for table lot_status_change")
        #expect(try clinic.verifyRules().status == 0)
    }

    /// A lot is inserted empty, its status time the server's, and with the status row it was received
    /// in unless it arrives in quarantine.
    @Test func aLotIsInsertedWithoutCaches() throws {
        let clinic = try SecurityClinic("sec_gap_lot_caches")
        defer { clinic.drop() }
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.lot (product_code, lot_number, expiry, status, received_by, on_hand_ml, status_changed_at)
            VALUES ('LIDO-1-MD', 'RICH', current_date + 100, 'quarantined', 'Phil', 5000, '2020-01-01');
            """, "permission denied for table lot")
        try clinic.expectRefused(
            .pharmacist,
            """
            BEGIN;
            INSERT INTO public.lot (product_code, lot_number, expiry, status, received_by)
            VALUES ('LIDO-1-MD', 'NO-STATUS', current_date + 100, 'released', 'Phil') RETURNING id AS new_lot \\gset
            INSERT INTO public.lot_receipt (lot_id, vials, recorded_by) VALUES (:new_lot, 1, 'Phil');
            COMMIT;
            """, "no status row says so")
        // The look-alike: received released, with its status row, as `lot receive` writes it.
        #expect(
            try !clinic.psql(
                .pharmacist,
                """
                BEGIN;
                INSERT INTO public.lot (product_code, lot_number, expiry, status, received_by)
                VALUES ('LIDO-1-MD', 'WITH-STATUS', current_date + 100, 'released', 'Phil') RETURNING id AS new_lot \\gset
                INSERT INTO public.lot_receipt (lot_id, vials, recorded_by) VALUES (:new_lot, 1, 'Phil');
                INSERT INTO public.lot_status_change (lot_id, to_status, reason, changed_by) VALUES (:new_lot, 'released', 'Received and released.', 'Phil');
                COMMIT;
                """
            ).failed)
        #expect(try clinic.verifyRules().status == 0)
    }

    /// Stock arrives only with its receipt, and no row leaves a lot holding more than it received.
    @Test func noStockBeyondWhatArrived() throws {
        let clinic = try SecurityClinic("sec_gap_received")
        defer { clinic.drop() }
        let lot = clinic.clinic.lidoA
        try clinic.expectRefused(
            .pharmacist,
            "INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor) VALUES (\(lot), 'receipt', 1000, 'Phil');",
            "without its receipt")
        // 40 mL received, 38.6 mL on hand: a sealed vial wasted, counted back, then the waste reversed.
        try clinic.expectRefused(
            .pharmacist,
            """
            BEGIN;
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor)
            VALUES (\(lot), 'waste', -20, 'dropped', 'Phil') RETURNING id AS waste \\gset
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor)
            VALUES (\(lot), 'count-adjustment', 20, 'found a vial', 'Phil');
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor, reverses_id)
            VALUES (\(lot), 'reversal', 20, 'not dropped', 'Phil', :waste);
            COMMIT;
            """, "would hold 58.600 mL after this reversal: only 40.000 mL of it was ever received")
        try clinic.clinic.behindTheLedger { connection in
            let onHand = try clinic.clinic.onHand(lot)
            try connection.query(
                """
                WITH waste AS (
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, reason, actor)
                    VALUES (\(lot), 'waste', -20, \(onHand - 20), 'dropped', 'mallory') RETURNING id
                ), counted AS (
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, reason, actor)
                    SELECT \(lot), 'count-adjustment', 20, \(onHand), 'found', 'mallory' FROM waste RETURNING id
                )
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, reason, actor, reverses_id)
                SELECT \(lot), 'reversal', 20, \(onHand + 20), 'not dropped', 'mallory', waste.id FROM waste, counted
                """)
            try connection.query("UPDATE lot SET on_hand_ml = \(onHand + 20) WHERE id = \(lot)")
        }
        let found = try clinic.verifyRules()
        #expect(found.status == 1)
        #expect(found.rules.contains("balance-above-received"), "\(found)")
    }

    /// A session's draws, findings and usage are written with it; a later transaction (another
    /// login's, days later) cannot add any, even with SET CONSTRAINTS ALL IMMEDIATE.
    @Test func aSessionsRowsAreWrittenWithIt() throws {
        let clinic = try SecurityClinic("sec_gap_session")
        defer { clinic.drop() }
        let performed = clinic.clinic.wasteSession
        try clinic.expectRefused(
            .practitioner,
            """
            INSERT INTO public.session_finding (session_id, position, severity, rule, match_type, message)
            VALUES (\(performed), 99, 'info', 'interval', 'none', 'added later');
            """, "its findings are written with it, in the same transaction")
        let session = """
            INSERT INTO public.session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
            SELECT id, 'REVIT-FACE', 1, 'Dr', now(), 'PASS', 'Dr' FROM public.patient WHERE mrn = 'MRN-0004'
            RETURNING id AS s, patient_id AS p, performed_at AS t \\gset
            INSERT INTO public.session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
            VALUES (:s, :p, :'t', \(clinic.clinic.polyrevit), 1);
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id)
            VALUES (\(clinic.clinic.polyrevit), 'session-use', -1, 'Dr', :s, :p) RETURNING id AS draw \\gset
            """
        // The commit-time check checked early, then rows the check would refuse.
        for late in [
            "INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id, reverses_id) VALUES (\(clinic.clinic.polyrevit), 'reversal', 1, 'x', 'Dr', :s, :p, :draw);",
            "INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id) VALUES (\(clinic.clinic.lidoA), 'session-use', -0.2, 'Dr', :s, :p);",
            "INSERT INTO public.session_usage (session_id, patient_id, performed_at, lot_id, volume_ml) VALUES (:s, :p, :'t', \(clinic.clinic.lidoB), 0.2);",
        ] {
            try clinic.expectRefused(
                .practitioner, "BEGIN;\n\(session)\nSET CONSTRAINTS ALL IMMEDIATE;\n\(late)\nCOMMIT;\n", "ERROR")
        }
        // The look-alike: the whole session, then the checks run early, then commit.
        let whole = try clinic.psql(.practitioner, "BEGIN;\n\(session)\nSET CONSTRAINTS ALL IMMEDIATE;\nCOMMIT;\n")
        #expect(!whole.failed, "\(whole)")
        // A draw moved to another day behind the triggers: not written with its session.
        try clinic.clinic.behindTheLedger { connection in
            try connection.query(
                "UPDATE stock_movement SET recorded_at = recorded_at + interval '2 days' WHERE session_id = \(performed) AND kind = 'session-use'")
        }
        let found = try clinic.verifyRules()
        #expect(found.rules == ["session-rows-time"], "\(found)")
    }

    /// A product is written with its ingredients.
    @Test func aProductHasItsIngredients() throws {
        let clinic = try SecurityClinic("sec_gap_product")
        defer { clinic.drop() }
        let product = """
            INSERT INTO public.product (code, name, vial_ml, single_use, reorder_ml, created_by)
            VALUES ('EMPTY-1', 'Nothing declared', 1, true, 0, 'Phil');
            """
        try clinic.expectRefused(.pharmacist, product, "Product EMPTY-1 has no ingredients")
        #expect(
            try !clinic.psql(
                .pharmacist,
                """
                BEGIN;
                \(product)
                INSERT INTO public.product_ingredient (product_code, compound_code, amount, unit) VALUES ('EMPTY-1', 'lidocaine', 10, 'mg');
                COMMIT;
                """
            ).failed)
        try clinic.clinic.behindTheLedger { connection in
            try connection.query(
                "INSERT INTO product (code, name, vial_ml, single_use, reorder_ml, created_by) VALUES ('EMPTY-2', 'x', 1, true, 0, 'mallory')")
        }
        #expect(try clinic.verifyRules().rules == ["product-ingredients"])
    }

    /// The pharmacist reads no clinical free text: why a session was cancelled, an adverse event's
    /// note (nor an override's reason, Schema/0013); the practitioner and the auditor read them.
    @Test func thePharmacistReadsNoClinicalFreeText() throws {
        let clinic = try SecurityClinic("sec_gap_free_text")
        defer { clinic.drop() }
        let cancelled = clinic.clinic.cancelledSession
        try clinic.clinic.admin.query(
            """
            INSERT INTO adverse_event (session_id, kind, severity, note, recorded_by)
            VALUES (\(clinic.clinic.wasteSession), 'redness', 'mild', 'flare of her rosacea', 'Dr')
            """)
        for (query, table) in [
            ("SELECT cancel_reason FROM public.session;", "session"), ("SELECT * FROM public.session;", "session"),
            ("SELECT note FROM public.adverse_event;", "adverse_event"), ("SELECT * FROM public.adverse_event;", "adverse_event"),
            ("SELECT reason FROM public.session_override;", "session_override"),
        ] {
            try clinic.expectRefused(.pharmacist, query, "permission denied for table \(table)")
        }
        let shown = try clinic.psql(
            .pharmacist,
            """
            SELECT cancel_reason FROM public.session_cancel_reason_shown WHERE session_id = \(cancelled);
            SELECT note FROM public.adverse_event_shown;
            SELECT count(status) FROM public.session;
            """)
        #expect(!shown.failed && !shown.stdout.contains("rosacea") && shown.stdout.contains("Withheld"), "\(shown)")
        for role in [DatabaseRole.practitioner, .auditor] {
            let read = try clinic.psql(role, "SELECT note FROM public.adverse_event_shown; SELECT note FROM public.adverse_event;")
            #expect(!read.failed && read.stdout.contains("rosacea") && !read.stdout.contains("Withheld"), "\(read)")
        }
    }

    /// A row is stamped by a transaction at most the clock tolerance old: a login cannot open a
    /// transaction, wait, and write rows dated before they were written. (The tolerance, 10 minutes,
    /// is set to 1 second here by the owner, then put back.)
    @Test func aTransactionLeftOpenCannotWriteRowsDatedBack() throws {
        let clinic = try SecurityClinic("sec_gap_stamp_age")
        defer { clinic.drop() }
        func tolerance(_ value: String) throws {
            try clinic.admin.execute(
                script: "CREATE OR REPLACE FUNCTION public.meso_clock_tolerance() RETURNS interval LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT interval '\(value)' $$")
        }
        let original: String = try clinic.admin.query(
            "SELECT pg_get_functiondef('public.meso_clock_tolerance()'::regprocedure) AS definition").rows[0].decode("definition")
        try tolerance("1 second")
        let waste = """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor)
            VALUES (\(clinic.clinic.polyrevit), 'waste', -1, 'dropped', 'Phil');
            """
        try clinic.expectRefused(.pharmacist, "BEGIN;\nSELECT pg_sleep(2);\n\(waste)\nCOMMIT;\n", "more than 00:00:01 ago")
        try clinic.expectRefused(
            .pharmacist,
            "BEGIN;\nSELECT pg_sleep(2);\nUPDATE public.session SET status = 'cancelled', cancelled_by = 'Phil', cancel_reason = 'x' WHERE id = \(clinic.clinic.splitSession);\nCOMMIT;\n",
            "a cancellation written in it would be dated then")
        // The look-alike: written at once.
        let atOnce = try clinic.psql(.pharmacist, "BEGIN;\n\(waste)\nCOMMIT;\n")
        #expect(!atOnce.failed, "\(atOnce)")
        try clinic.admin.execute(script: original)
        #expect(try clinic.verifyRules().status == 0)
    }

    /// "No known allergies" is refused while an active allergy is on file, and an assessment once
    /// made is not unmade, whoever writes it.
    @Test func anAllergyAssessmentSaysWhatTheAllergiesOnFileSay() throws {
        let clinic = try SecurityClinic("sec_gap_assessment")
        defer { clinic.drop() }
        try clinic.expectRefused(
            .practitioner, "UPDATE public.patient SET allergy_assessment = 'none-known' WHERE mrn = 'MRN-0005';",
            "has an active allergy on file, so no known allergies cannot be recorded")
        try clinic.expectRefused(
            .practitioner, "UPDATE public.patient SET allergy_assessment = 'unknown' WHERE mrn = 'MRN-0006';",
            "an assessment is not unmade")
        // The look-alike: a patient never assessed, with no allergy on file.
        let assessed = try clinic.psql(.practitioner, "UPDATE public.patient SET allergy_assessment = 'none-known' WHERE mrn = 'MRN-0004';")
        #expect(!assessed.failed, "\(assessed)")
    }

    /// No login holds the lock `meso db migrate` takes, nor writes large objects.
    @Test(arguments: DatabaseRole.allCases)
    func noLoginHoldsAdvisoryLocksOrWritesLargeObjects(role: DatabaseRole) throws {
        let clinic = try SecurityClinic("sec_gap_locks_\(role)")
        defer { clinic.drop() }
        for (call, function) in [
            ("pg_advisory_lock(7362001)", "pg_advisory_lock"), ("pg_try_advisory_lock(7362001)", "pg_try_advisory_lock"),
            ("pg_advisory_lock_shared(7362001)", "pg_advisory_lock_shared"), ("pg_advisory_lock(1, 2)", "pg_advisory_lock"),
            ("pg_advisory_xact_lock(7362001)", "pg_advisory_xact_lock"),
            ("lo_create(0)", "lo_create"), ("lo_creat(-1)", "lo_creat"), ("lo_from_bytea(0, 'x')", "lo_from_bytea"),
        ] {
            try clinic.expectRefused(role, "SELECT \(call);", "permission denied for function \(function)")
        }
        // The owner's migration still takes its lock.
        let migrated = try clinic.clinic.meso.run(["db", "migrate"])
        #expect(migrated.status == 0, "\(migrated)")
    }
}
