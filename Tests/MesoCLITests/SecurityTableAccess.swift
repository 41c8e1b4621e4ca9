import MesoCore

/// Who reads each table and view of the schema: the least privilege the database enforces
/// (Schema/0012). A table a later migration adds must be listed here, with the roles its migration
/// grants SELECT to; `SecurityPrivilegeTests` fails for one that is not, and for any grant that
/// differs from this list.
enum TableAccess {
    enum Readers: Equatable {
        /// Every meso role.
        case everyone
        /// The practitioner only: patients' clinical data (allergies, conditions, medications, the
        /// check's findings, course plans).
        case practitioner
        /// The practitioner the whole row, the pharmacist and the auditor only `columns` (the patient's
        /// identity, for recall lists, the ledger and the auditor's traces).
        case practitionerAndColumns([String])
        /// The practitioner and the auditor, not the pharmacist: the overrides (rule, reason, who,
        /// when), which the auditor reads and whose free-text reasons may name a patient's allergy.
        case practitionerAndAuditor
        /// Every role the whole row but the pharmacist, who reads every column but `withheld` (clinical
        /// free text: why a session was cancelled, an adverse event's note).
        case allButThePharmacist(withheld: [String])
    }

    static let readers: [String: Readers] = [
        "adverse_event": .allButThePharmacist(withheld: ["note"]),
        "adverse_event_shown": .everyone,
        "adverse_event_assessment": .practitioner,
        "allergen_group": .everyone,
        "allergen_group_member": .everyone,
        "allergen_group_member_change": .everyone,
        "clinic": .everyone,
        "clinic_change": .everyone,
        "compound": .everyone,
        "compound_coding": .everyone,
        "compound_coding_change": .everyone,
        "compound_name_change": .everyone,
        "course": .practitioner,
        "course_session": .practitioner,
        "dose_limit": .everyone,
        "dose_limit_change": .everyone,
        "formula": .everyone,
        "formula_component": .everyone,
        "formula_version": .everyone,
        "lot": .everyone,
        "lot_receipt": .everyone,
        "lot_receipt_pack": .everyone,
        "lot_status_change": .everyone,
        "lot_trace": .everyone,
        "lot_trace_expected": .everyone,
        "medication_class": .everyone,
        "medication_substance": .everyone,
        "medication_term": .everyone,
        "meso_schema_migration": .everyone,
        "patient": .practitionerAndColumns(["birth_date", "created_at", "created_by", "created_login", "id", "mrn", "name"]),
        "patient_allergy": .practitioner,
        "patient_allergy_amendment": .practitioner,
        "patient_condition": .practitioner,
        "patient_condition_end": .practitioner,
        "patient_medication": .practitioner,
        "patient_medication_stop": .practitioner,
        "patient_update": .practitioner,
        "product": .everyone,
        "product_ingredient": .everyone,
        "session": .allButThePharmacist(withheld: ["cancel_reason"]),
        "session_cancel_reason_shown": .everyone,
        "session_finding": .practitioner,
        "session_finding_shown": .everyone,
        "session_override": .practitionerAndAuditor,
        "session_override_shown": .everyone,
        "session_verdict_problem": .everyone,
        "session_usage": .everyone,
        "stock_movement": .everyone,
        "vial": .everyone,
    ]

    /// Whether `role` may read the whole of `table` (SELECT on the table).
    static func readsWhole(_ role: DatabaseRole, _ table: String) -> Bool {
        switch readers[table] {
        case .everyone: return true
        case .practitioner, .practitionerAndColumns: return role == .practitioner
        case .practitionerAndAuditor, .allButThePharmacist: return role != .pharmacist
        case nil: return false
        }
    }
}
