import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A password in the database URL appears nowhere: not on stdout or stderr of any command that
/// succeeds, is refused or cannot connect, and not in the server's log. On a private cluster with
/// a password-authenticated login and every connection and statement logged.
@Suite("Reliability: the database password never shows")
struct ReliabilityPasswordTests {
    static let login = "meso_pw_tester"
    static let password = "Rx7-Secret!pw"
    static let wrongPassword = "Wx9-Wrong&pw"

    /// Each form a password could leak in: as typed, and percent-encoded as in a URL.
    static let secrets = [password, wrongPassword, "Rx7-Secret%21pw", "Wx9-Wrong%26pw", "Secret!", "Wrong&"]

    @Test func aPasswordInTheDatabaseURLAppearsInNoOutputAndNoServerLog() throws {
        let cluster = try PrivateCluster("password")
        defer { cluster.destroy() }
        let database = try TestDatabase.seeded("reliability_password", server: cluster.serverURL)
        let admin = try database.connect()
        // Created before statements are logged: the test's own DDL is not what is being checked.
        try admin.query(
            "CREATE ROLE \(identifier: Self.login) LOGIN PASSWORD '\(unsafeRaw: Self.password)' IN ROLE meso_pharmacist")
        let hba = try String(contentsOfFile: cluster.hbaPath, encoding: .utf8)
        try ("local all \(Self.login) scram-sha-256\n" + hba).write(toFile: cluster.hbaPath, atomically: false, encoding: .utf8)
        for setting in ["log_connections = on", "log_disconnections = on", "log_statement = 'all'", "log_error_verbosity = 'verbose'"] {
            try admin.query("ALTER SYSTEM SET \(unsafeRaw: setting)")
        }
        try admin.query("SELECT pg_reload_conf()")

        let socket = cluster.directory + "/run"
        func url(_ password: String) -> String {
            let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))!
            return "postgresql://\(Self.login):\(encoded)@/\(database.name)?host=\(socket)&port=\(cluster.port)"
        }
        // The reload is asynchronous: wait until the server asks this login for its password.
        var refused = false
        for _ in 0..<500 where !refused {
            do { _ = try PostgresConnection(url(Self.wrongPassword)) } catch { refused = true }
            if !refused { usleep(10_000) }
        }
        try #require(refused, "the password rule never took effect")

        let noPasswordURL = "postgresql://\(Self.login)@/\(database.name)?host=\(socket)&port=\(cluster.port)"
        let cases: [(name: String, arguments: [String], environment: [String: String], status: Int32)] = [
            ("right password, a listing", ["lot", "list", "--database-url", url(Self.password)], [:], 0),
            ("right password, an unknown lot", ["lot", "show", "--product", "NOPE", "--lot", "X", "--database-url", url(Self.password)], [:], 65),
            ("right password, a write the role may not make",
             ["patient", "add", "PW-1", "--name", "Nobody", "--database-url", url(Self.password)], [:], 77),
            ("wrong password", ["lot", "list", "--database-url", url(Self.wrongPassword)], [:], 77),
            ("wrong password in MESO_DATABASE_URL", ["stock"], ["MESO_DATABASE_URL": url(Self.wrongPassword)], 77),
            ("wrong password in PGPASSWORD", ["stock", "--database-url", noPasswordURL], ["PGPASSWORD": Self.wrongPassword], 77),
            ("a host that does not exist",
             ["stock", "--database-url", "postgresql://\(Self.login):\(Self.password)@nohost.invalid/meso"], [:], 69),
            ("a port nobody listens on",
             ["stock", "--database-url", "postgresql://\(Self.login):\(Self.password)@127.0.0.1:1/meso"], [:], 69),
            ("a socket directory without a server",
             ["stock", "--database-url", "host=/nonexistent/socket user=\(Self.login) password=\(Self.password) dbname=meso"], [:], 69),
            ("a malformed URL (a usage error)", ["stock", "--database-url", "postgresql://\(Self.login):\(Self.password)@[bad"], [:], 64),
        ]
        for (name, arguments, environment, status) in cases {
            for format in ["table", "json"] {
                let outcome = try MesoCLI.run(arguments + ["--format", format, "--actor", "tester"], environment: environment)
                #expect(outcome.status == status, "\(name): \(outcome)")
                if status != 0 {
                    #expect(format == "json" ? (try? outcome.jsonError())?["exit_code"] as? Int == Int(status) : outcome.isOneSentenceError,
                            "\(name): \(outcome)")
                }
                for secret in Self.secrets {
                    #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret), "\(name) shows the password: \(outcome)")
                }
            }
        }

        // The server logged the failed logins and meso's statements, and no password with them.
        let log = cluster.log
        let loggedFailure = log.contains("password authentication failed for user \"\(Self.login)\"")
        let loggedStatement = log.contains("connection authenticated: identity=\"\(Self.login)\"") && log.contains("execute ")
        #expect(loggedFailure, "failed logins are logged")
        #expect(loggedStatement, "connections and statements are logged")
        for secret in Self.secrets {
            let leaked = log.split(separator: "\n").filter { $0.contains(secret) }
            #expect(leaked == [], "the server log shows a password")
        }
        let logged = log.split(separator: "\n").count
        ReliabilityLoad.report(
            "password", "\(cases.count * 2) commands (right, wrong and unusable URLs, MESO_DATABASE_URL, PGPASSWORD; table and JSON): no password on stdout or stderr; \(logged) server log lines with connections and statements logged: no password")
    }
}
