import PostgresClient

/// The clinic's settings: anyone reads them; the schema's owner changes them (the meso roles have
/// no privilege to), as with `meso db migrate`, and every change is kept (Schema/0011).
public struct ClinicService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// The settings, the clinic's today and the history of changes, from one snapshot.
    public func clinic() throws -> Clinic {
        try MesoError.translating {
            try connection.fetch(
                Fetch.all(
                    Fetch(
                        """
                        SELECT time_zone, identifier_system, changed_at, changed_by, changed_login,
                               public.meso_clinic_day(now()) AS today
                          FROM clinic
                        """
                    ) { result in
                        guard let row = result.first else {
                            throw MesoError(.internal, "The clinic's settings row is missing: run meso db migrate.")
                        }
                        return row
                    },
                    Fetch(
                        """
                        SELECT setting, value_before, value_after, changed_at, changed_by, changed_login
                          FROM clinic_change ORDER BY id
                        """
                    ) { try $0.rows.map(ClinicChange.init(row:)) }
                ).map { row, history in
                    Clinic(
                        timeZone: ClinicTimeZone(checked: try row.decode("time_zone")),
                        identifierSystem: try row.decode("identifier_system"), changedAt: try row.decode("changed_at"),
                        changedBy: try row.decode("changed_by"), changedLogin: try row.decode("changed_login"),
                        today: try row.decode("today"), history: history)
                })
        }
    }

    /// Sets the clinic's time zone and says whether it changed. A zone PostgreSQL does not know is
    /// invalid input; setting the zone already set changes nothing and records nothing.
    public func setTimeZone(_ zone: ClinicTimeZone) throws -> (clinic: Clinic, changed: Bool) {
        let changed = try MesoError.translating {
            try connection.transaction { connection in
                let known = try connection.query(
                    "SELECT EXISTS (SELECT FROM pg_catalog.pg_timezone_names WHERE name = \(zone.name)) AS known"
                ).rows[0].decode("known", as: Bool.self)
                guard known || zone == .utc else {
                    throw MesoError.invalid(
                        "\(.timeZone)", "\(.timeZone) \(zone.name) is not a time zone the database knows; names are such as Europe/Paris or Asia/Dubai.")
                }
                return try connection.query(
                    """
                    UPDATE clinic SET time_zone = \(zone.name), changed_by = \(actor.name)
                     WHERE time_zone IS DISTINCT FROM \(zone.name)
                    """
                ).affectedRows > 0
            }
        }
        return (try clinic(), changed)
    }
}
