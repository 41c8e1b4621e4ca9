import ArgumentParser
import Foundation
import MesoCore
import PostgresClient

/// `swift run -c release MesoBench [--quick]`: measures meso against pgbench and psql on a
/// generated clinic of its own, and reports every target of docs/performance.md as met or missed.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "MesoBench",
        abstract: "Measure meso against pgbench and psql on a generated clinic (docs/performance.md, Targets).",
        discussion: "Build meso first (swift build -c release): its binary beside this one is timed as a whole process.")

    @Flag(help: "A small run (2,000 usage rows, short phases) that checks the benchmark works.")
    var quick = false

    @Option(help: "Where to write the JSON results (default .build/bench/results.json).")
    var output: String?

    @Option(name: .customLong("database-url"), help: "The server to use (else MESO_DATABASE_URL, else Scripts/db).")
    var databaseURL: String?

    @Option(name: .customLong("database-name"), help: "The benchmark's own database, dropped and made afresh.")
    var databaseName = "meso_bench"

    @Option(help: "Seconds of each timed session-recording phase, over all its rounds (default 30, quick 1.5).")
    var seconds: Double?

    @Flag(help: "Keep the benchmark database afterwards.")
    var keep = false

    enum Step: String, ExpressibleByArgument, CaseIterable {
        case sessions, calls, processes
    }

    @Option(name: .customLong("only"), help: "Run only these steps after the load (sessions, calls, processes); repeatable.")
    var steps: [Step] = []

    private func runs(_ step: Step) -> Bool { steps.isEmpty || steps.contains(step) }

    func run() throws {
        ProcessTiming.unblockSignals()
        let scale = (quick ? BenchScale.quick : BenchScale.full).with(phaseSeconds: seconds)
        var results = BenchResults(scale: scale)
        results.startedAt = Timestamp.now().description
        let root = BenchDatabase.projectRoot
        let outputPath = output ?? root + "/.build/bench/results.json"
        let server = try BenchDatabase.serverURL(databaseURL)
        guard let pgbenchPath = ProcessRunner.find("pgbench"), let psqlPath = ProcessRunner.find("psql") else {
            throw BenchError("pgbench and psql must be on PATH (Debian: apt-get install postgresql-client).")
        }
        let mesoPath = try ProcessPhase.mesoBeside()

        log("creating \(databaseName) (load average \(MachineDescription.loadAverage))")
        let database = try BenchDatabase.create(named: databaseName, server: server)
        let pgbench = PgbenchRun(
            executable: pgbenchPath, url: database.url,
            directory: URL(fileURLWithPath: outputPath).deletingPathExtension().path + "-pgbench")
        results.machine = try MachineDescription.describe(try database.connect(), pgbench: pgbench)

        let dataSet = try ClinicDataSet.build(database: database, scale: scale, report: &results.dataSet, log: log)

        // The library calls first, on the history exactly as loaded (the session phases add to it).
        if runs(.calls) {
            log("library calls")
            try LibraryLatencyPhase(database: database, dataSet: dataSet, scale: scale).run(into: &results)
        }
        if runs(.sessions) {
            results.notes.append("load average before session recording: \(MachineDescription.loadAverage)")
            var phase = SessionRecordingPhase(database: database, dataSet: dataSet, scale: scale, pgbench: pgbench, log: log)
            try phase.run(into: &results.sessionRecording)
            results.notes.append("load average after session recording: \(MachineDescription.loadAverage)")
        }
        if runs(.processes) {
            log("whole processes")
            try ProcessPhase(
                database: database, dataSet: dataSet, scale: scale, mesoExecutable: mesoPath, psqlExecutable: psqlPath
            ).run(into: &results)
        }

        results.targets = TargetEvaluation.evaluate(results)
        if quick { results.notes.append("quick run: a check that the benchmark works, not a measurement of the targets") }
        try write(results, to: outputPath)
        print(ResultTable.render(results), terminator: "")
        log("results written to \(outputPath)")
        if !keep { try database.drop(server: server) }
    }

    private func write(_ results: BenchResults, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try encoder.encode(results).write(to: URL(fileURLWithPath: path))
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data(("bench: " + line + "\n").utf8))
    }
}
