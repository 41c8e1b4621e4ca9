import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The audit clinic (three lots, sessions, a cancellation, stock waste) with a login of each meso
/// role, attacked the way a person holding one of those logins would: through psql.
struct SecurityClinic {
    let clinic: AuditClinic
    let logins: ClinicLogins

    var database: TestDatabase { clinic.database }
    var admin: PostgresConnection { clinic.admin }

    init(_ name: String) throws {
        clinic = try AuditClinic(name)
        // Logins belong to the cluster: named after the clinic, so that suites running at once never share one.
        logins = try ClinicLogins(name, database: clinic.database)
    }

    func login(_ role: DatabaseRole) -> String {
        switch role {
        case .pharmacist: return logins.pharmacist
        case .practitioner: return logins.practitioner
        case .auditor: return logins.auditor
        }
    }

    func psql(_ role: DatabaseRole, _ script: String) throws -> Psql.Outcome {
        try Psql.run(try database.url(asUser: login(role)), script)
    }

    /// Runs `script` as `role` through psql and expects it refused with `error` (a fragment of
    /// psql's ERROR line), and every table exactly as it was.
    func expectRefused(
        _ role: DatabaseRole, _ script: String, _ error: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try database.tableChecksums()
        let outcome = try psql(role, script)
        #expect(outcome.failed, "\(role) was allowed: \(script)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(error), "\(role): \(script)\n\(outcome)", sourceLocation: sourceLocation)
        #expect(try database.tableChecksums() == before, "\(role) changed a table: \(script)", sourceLocation: sourceLocation)
    }

    /// `audit verify --format json`: its exit status and the rules of the discrepancies it found.
    func verifyRules() throws -> (status: Int32, rules: [String], messages: [String]) {
        let (status, _, discrepancies) = try clinic.verify()
        return (
            status, discrepancies.compactMap { $0["rule"] as? String }, discrepancies.compactMap { $0["message"] as? String }
        )
    }

    /// The role attributes a login could raise to escape the guards, all false for every login.
    func attributes(of role: DatabaseRole) throws -> [Bool] {
        let row = try admin.query(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = \(login(role))"
        ).rows[0]
        return try ["rolsuper", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls"].map {
            try row.decode($0, as: Bool.self)
        }
    }

    func drop() { logins.drop() }

    // MARK: A day's legitimate writes of each role, through psql, every name schema-qualified

    /// What a pharmacist writes: a lot received into quarantine, released, counted, waste written
    /// off; a product with its ingredient; a formula with its version and component; a compound,
    /// an allergen group and its member; the cancellation of a session (a pharmacist may).
    func pharmacistDay(_ tag: String) -> String {
        """
        BEGIN;
        INSERT INTO public.lot (product_code, lot_number, expiry, status, vials_received, received_ml, received_by)
        VALUES ('LIDO-1-MD', 'DAY-\(tag)', current_date + 200, 'quarantined', 1, 20, 'Phil') RETURNING id AS day_lot \\gset
        INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
        VALUES (:day_lot, 'receipt', 20, 0, 'Phil', '1 x 20 mL');
        INSERT INTO public.lot_status_change (lot_id, to_status, reason, changed_by)
        VALUES (:day_lot, 'quarantined', 'Received into quarantine.', 'Phil');
        COMMIT;
        BEGIN;
        SELECT id FROM public.meso_lock_lots(ARRAY[:day_lot]::bigint[]);
        INSERT INTO public.lot_status_change (lot_id, to_status, reason, changed_by) VALUES (:day_lot, 'released', 'CoA', 'Phil');
        INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
        VALUES (:day_lot, 'count-adjustment', -1, 0, 'Phil', 'counted');
        INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
        VALUES (:day_lot, 'waste', -1, 0, 'Phil', 'dropped');
        COMMIT;
        BEGIN;
        INSERT INTO public.compound (code, name, class, created_by) VALUES ('day-\(tag.lowercased())', 'Day compound', 'vitamin', 'Phil');
        INSERT INTO public.allergen_group (code, name, created_by) VALUES ('day-\(tag.lowercased())', 'Day group', 'Phil');
        INSERT INTO public.allergen_group_member (group_code, compound_code, added_by)
        VALUES ('day-\(tag.lowercased())', 'day-\(tag.lowercased())', 'Phil');
        INSERT INTO public.product (code, name, vial_ml, single_use, gtin, created_by)
        VALUES ('DAY-\(tag)', 'Day product', 2, true, '09520107009900', 'Phil');
        INSERT INTO public.product_ingredient (product_code, compound_code, amount, unit)
        VALUES ('DAY-\(tag)', 'day-\(tag.lowercased())', 10, 'mg');
        INSERT INTO public.formula (code, created_by) VALUES ('DAY-\(tag)', 'Phil');
        INSERT INTO public.formula_version (formula_code, version, name, created_by) VALUES ('DAY-\(tag)', 1, 'Day formula', 'Phil');
        INSERT INTO public.formula_component (formula_code, version, position, product_code, volume_ml)
        VALUES ('DAY-\(tag)', 1, 1, 'DAY-\(tag)', 0.5);
        COMMIT;
        BEGIN;
        SELECT id FROM public.meso_lock_lots(ARRAY(SELECT lot_id FROM public.stock_movement WHERE session_id = \(clinic.splitSession)));
        UPDATE public.session SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'Phil', cancel_reason = 'wrong patient'
         WHERE id = \(clinic.splitSession);
        INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, session_id, patient_id, reverses_id)
        SELECT lot_id, 'reversal', -quantity_ml, 0, 'Phil', 'cancelled', session_id, patient_id, id
          FROM public.stock_movement WHERE session_id = \(clinic.splitSession) AND kind IN ('session-use', 'waste') ORDER BY id;
        COMMIT;
        SELECT public.lot_status_at(:day_lot, now());
        """
    }

    /// What a practitioner writes: a patient with an allergy, a condition and a medication; a session
    /// an hour ago (its lot judged at that time) with its finding, usage and ledger row; an adverse
    /// event; a corrected name; a course; then the cancellation of that session.
    func practitionerDay(_ tag: String) -> String {
        """
        INSERT INTO public.patient (mrn, name, created_by) VALUES ('DAY-\(tag)', 'Day Patient', 'Dr Day') RETURNING id AS day_patient \\gset
        INSERT INTO public.patient_allergy (patient_id, compound_code, recorded_by) VALUES (:day_patient, 'lidocaine', 'Dr Day');
        INSERT INTO public.patient_condition (patient_id, kind, recorded_by) VALUES (:day_patient, 'other', 'Dr Day');
        INSERT INTO public.patient_medication (patient_id, name, recorded_by) VALUES (:day_patient, 'aspirin', 'Dr Day');
        BEGIN;
        SELECT id FROM public.patient WHERE id = :day_patient FOR UPDATE;
        SELECT id FROM public.meso_lock_lots(ARRAY[\(clinic.polyrevit)]::bigint[]);
        INSERT INTO public.session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
        VALUES (:day_patient, 'REVIT-FACE', 1, 'Dr Day', now() - interval '1 hour', 'PASS', 'Dr Day')
        RETURNING id AS day_session, performed_at AS day_at \\gset
        INSERT INTO public.session_finding (session_id, position, severity, rule, message)
        VALUES (:day_session, 1, 'info', 'stock', 'Drawn from PR-1');
        INSERT INTO public.session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
        VALUES (:day_session, :day_patient, :'day_at', \(clinic.polyrevit), 1);
        INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
        VALUES (\(clinic.polyrevit), 'session-use', -1, 0, 'Dr Day', :day_session, :day_patient);
        COMMIT;
        INSERT INTO public.adverse_event (session_id, kind, severity, recorded_by) VALUES (:day_session, 'redness', 'mild', 'Dr Day');
        UPDATE public.patient SET name = 'Day Patient Renamed' WHERE id = :day_patient;
        BEGIN;
        INSERT INTO public.course (patient_id, formula_code, start_date, series_sessions, interval_days, maintenance_sessions,
                                   maintenance_months, created_by)
        VALUES (:day_patient, 'REVIT-FACE', current_date, 1, 15, 0, 3, 'Dr Day') RETURNING id AS day_course \\gset
        INSERT INTO public.course_session (course_id, position, phase, due_on) VALUES (:day_course, 1, 'series', current_date);
        COMMIT;
        BEGIN;
        SELECT id FROM public.meso_lock_lots(ARRAY[\(clinic.polyrevit)]::bigint[]);
        UPDATE public.session SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'Dr Day', cancel_reason = 'test'
         WHERE id = :day_session;
        INSERT INTO public.stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, session_id, patient_id, reverses_id)
        SELECT lot_id, 'reversal', -quantity_ml, 0, 'Dr Day', 'cancelled', session_id, patient_id, id
          FROM public.stock_movement WHERE session_id = :day_session AND kind = 'session-use';
        COMMIT;
        """
    }

    /// What an auditor does: read, through the views and functions the guards use too.
    func auditorDay(_ tag: String) -> String {
        """
        SELECT count(*) FROM public.lot_trace;
        SELECT count(*) FROM public.lot_trace_expected;
        SELECT count(*) FROM public.session_finding_shown;
        SELECT public.lot_status_at(\(clinic.polyrevit), now());
        """
    }

    func day(_ role: DatabaseRole, _ tag: String) -> String {
        switch role {
        case .pharmacist: return pharmacistDay(tag)
        case .practitioner: return practitionerDay(tag)
        case .auditor: return auditorDay(tag)
        }
    }
}
