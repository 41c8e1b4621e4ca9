/// The group roles of Schema/0005: each person logs in with a role of their own that is a member
/// of the one for their job (`CREATE ROLE alice LOGIN IN ROLE meso_pharmacist`).
public enum DatabaseRole: String, Sendable, CaseIterable {
    /// Stock and catalog.
    case pharmacist = "meso_pharmacist"
    /// Patients, sessions and the ledger rows a session writes.
    case practitioner = "meso_practitioner"
    /// Reads everything, writes nothing.
    case auditor = "meso_auditor"

    /// The role whose logins write `table`. Nil for the ledger, which both the pharmacist and the
    /// practitioner write (row by row, by kind), and for open vials, which only the ledger's trigger writes.
    public static func writer(of table: String) -> DatabaseRole? {
        switch table {
        case "compound", "allergen_group", "allergen_group_member", "dose_limit", "product", "product_ingredient",
            "formula", "formula_version", "formula_component", "lot", "lot_status_change", "dose_limit_change",
            "allergen_group_member_change", "medication_substance", "medication_term", "lot_receipt", "lot_receipt_pack",
            "compound_coding_change", "compound_name_change":
            return .pharmacist
        case "patient", "patient_allergy", "patient_condition", "patient_medication", "session", "session_finding",
            "session_usage", "adverse_event", "course", "course_session", "patient_update", "patient_condition_end",
            "patient_allergy_amendment", "adverse_event_assessment", "session_override", "patient_medication_stop":
            return .practitioner
        default:
            return nil
        }
    }

    /// Whether `table` holds patients' clinical data, which only the practitioner reads (Schema/0012:
    /// the pharmacist and the auditor read a patient's identity columns and findings through
    /// session_finding_shown).
    public static func isClinical(_ table: String) -> Bool {
        [
            "patient", "patient_allergy", "patient_condition", "patient_medication", "session_finding", "course",
            "course_session", "patient_update", "patient_condition_end", "patient_allergy_amendment",
            "adverse_event_assessment", "patient_medication_stop",
        ].contains(table)
    }
}
