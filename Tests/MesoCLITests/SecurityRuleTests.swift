import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Every rule the CLI keeps, kept by the database for whoever writes (Schema/0012): each tried
/// through psql by the role that may write the table, refused with every table unchanged; and the
/// same bad row planted by the schema's owner behind the triggers, as a database changed before the
/// migration could hold it, found by `audit verify`.
@Suite("security: the database keeps the CLI's rules")
struct SecurityRuleTests {
    @Test func aCountNeverFindsMoreThanTheLotReceived() throws {
        let clinic = try SecurityClinic("sec_rule_count")
        defer { clinic.drop() }
        // 40 mL received (2 vials of 20 mL), 38.6 mL on hand: one sealed vial and one open holding 18.6 mL.
        // A count moves sealed vials, whole (Schema/0015).
        let lot = clinic.clinic.lidoA
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
            VALUES (\(lot), 'count-adjustment', 20, 0, 'Phil', 'found a box');
            """, "A count of lot LD-A of LIDO-1-MD cannot find 58.600 mL: only 40.000 mL of it was ever received.")
        // A count up to what was received is a count: a sealed vial missed, then found.
        #expect(
            try !clinic.psql(
                .pharmacist,
                """
                INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
                VALUES (\(lot), 'count-adjustment', -20, 0, 'Phil', 'a vial missing');
                INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
                VALUES (\(lot), 'count-adjustment', 20, 0, 'Phil', 'found the vial');
                """
            ).failed)
        try plant(clinic, lot: lot, kind: "count-adjustment", ml: "20", reason: "found a box")
        #expect(try clinic.verifyRules().rules == ["count-above-received"])
    }

    @Test func ledgerRowsHaveTheShapeTheCLIGivesTheirKind() throws {
        let clinic = try SecurityClinic("sec_rule_shape")
        defer { clinic.drop() }
        let lot = clinic.clinic.lidoA
        let session = clinic.clinic.splitSession
        let patient = "(SELECT patient_id FROM public.session WHERE id = \(session))"
        for (row, error) in [
            // A receipt or a count of a session: the pharmacist's rows belong to none.
            // (Schema/0017: refused first as rows written outside the session's transaction.)
            ("\(lot), 'receipt', 20, 'x', \(session), \(patient)", "its ledger rows are written with it, in the same transaction"),
            ("\(lot), 'count-adjustment', -20, 'x', \(session), \(patient)", "its ledger rows are written with it, in the same transaction"),
            // A destruction of a lot's sealed vials writes off everything the lot holds (its open vial too).
            ("\(lot), 'destruction', -20, 'expired', NULL, NULL", "stock_movement_shape"),
            ("\(lot), 'receipt', -20, 'x', NULL, NULL", "stock_movement_sign"),
            ("\(lot), 'waste', -20, NULL, NULL, NULL", "stock_movement_reason_required"),
        ] {
            try clinic.expectRefused(
                .pharmacist,
                "INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, session_id, patient_id, actor) VALUES (\(row), 'Phil');",
                error)
        }
        // A reversal puts back exactly what one row took out: not half of a stock waste.
        let waste: Int64 = try clinic.admin.query(
            "SELECT id FROM stock_movement WHERE lot_id = \(lot) AND kind = 'waste' AND session_id IS NULL").rows[0].decode("id")
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor, reverses_id)
            VALUES (\(lot), 'reversal', 0.5, 'half', 'Phil', \(waste));
            """, "A reversal puts back exactly what movement \(waste) took out")
        // The owner plants a destruction that leaves stock, behind the triggers and the constraint
        // (as it was before the constraint existed): verify finds it.
        try withoutConstraint(clinic, "stock_movement", "stock_movement_shape") {
            try plant(clinic, lot: lot, kind: "destruction", ml: "-20", reason: "planted")
        }
        let found = try clinic.verifyRules()
        #expect(found.rules == ["movement-shape"], "\(found)")
        #expect(found.messages.first?.contains("a destruction of a lot's sealed vials writes off everything the lot held") == true, "\(found)")
    }

    @Test func aLotExistsOnlyWithItsReceipt() throws {
        let clinic = try SecurityClinic("sec_rule_receipt")
        defer { clinic.drop() }
        let lot = """
            INSERT INTO public.lot (product_code, lot_number, expiry, status, received_by)
            VALUES ('LIDO-1-MD', 'NO-RECEIPT', current_date + 100, 'quarantined', 'Phil')
            """
        try clinic.expectRefused(.pharmacist, lot + ";", "Lot NO-RECEIPT of LIDO-1-MD was recorded without its receipt.")
        // Nor with a receipt row of the ledger alone: stock arrives with its receipt (when, how many vials).
        try clinic.expectRefused(
            .pharmacist,
            """
            BEGIN;
            \(lot) RETURNING id AS new_lot \\gset
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor) VALUES (:new_lot, 'receipt', 200, 'Phil');
            COMMIT;
            """, "without its receipt")
        // The look-alike: the lot with its receipt.
        #expect(
            try !clinic.psql(
                .pharmacist,
                """
                BEGIN;
                \(lot) RETURNING id AS new_lot \\gset
                INSERT INTO public.lot_receipt (lot_id, vials, recorded_by) VALUES (:new_lot, 1, 'Phil');
                COMMIT;
                """
            ).failed)
        try clinic.clinic.behindTheLedger { connection in
            try connection.query(
                """
                INSERT INTO lot (product_code, lot_number, expiry, status, received_by)
                VALUES ('LIDO-1-MD', 'NO-RECEIPT-2', current_date + 100, 'quarantined', 'mallory')
                """)
        }
        #expect(try clinic.verifyRules().rules == ["lot-receipt"])
    }

    @Test func aFormulaVersionHasComponentsWrittenWithIt() throws {
        let clinic = try SecurityClinic("sec_rule_formula")
        defer { clinic.drop() }
        try clinic.expectRefused(
            .pharmacist,
            """
            BEGIN;
            INSERT INTO public.formula (code, created_by) VALUES ('EMPTY', 'Phil');
            INSERT INTO public.formula_version (formula_code, version, name, created_by) VALUES ('EMPTY', 1, 'Nothing', 'Phil');
            COMMIT;
            """, "Formula EMPTY version 1 has no components.")
        // A version in use does not gain a component, nor a product an ingredient.
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.formula_component (formula_code, version, position, product_code, volume_ml)
            VALUES ('REVIT-FACE', 1, 9, 'LIDO-1-MD', 2);
            """, "Formula REVIT-FACE version 1 is recorded: its components are written with it")
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.product_ingredient (product_code, compound_code, amount, unit)
            VALUES ('POLYREVIT-5', 'lidocaine', 10, 'mg');
            """, "Product POLYREVIT-5 is recorded: its ingredients are written with it.")
        try clinic.clinic.behindTheLedger { connection in
            try connection.query("INSERT INTO formula (code, created_by) VALUES ('EMPTY', 'mallory')")
            try connection.query(
                "INSERT INTO formula_version (formula_code, version, name, created_by) VALUES ('EMPTY', 1, 'Nothing', 'mallory')")
        }
        #expect(try clinic.verifyRules().rules == ["formula-components"])
    }

    @Test func usageRowsCarryTheirSessionsTimeAndLedgerRowsItsPatient() throws {
        let clinic = try SecurityClinic("sec_rule_usage")
        defer { clinic.drop() }
        let session = clinic.clinic.splitSession
        try clinic.expectRefused(
            .practitioner,
            """
            BEGIN;
            INSERT INTO public.session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
            SELECT id, 'REVIT-FACE', 1, 'Dr', now() - interval '1 hour', 'PASS', 'Dr' FROM public.patient WHERE mrn = 'MRN-0004'
            RETURNING id AS s, patient_id AS p \\gset
            INSERT INTO public.session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
            VALUES (:s, :p, now() - interval '3 days', \(clinic.clinic.polyrevit), 1);
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id)
            VALUES (\(clinic.clinic.polyrevit), 'session-use', -1, 'Dr', :s, :p);
            COMMIT;
            """, "must carry the session's time")
        try clinic.expectRefused(
            .practitioner,
            """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id)
            SELECT \(clinic.clinic.lidoB), 'session-use', -0.2, 'Dr', \(session), id FROM public.patient WHERE mrn = 'MRN-0004';
            """, "A ledger row of session \(session) must name that session's patient.")
        try clinic.clinic.behindTheLedger { connection in
            try connection.query(
                "UPDATE session_usage SET performed_at = performed_at - interval '1 day' WHERE session_id = \(session) AND lot_id = \(clinic.clinic.lidoA)")
            try connection.query(
                "UPDATE lot_trace SET performed_at = performed_at - interval '1 day' WHERE session_id = \(session) AND lot_id = \(clinic.clinic.lidoA)")
        }
        #expect(try clinic.verifyRules().rules == ["usage-time"])
    }

    @Test func aSessionsUsageAndLedgerRowsAgree() throws {
        let clinic = try SecurityClinic("sec_rule_agree")
        defer { clinic.drop() }
        let performed = clinic.clinic.wasteSession
        let agree = "does not agree with its ledger"
        // A session whose usage has no ledger row behind it.
        try clinic.expectRefused(
            .practitioner,
            """
            BEGIN;
            INSERT INTO public.session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
            SELECT id, 'REVIT-FACE', 1, 'Dr', now(), 'PASS', 'Dr' FROM public.patient WHERE mrn = 'MRN-0004'
            RETURNING id AS s, patient_id AS p, performed_at AS t \\gset
            INSERT INTO public.session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
            VALUES (:s, :p, :'t', \(clinic.clinic.polyrevit), 1);
            COMMIT;
            """, agree)
        // A session with no usage at all.
        try clinic.expectRefused(
            .practitioner,
            """
            INSERT INTO public.session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
            SELECT id, 'REVIT-FACE', 1, 'Dr', now(), 'PASS', 'Dr' FROM public.patient WHERE mrn = 'MRN-0004';
            """, "it has no usage row")
        // A usage row added to a recorded session; a draw added to one; a performed session's draw
        // reversed; a session cancelled without putting its stock back.
        try clinic.expectRefused(
            .practitioner,
            """
            INSERT INTO public.session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
            SELECT id, patient_id, performed_at, \(clinic.clinic.lidoA), 0.7 FROM public.session WHERE id = \(performed);
            """, "its usage rows are written with it, in the same transaction")
        try clinic.expectRefused(
            .practitioner,
            """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id)
            SELECT \(clinic.clinic.polyrevit), 'session-use', -1, 'Dr', id, patient_id FROM public.session WHERE id = \(performed);
            """, "its ledger rows are written with it, in the same transaction")
        try clinic.expectRefused(
            .practitioner,
            """
            INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id, reverses_id)
            SELECT lot_id, 'reversal', -quantity_ml, 'x', 'Dr', session_id, patient_id, id
              FROM public.stock_movement WHERE session_id = \(performed) AND kind = 'session-use';
            """, "is written by the session's cancellation, in the same transaction")
        try clinic.expectRefused(
            .pharmacist,
            """
            UPDATE public.session SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'Phil', cancel_reason = 'x'
             WHERE id = \(performed);
            """, agree)
        try clinic.clinic.behindTheLedger { connection in
            try connection.query(
                "UPDATE session SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'x', cancel_reason = 'x' WHERE id = \(performed)")
            try connection.query("UPDATE lot_trace SET cancelled = true WHERE session_id = \(performed)")
        }
        #expect(Set(try clinic.verifyRules().rules) == ["session-reversal"])
    }

    @Test func backDatedTimesStayWithinTheCLIsBounds() throws {
        let clinic = try SecurityClinic("sec_rule_backdated")
        defer { clinic.drop() }
        for (when, refused) in [("now() - interval '2 years'", true), ("now() + interval '1 hour'", true)] {
            #expect(refused)
            try clinic.expectRefused(
                .practitioner,
                """
                INSERT INTO public.session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
                SELECT id, 'REVIT-FACE', 1, 'Dr', \(when), 'PASS', 'Dr' FROM public.patient WHERE mrn = 'MRN-0004';
                """, "session_performed_at_bounded")
            try clinic.expectRefused(
                .pharmacist,
                """
                INSERT INTO public.lot (product_code, lot_number, expiry, status, received_by, received_at)
                VALUES ('LIDO-1-MD', 'OLD', current_date + 100, 'released', 'Phil', \(when));
                """, "lot_received_at_bounded")
            try clinic.expectRefused(
                .pharmacist,
                """
                INSERT INTO public.lot_receipt (lot_id, received_at, vials, recorded_by)
                VALUES (\(clinic.clinic.lidoA), \(when), 1, 'Phil');
                """, "lot_receipt_received_at_bounded")
        }
        try withoutConstraint(clinic, "session", "session_performed_at_bounded") {
            try withoutConstraint(clinic, "lot", "lot_received_at_bounded") {
                try withoutConstraint(clinic, "lot_receipt", "lot_receipt_received_at_bounded") {
                    try clinic.clinic.behindTheLedger { connection in
                        try connection.query(
                            "UPDATE session SET recorded_at = performed_at + interval '2 years' WHERE id = \(clinic.clinic.splitSession)")
                        try connection.query("UPDATE lot SET recorded_at = received_at - interval '1 day' WHERE id = \(clinic.clinic.lidoB)")
                        try connection.query(
                            "UPDATE lot_receipt SET recorded_at = received_at - interval '1 day' WHERE lot_id = \(clinic.clinic.lidoB)")
                    }
                }
            }
        }
        let found = try clinic.verifyRules()
        // The session's recorded_at moved away from its ledger rows': they no longer look written with it.
        #expect(found.rules.filter { $0 != "session-rows-time" } == ["backdated-time", "backdated-time", "backdated-time"], "\(found)")
        #expect(Set(found.rules) == ["backdated-time", "session-rows-time"], "\(found)")
    }

    /// Runs `body` with a constraint dropped, then adds it back NOT VALID: the state of a database
    /// whose rows were written before the constraint was added.
    func withoutConstraint(_ clinic: SecurityClinic, _ table: String, _ name: String, _ body: () throws -> Void) throws {
        let definition: String = try clinic.admin.query(
            "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = \(name) AND conrelid = \(table)::regclass"
        ).rows[0].decode("definition")
        try clinic.admin.query("ALTER TABLE \(identifier: table) DROP CONSTRAINT \(identifier: name)")
        try body()
        try clinic.admin.execute(script: "ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition) NOT VALID")
    }

    /// A ledger row planted by the owner behind the triggers, with the balance the ledger trigger
    /// would have given it and the lot's cache moved to match.
    func plant(_ clinic: SecurityClinic, lot: Int64, kind: String, ml: String, reason: String) throws {
        try clinic.clinic.behindTheLedger { connection in
            let balance = try clinic.clinic.onHand(lot) + Decimal(string: ml)!
            try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, reason, actor)
                VALUES (\(lot), \(kind), \(Decimal(string: ml)!), \(balance), \(reason), 'mallory')
                """)
            try connection.query("UPDATE lot SET on_hand_ml = \(balance) WHERE id = \(lot)")
        }
    }
}
