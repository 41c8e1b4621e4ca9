#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Everything a lot's recall Bundle holds, read in one snapshot and one round trip: the export's
/// privilege (with the clinic's identifier system); the lot trace `audit lot` reads (every use of
/// the lot from one index, and the cancellation and adverse events of the few sessions it marks);
/// what the sessions with adverse events drew from other lots, since an AdverseEvent names all of
/// its session's administrations; those lots and this one as Medications; and the names of the
/// formula versions that hold the lot's product.
///
/// Cancelled sessions are left out: their patients did not receive the lot (the stock was put back),
/// as `audit lot` leaves them out of the patients to contact.
struct RecallExport {
    let identity: FHIRIdentity
    let trace: LotTrace
    /// Per session with adverse events, what it drew from each of its lots, by lot id.
    let eventSessionUsage: [Int64: [(lotID: Int64, volumeML: Decimal, wasteML: Decimal)]]
    let lots: [Int64: ExportedLot]
    let formulaNames: [String: String]

    /// Reads the export of the lot; nil when no lot is so named.
    static func fetch(_ reference: LotRef) -> Fetch<RecallExport?> {
        let lotID: PostgresQuery =
            "(SELECT l.id FROM lot l WHERE l.product_code = \(reference.productCode) AND l.lot_number = \(reference.lotNumber))"
        // The predicate holds lot_trace_lot_exceptions' own, so that index answers it.
        let eventSessions: PostgresQuery = """
            SELECT t.session_id FROM lot_trace t
             WHERE t.lot_id = \(lotID) AND (t.cancelled OR t.adverse_events > 0) AND t.adverse_events > 0 AND NOT t.cancelled
            """
        return Fetch.all(
            Fetch("SELECT public.meso_fhir_recall_export() AS identifier_system") {
                try $0.first?.decode("identifier_system", as: String.self)
            },
            AuditService.fetchLotTrace(reference),
            Fetch(
                """
                SELECT u.session_id, u.lot_id, u.volume_ml, u.waste_ml FROM session_usage u
                 WHERE u.session_id IN (\(eventSessions)) ORDER BY u.session_id, u.lot_id
                """
            ) { result in
                var usage: [Int64: [(lotID: Int64, volumeML: Decimal, wasteML: Decimal)]] = [:]
                for row in result.rows {
                    usage[try row.decode("session_id"), default: []].append(
                        (try row.decode("lot_id"), try row.decode("volume_ml"), try row.decode("waste_ml")))
                }
                return usage
            },
            ExportedLot.fetch(
                lotIDs: "SELECT \(lotID) UNION SELECT u.lot_id FROM session_usage u WHERE u.session_id IN (\(eventSessions))"),
            Fetch(
                """
                SELECT v.formula_code, v.version, v.name FROM formula_version v
                 WHERE (v.formula_code, v.version) IN (
                       SELECT c.formula_code, c.version FROM formula_component c WHERE c.product_code = \(reference.productCode))
                """
            ) { result in
                var names: [String: String] = [:]
                for row in result.rows {
                    let code: String = try row.decode("formula_code")
                    let version: Int = try row.decode("version")
                    names["\(code):\(version)"] = try row.decode("name")
                }
                return names
            }
        ).map { system, trace, usage, lots, names in
            guard let system, let trace else { return nil }
            return RecallExport(
                identity: FHIRIdentity(system: system), trace: trace, eventSessionUsage: usage, lots: lots, formulaNames: names)
        }
    }

    /// Writes the Bundle: the lot's Medication and its recall Flag; the people named; every patient
    /// who received the lot, in the order of their first session; then session by session (in the
    /// order performed) its Procedure, the administration from this lot and, for a session with
    /// adverse events, its other administrations (with their lots' Medications) and the events.
    func write(to bundle: inout FHIRBundleWriter) throws {
        let maker = FHIRResourceMaker(identity: identity)
        let lotID = trace.lot.id
        let performed = trace.performedUses
        if let lot = lots[lotID] {
            try bundle.add(maker.medication(lot))
            if let flag = maker.recallFlag(lot) { try bundle.add(flag) }
        }
        var names = Set(performed.map(\.practitioner))
        for use in performed { names.formUnion(use.adverseEvents.map(\.recordedBy)) }
        names.formUnion(lots.values.compactMap(\.lot.recall?.by))
        try bundle.add(names.sorted().map(maker.practitioner))
        for use in performed where !bundle.contains("Patient", String(use.patientID)) {
            try bundle.add(maker.patient(use.exportedPatient))
        }
        for use in performed {
            let formulaName = formulaNames["\(use.formulaCode):\(use.formulaVersion)"] ?? use.formulaCode
            try bundle.add(maker.procedure(use.exportedProcedure(formulaName: formulaName)))
            try bundle.add(maker.administration(use.exportedAdministration(lot: lotID, volumeML: use.volumeML, wasteML: use.wasteML)))
            guard !use.adverseEvents.isEmpty else { continue }
            let drawn = eventSessionUsage[use.sessionID] ?? []
            for other in drawn where other.lotID != lotID {
                if let lot = lots[other.lotID] {
                    try bundle.add(maker.medication(lot))
                    if let flag = maker.recallFlag(lot) { try bundle.add(flag) }
                }
                try bundle.add(
                    maker.administration(use.exportedAdministration(lot: other.lotID, volumeML: other.volumeML, wasteML: other.wasteML)))
            }
            for event in use.adverseEvents {
                try bundle.add(maker.adverseEvent(event, patientID: use.patientID, administeredLots: drawn.map(\.lotID)))
            }
        }
    }
}
