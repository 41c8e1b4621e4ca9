import MesoCore

/// `audit lot` and `audit patient`: lots traced to patients and back. A trace is a document whose
/// first table is what a spreadsheet wants: the recall contact list, or the lots a patient received.
extension Presentation {
    /// `audit lot`: the lot, the patients to contact (the CSV), then every session that drew from it.
    static func lotTrace(_ trace: LotTrace) -> Presentation {
        let lot = trace.lot
        let contacts = trace.contacts
        let performed = trace.performedUses.count
        let cancelled = trace.cancelledUses.count
        var fields = tracedLot(lot)
        fields.append("sessions_performed", .integer(performed))
        fields.append("sessions_cancelled", .integer(cancelled))
        fields.append("patients", .integer(contacts.count))
        fields.append("volume_ml", .quantity(trace.volumeML))
        fields.append("waste_ml", .quantity(trace.wasteML))

        let contactRows = contacts.map { contact in
            [
                "product": .text(lot.productCode), "lot_number": .text(lot.lotNumber), "mrn": .text(contact.mrn),
                "name": .text(contact.name), "birth_date": .optional(contact.birthDate, OutputValue.date),
                "sessions": .integer(contact.sessions), "first_session": .date(contact.firstSessionAt.utcDate),
                "last_session": .date(contact.lastSessionAt.utcDate), "volume_ml": .quantity(contact.volumeML),
                "waste_ml": .quantity(contact.wasteML), "adverse_event": .boolean(contact.hadAdverseEvent),
            ] as OutputRecord
        }
        var notes: [String] = []
        if trace.uses.isEmpty {
            notes.append("No session drew from \(lot.label).")
        } else {
            let patients = Set(trace.performedUses.map(\.patientID)).count
            var summary =
                "\(lot.label.capitalizedFirst): \(count(performed, "performed session")) for \(count(patients, "patient")), \(trace.volumeML.fixed(scale: 3)) mL injected"
            if trace.wasteML > 0 { summary += ", \(trace.wasteML.fixed(scale: 3)) mL of opened single-use vials wasted" }
            if cancelled > 0 { summary += "; \(count(cancelled, "cancelled session")) listed but not counted" }
            notes.append(summary + ".")
        }
        if let recall = lot.recall {
            notes.append(
                "RECALLED on \(recall.at.utcDate) by \(recall.by) (\(recall.reason)): contact the \(count(contacts.count, "patient")) listed.")
        } else if lot.isRecalled {
            notes.append("RECALLED: contact the \(count(contacts.count, "patient")) listed.")
        } else if !contacts.isEmpty {
            notes.append("\(count(contacts.count, "patient")) to contact should this lot be recalled.")
        }
        return .document(
            fields,
            tables: [
                OutputTable(
                    key: "patients_to_contact", title: "Patients to contact (performed sessions)",
                    columns: [
                        "product", "lot_number", "mrn", "name", "birth_date", "sessions", "first_session", "last_session",
                        "volume_ml", "adverse_event",
                    ],
                    rows: contactRows),
                OutputTable(
                    key: "sessions", title: "Sessions",
                    columns: [
                        "performed_at", "session_id", "status", "patient_mrn", "patient_name", "volume_ml", "waste_ml",
                        "practitioner", "adverse_events",
                    ],
                    rows: trace.uses.map(useRecord)),
            ],
            notes: notes)
    }

    /// `audit patient`: every lot the patient received per session (the CSV), then the recalled ones.
    static func patientLotHistory(_ history: PatientLotHistory) -> Presentation {
        let received = history.lotsReceived
        let recalled = history.recalledLots
        let fields: OutputRecord = [
            "mrn": .text(history.mrn), "name": .text(history.name),
            "birth_date": .optional(history.birthDate, OutputValue.date),
            "sessions_performed": .integer(Set(history.uses.filter(\.isPerformed).map(\.sessionID)).count),
            "lots_received": .integer(received.count), "lots_recalled": .integer(recalled.count),
        ]
        let rows = history.uses.map { use in
            useRecord(use)
                + [
                    "product": .text(use.lot.productCode), "product_name": .text(use.lot.productName),
                    "lot_number": .text(use.lot.lotNumber), "expiry": .date(use.lot.expiry),
                    "lot_status": .text(use.lot.status.rawValue),
                    "recorded_login": .optional(history.recordedLogins[use.sessionID], OutputValue.text),
                ] + recallFields(use.lot)
        }
        var notes: [String] = []
        if history.uses.isEmpty {
            notes.append("\(history.mrn) has received no lot.")
        } else {
            let verb = recalled.count == 1 ? "is" : "are"
            var line = "\(count(recalled.count, "lot")) received \(verb) now recalled"
            if !recalled.isEmpty { line += ": " + recalled.map(\.label).joined(separator: ", ") }
            notes.append(line + ".")
        }
        return .document(
            fields,
            tables: [
                OutputTable(
                    key: "lots", title: "Lots received, by session",
                    columns: [
                        "performed_at", "session_id", "status", "product", "lot_number", "expiry", "volume_ml", "waste_ml",
                        "lot_status", "recalled", "practitioner", "recorded_login", "adverse_events",
                    ],
                    rows: rows),
                OutputTable(
                    key: "recalled_lots", title: "Recalled lots",
                    columns: ["product", "lot_number", "expiry", "lot_status", "recalled_at", "recall_reason"],
                    rows: recalled.map { lot in
                        [
                            "product": .text(lot.productCode), "product_name": .text(lot.productName),
                            "lot_number": .text(lot.lotNumber), "expiry": .date(lot.expiry),
                            "lot_status": .text(lot.status.rawValue),
                        ] + recallFields(lot)
                    }),
            ],
            notes: notes)
    }

    private static func tracedLot(_ lot: TracedLot) -> OutputRecord {
        ["product": .text(lot.productCode), "product_name": .text(lot.productName), "lot_number": .text(lot.lotNumber),
         "expiry": .date(lot.expiry), "status": .text(lot.status.rawValue)] + recallFields(lot)
    }

    private static func recallFields(_ lot: TracedLot) -> OutputRecord {
        [
            "recalled": .boolean(lot.isRecalled), "recalled_at": .optional(lot.recall?.at, OutputValue.time),
            "recall_reason": .optional(lot.recall?.reason, OutputValue.text),
        ]
    }

    /// One session's use of a lot: the session, the patient, the volumes and the adverse events
    /// (a short text for a table, the events themselves in `adverse_event_details`).
    private static func useRecord(_ use: LotUse) -> OutputRecord {
        [
            "performed_at": .time(use.performedAt), "session_id": .integer(Int(use.sessionID)),
            "status": .text(use.sessionStatus.rawValue), "patient_mrn": .text(use.patientMRN),
            "patient_name": .text(use.patientName), "birth_date": .optional(use.patientBirthDate, OutputValue.date),
            "volume_ml": .quantity(use.volumeML), "waste_ml": .quantity(use.wasteML),
            "practitioner": .text(use.practitioner), "formula_code": .text(use.formulaCode),
            "formula_version": .integer(use.formulaVersion), "area": .optional(use.area, OutputValue.text),
            "cancelled_at": .optional(use.cancellation?.at, OutputValue.time),
            "cancel_reason": .optional(use.cancellation?.reason, OutputValue.text),
            "adverse_events": .text(
                use.adverseEvents.map { "\($0.kind.rawValue) (\($0.severity.rawValue))" }.joined(separator: "; ")),
            "adverse_event_details": .list(
                use.adverseEvents.map { event in
                    .record([
                        "kind": .text(event.kind.rawValue), "severity": .text(event.severity.rawValue),
                        "note": .optional(event.note, OutputValue.text), "recorded_at": .time(event.recordedAt),
                        "recorded_by": .text(event.recordedBy),
                    ])
                }),
        ]
    }

    /// "1 patient", "3 patients".
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

extension String {
    /// "lot X of P" at the start of a sentence.
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
