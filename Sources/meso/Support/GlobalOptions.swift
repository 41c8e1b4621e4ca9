import ArgumentParser
import MesoCore
import PostgresClient

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL or key=value string (else MESO_DATABASE_URL, else libpq's PG* environment).")
    var databaseURL: String?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Who is doing this, recorded with every write (else MESO_ACTOR, else the database login).")
    var actor: String?

    /// The connection string: the option, else `MESO_DATABASE_URL`, else empty (libpq's environment).
    var resolvedDatabaseURL: String {
        databaseURL ?? Environment.value("MESO_DATABASE_URL") ?? ""
    }

    /// The actor named with `--actor` or `MESO_ACTOR`, if any; else the login is (`actor(on:)`).
    var namedActor: String? {
        if let actor, !actor.isEmpty { return actor }
        if let actor = Environment.value("MESO_ACTOR"), !actor.isEmpty { return actor }
        return nil
    }

    /// The person recorded with each write: the named actor, else the connection's database login
    /// (libpq knows it without asking the server), never the operating-system account.
    func actor(on connection: PostgresConnection) throws -> Actor {
        try Actor(namedActor ?? connection.user)
    }

    func validate() throws {
        // Through checkingInput: ArgumentParser would report an error thrown here as its own, exit 1.
        let naming = actor?.isEmpty == false ? FieldNames.naming : FieldNames.actorFromEnvironment
        try checkingInput(naming: naming) { if let namedActor { _ = try Actor(namedActor) } }
    }

    /// What meso waits for at most: a lock another transaction holds, and any one statement. Past
    /// either the command stops with "busy, try again" (exit 75) instead of hanging; the connection
    /// string's `options` (or `PGOPTIONS`) can set other values.
    static let sessionDefaults = [("lock_timeout", "10s"), ("statement_timeout", "2min")]

    /// A connection from the database URL. A URL libpq cannot parse is a usage error (exit 64);
    /// with no URL anywhere (no option, no `MESO_DATABASE_URL`, no libpq `PG*` variable naming a
    /// server) an unreachable database is said as what to set, not as libpq's default socket.
    func connect() throws -> PostgresConnection {
        let url = resolvedDatabaseURL
        do {
            return try PostgresConnection(url, sessionDefaults: Self.sessionDefaults)
        } catch let error where error.kind == .client {
            let source = databaseURL != nil ? "--database-url" : "MESO_DATABASE_URL"
            throw MesoError(
                .usage, "\(source) is malformed: give a URL (postgresql://...) or key=value pairs.",
                field: Message(source))
        } catch let error where error.isUnreachable && url.isEmpty && !Self.libpqNamesAServer {
            throw MesoError(
                .unavailable,
                "No database is named: set MESO_DATABASE_URL or give --database-url, or run Scripts/db start for a development database (Scripts/db url prints its URL).")
        } catch {
            throw MesoError(error)
        }
    }

    /// Whether libpq's environment names a server or a database of its own.
    static var libpqNamesAServer: Bool {
        ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE", "PGSERVICEFILE"].contains {
            !(Environment.value($0) ?? "").isEmpty
        }
    }

    /// Prints a presentation in the chosen format on stdout.
    func print(_ presentation: Presentation) {
        let text: String
        switch format {
        case .table: text = TableRenderer.render(presentation)
        case .json: text = JSONRenderer.render(presentation)
        case .csv: text = CSVRenderer.render(presentation)
        }
        Console.out(text)
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

}
