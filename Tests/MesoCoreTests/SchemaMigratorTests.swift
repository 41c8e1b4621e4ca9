import MesoCore
import PostgresClient
import Testing
import TestSupport

@Suite("Schema migrations")
struct SchemaMigratorTests {
    @Test func migrateTwiceIsANoOpTheSecondTime() throws {
        let database = try TestDatabase.create("migrator_twice", migrated: false)
        let connection = try database.connect()
        let migrator = SchemaMigrator(migrations: try Migration.load(from: ProjectPaths.schema))
        let first = try migrator.migrate(on: connection, actor: "test")
        #expect(first.count == migrator.migrations.count)
        #expect(first.map(\.version) == first.map(\.version).sorted())
        let second = try migrator.migrate(on: connection, actor: "test")
        #expect(second.isEmpty)
        #expect(try migrator.status(on: connection).allSatisfy { $0.status == .applied })
    }

    @Test func tamperedAppliedMigrationIsRefused() throws {
        let database = try TestDatabase.create("migrator_tampered", migrated: false)
        let connection = try database.connect()
        let original = try Migration.load(from: ProjectPaths.schema)
        try SchemaMigrator(migrations: original).migrate(on: connection, actor: "test")

        var tampered = original
        tampered[0] = Migration(version: original[0].version, name: original[0].name, sql: original[0].sql + "\n-- edited\n")
        tampered.append(Migration(version: 9999, name: "later", sql: "CREATE TABLE later_migration_probe (x int);"))
        let migrator = SchemaMigrator(migrations: tampered)
        #expect(try migrator.status(on: connection).first?.status == .changed)
        #expect {
            try migrator.migrate(on: connection, actor: "test")
        } throws: { error in
            (error as? MesoError)?.kind == .invalidInput && "\(error)".contains("changed")
        }
        // Nothing after the refusal was applied.
        let probe = try connection.query("SELECT to_regclass('later_migration_probe') IS NULL AS absent").first
        #expect(try probe?.decode("absent", as: Bool.self) == true)
    }

    @Test func pendingMigrationsApplyInOrderEachInItsOwnTransaction() throws {
        let database = try TestDatabase.create("migrator_failing", migrated: false)
        let connection = try database.connect()
        let migrations = [
            Migration(version: 1, name: "good", sql: "CREATE TABLE good_one (x int);"),
            Migration(version: 2, name: "bad", sql: "CREATE TABLE half_done (x int); SELECT no_such_function();"),
        ]
        #expect(throws: MesoError.self) { try SchemaMigrator(migrations: migrations).migrate(on: connection, actor: "test") }
        let states = try SchemaMigrator(migrations: migrations).status(on: connection)
        #expect(states.map(\.status) == [.applied, .pending])
        let row = try connection.query("SELECT to_regclass('half_done') IS NULL AS absent").first
        #expect(try row?.decode("absent", as: Bool.self) == true)
    }
}
