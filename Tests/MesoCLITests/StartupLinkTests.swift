import Foundation
import Testing
import TestSupport

/// meso starts as fast as `psql -c` only if it loads no more than it needs: the whole of Foundation,
/// with ICU's tables, costs a process some 20 ms before it has read its arguments. The CLI, MesoCore
/// and PostgresClient import FoundationEssentials, and Foundation only where Essentials is missing.
@Suite("The CLI imports FoundationEssentials, not Foundation")
struct StartupLinkTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    @Test func foundationIsImportedOnlyWhereEssentialsIsMissing() throws {
        var files: [URL] = []
        for target in ["meso", "MesoCore", "PostgresClient"] {
            let directory = Self.sources.appendingPathComponent(target)
            files += try #require(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        }
        #expect(files.count > 200)
        var unconditional: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            for (number, line) in lines.enumerated() where line == "import Foundation" || line.hasPrefix("import Foundation ") {
                if number == 0 || lines[number - 1] != "#else" {
                    unconditional.append("\(file.lastPathComponent):\(number + 1)")
                }
            }
        }
        #expect(unconditional.isEmpty, "import Foundation outside #if canImport(FoundationEssentials) ... #else: \(unconditional)")
    }

    /// The release binary, when built, carries the Swift runtime and FoundationEssentials inside it
    /// (Package.swift links them statically) and loads neither Foundation nor ICU.
    @Test func aReleaseBuildLoadsNeitherFoundationNorICU() throws {
        #if os(Linux)
            let release = Self.sources.deletingLastPathComponent().appendingPathComponent(".build/release/meso").path
            guard FileManager.default.isExecutableFile(atPath: release) else { return }
            let ldd = Process()
            ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
            ldd.arguments = [release]
            let output = Pipe()
            ldd.standardOutput = output
            try ldd.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            ldd.waitUntilExit()
            #expect(text.contains("libpq.so"), "\(text)")
            #expect(!text.contains("libswiftCore.so") && !text.contains("libFoundationEssentials.so"), "\(text)")
            #expect(!text.contains("libFoundation.so") && !text.contains("ICU"), "\(text)")
        #endif
    }
}
