import Foundation
import Testing

/// MesoCore reports inputs by `Field` key and never by the CLI's option names: no source file of
/// it holds an option spelled with two dashes, in code or in comments.
@Suite("MesoCore names no CLI option")
struct FlagLiteralTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/MesoCore")

    @Test func noOptionLiteralInMesoCore() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 100)
        let option = try Regex("--[a-z]")
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(option) {
                found.append("\(file.lastPathComponent):\(number + 1): \(line)")
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    /// No source file runs past 250 lines: one concept per file, split when it grows.
    @Test func noSourceFileIsOver250Lines() throws {
        let sources = Self.sources.deletingLastPathComponent()
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        let long = try files.compactMap { file -> String? in
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let count = lines.last == "" ? lines.count - 1 : lines.count
            return count > 250 ? "\(file.path): \(count) lines" : nil
        }
        #expect(long.isEmpty, "\(long)")
    }

    /// The check itself finds an option where one is written.
    @Test func theCheckFindsAnOption() throws {
        #expect("give it with --lot.".contains(try Regex("--[a-z]")))
        #expect(!"SELECT 1 -- a comment".contains(try Regex("--[a-z]")))
    }
}
