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
        try checkingInput { if let namedActor { _ = try Actor(namedActor) } }
    }

    /// What meso waits for at most: a lock another transaction holds, and any one statement. Past
    /// either the command stops with "busy, try again" (exit 75) instead of hanging; the connection
    /// string's `options` (or `PGOPTIONS`) can set other values.
    static let sessionDefaults = [("lock_timeout", "10s"), ("statement_timeout", "2min")]

    func connect() throws -> PostgresConnection {
        do {
            return try PostgresConnection(resolvedDatabaseURL, sessionDefaults: Self.sessionDefaults)
        } catch {
            throw MesoError(error)
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
