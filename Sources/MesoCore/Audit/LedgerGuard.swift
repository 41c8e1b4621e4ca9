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
        // Schema/0013: the corrections, limits, class links, assessments and overrides, and the
        // session verdict kept at commit.
        .init("patient_update", "meso_stamp", "meso_stamp"),
        .init("patient_condition_end", "meso_stamp", "meso_stamp"),
        .init("patient_allergy_amendment", "meso_stamp", "meso_stamp"),
        .init("allergen_group_member_change", "meso_stamp", "meso_stamp"),
        .init("dose_limit_change", "meso_stamp", "meso_stamp"),
        .init("adverse_event_assessment", "meso_stamp", "meso_stamp"),
        .init("session_override", "meso_stamp", "meso_stamp"),
        .init("patient_update", "patient_update_apply", "patient_update_apply"),
        .init("patient_update", "patient_update_append_only", "meso_refuse_change"),
        .init("patient_update", "patient_update_no_truncate", "meso_refuse_change"),
        .init("patient_condition_end", "patient_condition_end_check", "patient_condition_end_check"),
        .init("patient_condition_end", "patient_condition_end_append_only", "meso_refuse_change"),
        .init("patient_condition_end", "patient_condition_end_no_truncate", "meso_refuse_change"),
        .init("patient_allergy_amendment", "patient_allergy_amendment_fill", "patient_allergy_amendment_fill"),
        .init("patient_allergy_amendment", "patient_allergy_amendment_append_only", "meso_refuse_change"),
        .init("patient_allergy_amendment", "patient_allergy_amendment_no_truncate", "meso_refuse_change"),
        .init("allergen_group_member_change", "allergen_group_member_change_apply", "allergen_group_member_change_apply"),
        .init("allergen_group_member_change", "allergen_group_member_change_append_only", "meso_refuse_change"),
        .init("allergen_group_member_change", "allergen_group_member_change_no_truncate", "meso_refuse_change"),
        .init("dose_limit_change", "dose_limit_change_apply", "dose_limit_change_apply"),
        .init("dose_limit_change", "dose_limit_change_append_only", "meso_refuse_change"),
        .init("dose_limit_change", "dose_limit_change_no_truncate", "meso_refuse_change"),
        .init("adverse_event_assessment", "adverse_event_assessment_check", "adverse_event_assessment_check"),
        .init("adverse_event_assessment", "adverse_event_assessment_append_only", "meso_refuse_change"),
        .init("adverse_event_assessment", "adverse_event_assessment_no_truncate", "meso_refuse_change"),
        .init("session_override", "session_override_check", "session_override_check"),
        .init("session_override", "session_override_append_only", "meso_refuse_change"),
        .init("session_override", "session_override_no_truncate", "meso_refuse_change"),
        .init("session", "session_verdict_holds", "session_verdict_holds"),
        .init("session_finding", "session_finding_verdict_holds", "session_verdict_holds"),
        .init("session_override", "session_override_verdict_holds", "session_verdict_holds"),
        // Schema/0014: the medication vocabulary and medication stops.
        .init("medication_substance", "meso_stamp", "meso_stamp"),
        .init("medication_term", "meso_stamp", "meso_stamp"),
        .init("patient_medication_stop", "meso_stamp", "meso_stamp"),
        .init("patient_medication_stop", "patient_medication_stop_check", "patient_medication_stop_check"),
        .init("medication_class", "medication_class_append_only", "meso_refuse_change"),
        .init("medication_class", "medication_class_no_truncate", "meso_refuse_change"),
        .init("medication_substance", "medication_substance_append_only", "meso_refuse_change"),
        .init("medication_substance", "medication_substance_no_truncate", "meso_refuse_change"),
        .init("medication_term", "medication_term_append_only", "meso_refuse_change"),
        .init("medication_term", "medication_term_no_truncate", "meso_refuse_change"),
        .init("patient_medication_stop", "patient_medication_stop_append_only", "meso_refuse_change"),
        .init("patient_medication_stop", "patient_medication_stop_no_truncate", "meso_refuse_change"),
        // Schema/0015: receipts, the packs scanned with them, and open vials.
        .init("lot_receipt", "meso_stamp", "meso_stamp"),
        .init("lot_receipt", "lot_receipt_apply", "lot_receipt_apply"),
        .init("lot_receipt", "lot_receipt_first_arrival", "lot_receipt_first_arrival"),
        .init("lot_receipt", "lot_receipt_append_only", "meso_refuse_change"),
        .init("lot_receipt", "lot_receipt_no_truncate", "meso_refuse_change"),
        .init("lot_receipt_pack", "meso_stamp", "meso_stamp"),
        .init("lot_receipt_pack", "lot_receipt_pack_apply", "lot_receipt_pack_apply"),
        .init("lot_receipt_pack", "lot_receipt_pack_append_only", "meso_refuse_change"),
        .init("lot_receipt_pack", "lot_receipt_pack_no_truncate", "meso_refuse_change"),
        .init("stock_movement", "stock_movement_receipt_recorded", "stock_movement_receipt_recorded"),
        .init("vial", "meso_stamp", "meso_stamp"),
        .init("vial", "vial_guard", "vial_guard"),
        .init("vial", "vial_no_truncate", "meso_refuse_change"),
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
