/// A trigger that Schema/ puts on a table to keep the ledger rules: append-only history, caches
/// changed only by their events, receipts recorded with their lots. `audit verify` proves each is
/// still there, still calls its function, and is enabled.
public struct LedgerGuard: Sendable, Hashable {
    public let table: String
    public let trigger: String
    public let function: String

    /// Every trigger of Schema/ (0009 and 0010 only replace functions). A test compares this list
    /// with a freshly migrated database, so a migration that adds a trigger must add it here.
    public static let expected: [LedgerGuard] = [
        .init("product_ingredient", "product_ingredient_append_only", "meso_refuse_change"),
        .init("lot", "lot_guard", "lot_guard"),
        .init("lot", "lot_no_delete", "meso_refuse_change"),
        .init("lot", "lot_has_receipt", "lot_has_receipt"),
        .init("lot_status_change", "lot_status_change_apply", "lot_status_change_apply"),
        .init("lot_status_change", "lot_status_change_append_only", "meso_refuse_change"),
        .init("lot_status_change", "lot_status_change_no_truncate", "meso_refuse_change"),
        .init("stock_movement", "stock_movement_apply", "stock_movement_apply"),
        .init("stock_movement", "stock_movement_append_only", "meso_refuse_change"),
        .init("stock_movement", "stock_movement_no_truncate", "meso_refuse_change"),
        .init("formula_version", "formula_version_immutable", "meso_refuse_change"),
        .init("formula_version", "formula_version_has_components", "formula_version_has_components"),
        .init("formula_component", "formula_component_immutable", "meso_refuse_change"),
        .init("patient_allergy", "patient_allergy_marks_listed", "patient_allergy_marks_listed"),
        .init("patient_allergy", "patient_allergy_append_only", "meso_refuse_change"),
        .init("patient_condition", "patient_condition_append_only", "meso_refuse_change"),
        .init("patient_medication", "patient_medication_append_only", "meso_refuse_change"),
        .init("session", "session_guard", "session_guard"),
        .init("session_finding", "session_finding_append_only", "meso_refuse_change"),
        .init("session_usage", "session_usage_append_only", "meso_refuse_change"),
        .init("session_usage", "session_usage_no_truncate", "meso_refuse_change"),
        .init("adverse_event", "adverse_event_append_only", "meso_refuse_change"),
        .init("course", "course_append_only", "meso_refuse_change"),
        .init("course_session", "course_session_append_only", "meso_refuse_change"),
        .init("session_usage", "lot_trace_follows_usage", "lot_trace_add_usage"),
        .init("session", "lot_trace_follows_session", "lot_trace_follow_session"),
        .init("adverse_event", "lot_trace_follows_adverse_event", "lot_trace_count_adverse_event"),
        .init("patient", "lot_trace_follows_patient", "lot_trace_follow_patient"),
        .init("lot_trace", "lot_trace_no_delete", "meso_refuse_change"),
        .init("lot_trace", "lot_trace_no_truncate", "meso_refuse_change"),
        .init("clinic", "clinic_stamp", "clinic_stamp"),
        .init("clinic", "clinic_keep_history", "clinic_keep_history"),
        .init("clinic", "clinic_no_delete", "meso_refuse_change"),
        .init("clinic", "clinic_no_truncate", "meso_refuse_change"),
        .init("clinic_change", "clinic_change_append_only", "meso_refuse_change"),
        .init("clinic_change", "clinic_change_no_truncate", "meso_refuse_change"),
        // Schema/0012: the server's time and login on every row a person writes...
        .init("compound", "meso_stamp", "meso_stamp"),
        .init("allergen_group", "meso_stamp", "meso_stamp"),
        .init("allergen_group_member", "meso_stamp", "meso_stamp"),
        .init("product", "meso_stamp", "meso_stamp"),
        .init("lot", "meso_stamp", "meso_stamp"),
        .init("lot_status_change", "meso_stamp", "meso_stamp"),
        .init("stock_movement", "meso_stamp", "meso_stamp"),
        .init("formula", "meso_stamp", "meso_stamp"),
        .init("formula_version", "meso_stamp", "meso_stamp"),
        .init("patient", "meso_stamp", "meso_stamp"),
        .init("patient_allergy", "meso_stamp", "meso_stamp"),
        .init("patient_condition", "meso_stamp", "meso_stamp"),
        .init("patient_medication", "meso_stamp", "meso_stamp"),
        .init("session", "meso_stamp", "meso_stamp"),
        .init("adverse_event", "meso_stamp", "meso_stamp"),
        .init("course", "meso_stamp", "meso_stamp"),
        // ...and the rules the CLI keeps, kept by the database for every writer.
        .init("stock_movement", "stock_movement_rules", "stock_movement_rules"),
        .init("formula_component", "formula_component_written_with_version", "meso_written_with_parent"),
        .init("product_ingredient", "product_ingredient_written_with_product", "meso_written_with_parent"),
        .init("session_usage", "session_usage_matches_session", "session_usage_matches_session"),
        .init("session", "session_ledger_agrees", "session_ledger_agrees"),
        .init("session_usage", "session_usage_ledger_agrees", "session_ledger_agrees"),
        .init("stock_movement", "stock_movement_session_agrees", "session_ledger_agrees"),
        // Schema/0016: compounds' public codes and names, kept with their history.
        .init("compound_coding_change", "compound_coding_change_apply", "compound_coding_change_apply"),
        .init("compound_coding_change", "compound_coding_change_append_only", "meso_refuse_change"),
        .init("compound_coding_change", "compound_coding_change_no_truncate", "meso_refuse_change"),
        .init("compound_name_change", "compound_name_change_apply", "compound_name_change_apply"),
        .init("compound_name_change", "compound_name_change_append_only", "meso_refuse_change"),
        .init("compound_name_change", "compound_name_change_no_truncate", "meso_refuse_change"),
        .init("compound_coding_change", "meso_stamp", "meso_stamp"),
        .init("compound_name_change", "meso_stamp", "meso_stamp"),
    ]

    /// The row-level policies of Schema/0005 on the ledger, which decide who writes which kind of row.
    public static let ledgerPolicies = [
        "stock_movement_readable", "stock_movement_pharmacist_writes", "stock_movement_practitioner_writes",
    ]

    init(_ table: String, _ trigger: String, _ function: String) {
        self.table = table
        self.trigger = trigger
        self.function = function
    }
}
