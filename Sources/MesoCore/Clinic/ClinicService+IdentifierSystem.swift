extension ClinicService {
    /// Sets the URI under which meso's identifiers and codes are exported (FHIR `Identifier.system`)
    /// and says whether it changed. An export's resources take their UUIDs from it, so after a change
    /// the same facts export under new fullUrls. Only the schema's owner may change it; the change is
    /// kept in clinic_change with the value before.
    public func setIdentifierSystem(_ system: IdentifierSystem) throws -> (clinic: Clinic, changed: Bool) {
        let changed = try MesoError.translating {
            try connection.query(
                """
                UPDATE clinic SET identifier_system = \(system), changed_by = \(actor.name)
                 WHERE identifier_system IS DISTINCT FROM \(system)
                """
            ).affectedRows > 0
        }
        return (try clinic(), changed)
    }
}
