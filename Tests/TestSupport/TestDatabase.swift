import Foundation
import MesoCore
import PostgresClient

/// A database of its own for each suite, on the server named by `MESO_TEST_DATABASE_URL`
/// (which `Scripts/test` sets from `Scripts/db url`), migrated with the project's `Schema/`.
public struct TestDatabase: Sendable {
    public let name: String
    /// Connection string of this suite's database.
    public let url: String

    /// The server the tests run against.
    public static var serverURL: String {
        guard let url = ProcessInfo.processInfo.environment["MESO_TEST_DATABASE_URL"], !url.isEmpty else {
            fatalError("MESO_TEST_DATABASE_URL is not set: run the tests with Scripts/test")
        }
        return url
    }

    /// Drops and recreates `meso_test_<suite>`, then applies every migration unless told not to.
    /// - Parameter server: another server than the shared one (a private cluster the test may stop).
    public static func create(_ suite: String, migrated: Bool = true, server: String? = nil) throws -> TestDatabase {
        let serverURL = server ?? serverURL
        let name = "meso_test_" + suite.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
        let admin = try PostgresConnection(try ConnectionString.replacing("dbname", with: "postgres", in: serverURL))
        try admin.query("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        try admin.query("CREATE DATABASE \(identifier: name)")
        let database = TestDatabase(name: name, url: try ConnectionString.replacing("dbname", with: name, in: serverURL))
        if migrated {
            let migrator = SchemaMigrator(migrations: try Migration.load(from: ProjectPaths.schema))
            try migrator.migrate(on: try database.connect(), actor: "test")
        }
        return database
    }

    public func connect() throws -> PostgresConnection {
        try PostgresConnection(url)
    }

    /// The same database reached as another role (which must exist and may log in).
    public func url(asUser user: String) throws -> String {
        try ConnectionString.replacing("user", with: user, in: url)
    }
}

public enum ProjectPaths {
    /// The package root, found from this file's place in `Tests/TestSupport/`.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var schema: String { root + "/Schema" }
    public static var fixtures: String { root + "/Fixtures" }
}
