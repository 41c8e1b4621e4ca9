import PostgresClient

/// `meso export fhir`: a patient's record, or a lot's recall, as an HL7 FHIR R4 (4.0.1) Bundle of
/// type `collection` in JSON. Read-only: each export reads one snapshot in one round trip, then
/// writes the Bundle to `sink` chunk by chunk as it makes the resources. Who may export what is the
/// database's decision (Schema/0016): a patient's record for practitioners, a recall for
/// practitioners and auditors; every table is then read with the caller's own privileges.
public struct FHIRExportService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// What was written: the number of entries, and of each resource type.
    public struct Summary: Sendable, Hashable {
        public let entries: Int
        public let countsByType: [String: Int]
    }

    /// The patient's Bundle. An unknown MRN is invalid input, and nothing is written to `sink`.
    public func patient(mrn: MRN, field: Message = "\(.patient)", sink: @escaping FHIRJSONWriter.Sink) throws -> Summary {
        let mrn = mrn.text
        return try MesoError.translating {
            guard let export = try connection.fetch(PatientExport.fetch(mrn: mrn)) else { throw PatientService.unknown(mrn, field: field) }
            var bundle = try FHIRBundleWriter(identity: export.identity, key: "patient/\(export.record.patient.id)", sink: sink)
            try export.write(to: &bundle)
            try bundle.finish()
            return Summary(entries: bundle.entries, countsByType: bundle.countsByType)
        }
    }

    /// The lot's recall Bundle. An unknown product or lot is invalid input, and nothing is written.
    public func recall(_ reference: LotRef, field: Message = "\(.lot)", sink: @escaping FHIRJSONWriter.Sink) throws -> Summary {
        try MesoError.translating {
            guard let export = try connection.fetch(RecallExport.fetch(reference), prepared: true) else {
                if try connection.query("SELECT 1 FROM product WHERE code = \(reference.productCode)").rows.isEmpty {
                    throw MesoError.invalid(field, "\(field) names the product \(reference.productCode), but no product has that code.")
                }
                throw MesoError.invalid(field, "\(field) names a lot \(reference.lotNumber) of \(reference.productCode), but no such lot is recorded.")
            }
            var bundle = try FHIRBundleWriter(identity: export.identity, key: "lot/\(export.trace.lot.id)", sink: sink)
            try export.write(to: &bundle)
            try bundle.finish()
            return Summary(entries: bundle.entries, countsByType: bundle.countsByType)
        }
    }
}
