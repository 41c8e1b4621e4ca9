#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The two places sessions are read from: a patient's own sessions (`Session`, `SessionUsage`) and a
/// lot's trace (`LotUse`). Both become the same exported facts.
extension Session {
    func exported(formulaName: String) -> ExportedProcedure {
        ExportedProcedure(
            sessionID: id, patientID: patientID, performedAt: performedAt, practitioner: practitioner,
            formulaCode: formulaCode, formulaVersion: formulaVersion, formulaName: formulaName, area: area,
            cancellation: cancellation)
    }

    func exported(_ use: SessionUsage) -> ExportedAdministration {
        ExportedAdministration(
            sessionID: id, lotID: use.lotID, patientID: patientID, performedAt: performedAt, practitioner: practitioner,
            volumeML: use.volumeML, wasteML: use.wasteML, cancelled: status == .cancelled)
    }
}

extension LotUse {
    var exportedPatient: ExportedPatient {
        ExportedPatient(id: patientID, mrn: patientMRN, name: patientName, birthDate: patientBirthDate)
    }

    func exportedProcedure(formulaName: String) -> ExportedProcedure {
        ExportedProcedure(
            sessionID: sessionID, patientID: patientID, performedAt: performedAt, practitioner: practitioner,
            formulaCode: formulaCode, formulaVersion: formulaVersion, formulaName: formulaName, area: area,
            cancellation: cancellation)
    }

    /// What the session drew from `lotID` (this use's lot, or another lot of the same session).
    func exportedAdministration(lot lotID: Int64, volumeML: Decimal, wasteML: Decimal) -> ExportedAdministration {
        ExportedAdministration(
            sessionID: sessionID, lotID: lotID, patientID: patientID, performedAt: performedAt, practitioner: practitioner,
            volumeML: volumeML, wasteML: wasteML, cancelled: !isPerformed)
    }
}
