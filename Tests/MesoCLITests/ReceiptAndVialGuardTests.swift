import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The guards of receipts, packs and open vials (Schema/0015), attacked through psql by each meso
/// role and by the schema's owner: a vial is opened and moved only by the ledger trigger (running as
/// meso_ledger), receipts and packs are append-only, a pack is scanned with its receipt; each with
/// the legitimate write it must let through.
@Suite("receipts and vials: the guards")
struct ReceiptAndVialGuardTests {
    @Test func onlyTheLedgerOpensAVialOrMovesWhatItHolds() throws {
        let clinic = try SecurityClinic("vial_guard")
        defer { clinic.drop() }
        let lot = clinic.clinic.lidoA
        let vial = try LedgerFixture.openVial(clinic.admin, lot: lot)  // opened by the split session, 18.6 mL left
        for role in [DatabaseRole.pharmacist, .practitioner] {
            try clinic.expectRefused(role, "UPDATE public.vial SET remaining_ml = 20 WHERE id = \(vial);", "permission denied")
            try clinic.expectRefused(
                role,
                """
                INSERT INTO public.vial (lot_id, opened_at, content_ml, remaining_ml, recorded_by)
                VALUES (\(lot), now(), 20, 20, 'x');
                """, "permission denied")
        }
        // The owner is held too: no vial of its own, no remainder put back, no opening moved later.
        for (script, expected) in [
            ("UPDATE vial SET remaining_ml = 20 WHERE id = \(vial)", "only by recording a stock movement"),
            ("INSERT INTO vial (lot_id, opened_at, content_ml, remaining_ml, recorded_by) VALUES (\(lot), now(), 20, 20, 'x')",
             "only by recording a stock movement"),
            ("UPDATE vial SET opened_at = opened_at + interval '20 days' WHERE id = \(vial)", "opened no later than first recorded"),
            ("UPDATE vial SET content_ml = 19 WHERE id = \(vial)", "identity cannot be changed"),
            ("DELETE FROM vial WHERE id = \(vial)", "never deleted"),
            ("TRUNCATE vial CASCADE", "append-only"),
        ] {
            let refusal = #expect(throws: PostgresError.self) { try clinic.admin.query(PostgresQuery(unsafeSQL: script)) }
            #expect(refusal.map { "\($0)" }?.contains(expected) == true, "\(script): \(String(describing: refusal))")
        }
        let remaining = "SELECT remaining_ml FROM vial WHERE id = \(vial)"
        #expect(try clinic.admin.query(PostgresQuery(unsafeSQL: remaining)).rows[0].decode("remaining_ml", as: Decimal.self) == ml("18.6"))

        // The look-alike: a spill from the vial, written to the ledger by the pharmacist, moves it.
        #expect(
            try !clinic.psql(
                .pharmacist,
                """
                INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, actor, reason, vial_id)
                VALUES (\(lot), 'waste', -1.5, 'Phil', 'dropped the vial', \(vial));
                """
            ).failed)
        #expect(try clinic.admin.query(PostgresQuery(unsafeSQL: remaining)).rows[0].decode("remaining_ml", as: Decimal.self) == ml("17.1"))
        #expect(try clinic.verifyRules().rules.isEmpty)

        // What the owner changes behind the triggers, verify finds.
        try clinic.clinic.behindTheLedger { connection in
            try connection.query("UPDATE vial SET remaining_ml = 20 WHERE id = \(vial)")
        }
        let found = try clinic.verifyRules()
        #expect(found.rules == ["open-vial"], "\(found)")
    }

    @Test func receiptsAndPacksAreAppendOnlyAndAPackIsScannedWithItsReceipt() throws {
        let clinic = try SecurityClinic("receipt_guard")
        defer { clinic.drop() }
        let lot = clinic.clinic.polyrevit
        let receipt: Int64 = try clinic.admin.query("SELECT id FROM lot_receipt WHERE lot_id = \(lot)").rows[0].decode("id")
        // Only the pharmacist receives; nobody rewrites a receipt.
        try clinic.expectRefused(
            .practitioner, "INSERT INTO public.lot_receipt (lot_id, vials, recorded_by) VALUES (\(lot), 1, 'Dr');", "permission denied")
        try clinic.expectRefused(.pharmacist, "UPDATE public.lot_receipt SET vials = 40 WHERE id = \(receipt);", "permission denied")
        try clinic.expectRefused(.pharmacist, "DELETE FROM public.lot_receipt WHERE id = \(receipt);", "permission denied")
        for script in [
            "UPDATE lot_receipt SET vials = 40 WHERE id = \(receipt)", "DELETE FROM lot_receipt WHERE id = \(receipt)",
            "TRUNCATE lot_receipt CASCADE", "TRUNCATE lot_receipt_pack",
        ] {
            let refusal = #expect(throws: PostgresError.self) { try clinic.admin.query(PostgresQuery(unsafeSQL: script)) }
            #expect(refusal.map { "\($0)" }?.contains("append-only") == true, "\(script): \(String(describing: refusal))")
        }
        // A pack added to an earlier receipt, or of another product, is refused.
        try clinic.expectRefused(
            .pharmacist,
            """
            INSERT INTO public.lot_receipt_pack (receipt_id, position, gtin, serial, element_string, elements, recorded_by)
            VALUES (\(receipt), 1, '09520107000105', 'LATE-1', '(01)09520107000105(21)LATE-1', '{}', 'Phil');
            """, "recorded with its receipt, in the same transaction")
        // The look-alike: a receipt of the same lot with its pack, in one transaction.
        let gtin: String = try clinic.admin.query("SELECT gtin FROM product WHERE code = 'POLYREVIT-5'").rows[0].decode("gtin")
        let written = try clinic.psql(
            .pharmacist,
            """
            BEGIN;
            INSERT INTO public.lot_receipt (lot_id, vials, supplier, recorded_by) VALUES (\(lot), 2, 'Lab Ouest', 'Phil')
            RETURNING id AS new_receipt \\gset
            INSERT INTO public.lot_receipt_pack (receipt_id, position, gtin, serial, element_string, elements, recorded_by)
            VALUES (:new_receipt, 1, '\(gtin)', 'NEW-1', '(01)\(gtin)(21)NEW-1', '{}', 'Phil');
            COMMIT;
            """)
        #expect(!written.failed, "\(written)")
        #expect(try clinic.verifyRules().rules.isEmpty)
    }
}
