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

    @Option(help: "Who is doing this, recorded with every write (else MESO_ACTOR, else the login name).")
    var actor: String?

    /// The connection string: the option, else `MESO_DATABASE_URL`, else empty (libpq's environment).
    var resolvedDatabaseURL: String {
        databaseURL ?? Environment.value("MESO_DATABASE_URL") ?? ""
    }

    var resolvedActor: String {
        if let actor, !actor.isEmpty { return actor }
        if let actor = Environment.value("MESO_ACTOR"), !actor.isEmpty { return actor }
        return Environment.loginName
    }

    func validate() throws {
        // Through checkingInput: ArgumentParser would report an error thrown here as its own, exit 1.
        try checkingInput { _ = try Actor(resolvedActor) }
    }

    func connect() throws -> PostgresConnection {
        do {
            return try PostgresConnection(resolvedDatabaseURL)
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

    static var loginName: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return value("USER") ?? "unknown"
    }
}
