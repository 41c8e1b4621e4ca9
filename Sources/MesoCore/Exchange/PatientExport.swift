import PostgresClient

/// Everything the patient's Bundle holds, read in one snapshot and one round trip: the export's
/// privilege (with the clinic's identifier system), the patient's record as `patient show` reads it,
/// the public codes of the compounds they are allergic to, their sessions, the blocks those went
/// ahead over, what each drew from which lot, the adverse events, and those lots as Medications.
struct PatientExport {
    let identity: FHIRIdentity
    let record: PatientRecord
    let allergyCodings: [String: [CompoundCoding]]
    let sessions: [Session]
    let liftedBlocks: [LiftedBlock]
    /// Per session, what it drew from each lot, by lot id.
    let usage: [Int64: [SessionUsage]]
    let adverseEvents: [AdverseEvent]
    let lots: [Int64: ExportedLot]

    /// Reads the export of the patient; nil when no patient has the MRN.
    static func fetch(mrn: String) -> Fetch<PatientExport?> {
        let patientID: PostgresQuery = "(SELECT p.id FROM patient p WHERE p.mrn = \(mrn))"
        return Fetch.all(
            Fetch("SELECT public.meso_fhir_patient_export() AS identifier_system") {
                try $0.first?.decode("identifier_system", as: String.self)
            },
            PatientService.fetchRecord(mrn: mrn),
            Fetch(
                """
                SELECT DISTINCT a.compound_code, cc.system || '|' || cc.code AS coding, cc.system, cc.code
                  FROM patient_allergy a JOIN compound_coding cc ON cc.compound_code = a.compound_code
                 WHERE a.patient_id = \(patientID)
                 ORDER BY a.compound_code, cc.system, cc.code
                """, decode: ExportedLot.compoundCodings),
            Fetch(
                """
                SELECT \(unsafeRaw: Session.columns) FROM \(unsafeRaw: Session.source)
                 WHERE s.patient_id = \(patientID) ORDER BY s.performed_at, s.id
                """
            ) { try $0.rows.map(Session.init(row:)) },
            Fetch(
                """
                SELECT f.session_id, \(unsafeRaw: SessionFinding.columns)
                  FROM session_finding f
                 WHERE f.session_id IN (SELECT s.id FROM session s WHERE s.patient_id = \(patientID)) AND f.overridden
                 ORDER BY f.session_id, f.position
                """
            ) { $0 },
            Fetch(
                """
                SELECT u.session_id, u.lot_id, l.product_code, pr.name AS product_name, l.lot_number, l.expiry,
                       u.volume_ml, u.waste_ml
                  FROM session_usage u JOIN lot l ON l.id = u.lot_id JOIN product pr ON pr.code = l.product_code
                 WHERE u.patient_id = \(patientID)
                 ORDER BY u.session_id, u.lot_id
                """
            ) { result in
                var usage: [Int64: [SessionUsage]] = [:]
                for row in result.rows {
                    usage[try row.decode("session_id"), default: []].append(try SessionUsage(row: row))
                }
                return usage
            },
            Fetch(
                """
                SELECT \(unsafeRaw: AdverseEvent.columns) FROM adverse_event
                 WHERE session_id IN (SELECT s.id FROM session s WHERE s.patient_id = \(patientID)) ORDER BY id
                """
            ) { try $0.rows.map(AdverseEvent.init(row:)) },
            ExportedLot.fetch(lotIDs: "SELECT u.lot_id FROM session_usage u WHERE u.patient_id = \(patientID)")
        ).map { system, record, codings, sessions, findings, usage, events, lots in
            guard let system, let record else { return nil }
            return PatientExport(
                identity: FHIRIdentity(system: system), record: record, allergyCodings: codings, sessions: sessions,
                liftedBlocks: try liftedBlocks(findings, sessions: sessions), usage: usage, adverseEvents: events, lots: lots)
        }
    }

    /// Each overridden finding with the override that lifted it: the one of the session whose lifted
    /// positions name the finding (Schema/0013: one override per rule), with its author, time and reason.
    private static func liftedBlocks(_ findings: PostgresResult, sessions: [Session]) throws(PostgresError) -> [LiftedBlock] {
        let byID = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, $0) })
        var blocks: [LiftedBlock] = []
        for row in findings.rows {
            let sessionID: Int64 = try row.decode("session_id")
            let finding = try SessionFinding(row: row)
            guard let session = byID[sessionID],
                let override = session.overrides.first(where: { $0.liftedPositions.contains(finding.position) })
            else { continue }
            blocks.append(
                LiftedBlock(
                    sessionID: sessionID, sessionRecordedAt: session.recordedAt, sessionCancelled: session.status == .cancelled,
                    finding: finding, override: LiftedBlock.Override(reason: override.reason, by: override.actor, at: override.at)))
        }
        return blocks
    }

    /// Writes the Bundle: the patient; the people named; allergies (and the "no known allergies"
    /// assessment), conditions, medications; the lots as Medications with their recall Flags; then
    /// session by session its Procedure, administrations, lifted blocks and adverse events.
    func write(to bundle: inout FHIRBundleWriter) throws {
        let maker = FHIRResourceMaker(identity: identity)
        let patient = record.patient
        try bundle.add(
            maker.patient(ExportedPatient(id: patient.id, mrn: patient.mrn, name: patient.name, birthDate: patient.birthDate)))
        try bundle.add(practitioners().sorted().map(maker.practitioner))
        for allergy in record.allergies {
            let codings = if case .compound(let code) = allergy.substance { allergyCodings[code] ?? [] } else { [CompoundCoding]() }
            try bundle.add(maker.allergy(allergy, codings: codings, patientID: patient.id))
        }
        if patient.allergyAssessment == .noneKnown { try bundle.add(maker.noKnownAllergies(patientID: patient.id)) }
        try bundle.add(record.conditions.map { maker.condition($0, patientID: patient.id) })
        try bundle.add(record.medications.map { maker.medicationStatement($0, patientID: patient.id) })
        for lot in lots.keys.sorted().compactMap({ lots[$0] }) {
            try bundle.add(maker.medication(lot))
            if let flag = maker.recallFlag(lot) { try bundle.add(flag) }
        }
        for session in sessions {
            try bundle.add(maker.procedure(session.exported(formulaName: session.formulaName)))
            let drawn = usage[session.id] ?? []
            for use in drawn {
                try bundle.add(maker.administration(session.exported(use)))
            }
            for block in liftedBlocks where block.sessionID == session.id {
                let lots = drawn.filter { $0.productCode == block.finding.productCode }.map(\.lotID)
                try bundle.add(maker.detectedIssue(block, patientID: patient.id, administeredLots: lots))
            }
            for event in adverseEvents where event.sessionID == session.id {
                try bundle.add(maker.adverseEvent(event, patientID: patient.id, administeredLots: drawn.map(\.lotID)))
            }
        }
    }

    /// Everyone the Bundle names: performers, recorders, the authors of overrides, cancellations
    /// and recalls.
    private func practitioners() -> Set<String> {
        var names = Set(record.allergies.map(\.recordedBy) + record.conditions.map(\.recordedBy))
        for session in sessions {
            names.insert(session.practitioner)
            if let cancellation = session.cancellation { names.insert(cancellation.by) }
        }
        names.formUnion(liftedBlocks.map(\.override.by))
        names.formUnion(adverseEvents.map(\.recordedBy))
        names.formUnion(lots.values.compactMap(\.lot.recall?.by))
        return names
    }
}
