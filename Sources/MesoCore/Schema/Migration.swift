#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One numbered SQL file under `Schema/`, applied once, in order, in its own transaction.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads every `NNNN_name.sql` file of `directory`, sorted by number.
    public static func load(from directory: String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw MesoError(.internal, "The schema directory \(directory) cannot be read.")
        }
        var migrations: [Migration] = []
        for file in names where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0
            else {
                throw MesoError(.internal, "The schema file \(file) is not named NNNN_name.sql.")
            }
            guard let bytes = FileManager.default.contents(atPath: directory + "/" + file),
                let sql = String(validating: bytes, as: UTF8.self)
            else {
                throw MesoError(.internal, "The schema file \(file) cannot be read as UTF-8.")
            }
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MesoError(.internal, "Two schema files carry the number \(next.version).")
        }
        return migrations
    }
}
