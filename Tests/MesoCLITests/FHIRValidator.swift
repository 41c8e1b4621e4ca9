import Foundation
import Testing
import TestSupport

/// The R4 models of fhir.resources 6.4.0 (FHIR 4.0.1, pydantic 1), installed from PyPI by
/// `Scripts/test` into `.meso/fhir-venv`, run through `Scripts/fhir-validate`: a validator meso's
/// authors did not write.
enum FHIRValidator {
    struct Report {
        let file: String
        let parsed: Bool
        let entries: Int
        let types: [String]
        let errors: [String]
    }

    static var python: String {
        ProcessInfo.processInfo.environment["MESO_FHIR_PYTHON"] ?? ProjectPaths.root + "/.meso/fhir-venv/bin/python"
    }

    /// Writes each Bundle to a file of its own and parses them all in one run of the validator.
    static func validate(_ bundles: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Report] {
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "\(python) is missing: Scripts/test installs fhir.resources into .meso/fhir-venv", sourceLocation: sourceLocation)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("meso-fhir-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String: String] = [:]
        for (name, text) in bundles {
            let path = directory.appendingPathComponent(name + ".json").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            paths[path] = name
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [ProjectPaths.root + "/Scripts/fhir-validate"] + paths.keys.sorted()
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var reports: [String: Report] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let file = object["file"] as? String, let name = paths[file]
            else {
                Issue.record("the validator printed: \(line)", sourceLocation: sourceLocation)
                continue
            }
            reports[name] = Report(
                file: name, parsed: object["parsed"] as? Bool ?? false, entries: object["entries"] as? Int ?? 0,
                types: object["types"] as? [String] ?? [], errors: object["errors"] as? [String] ?? [])
        }
        #expect(reports.count == bundles.count, "the validator reported \(reports.count) of \(bundles.count) files", sourceLocation: sourceLocation)
        return reports
    }
}
