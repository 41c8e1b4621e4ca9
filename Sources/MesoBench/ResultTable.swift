/// The results as one readable report on stdout.
enum ResultTable {
    static func render(_ results: BenchResults) -> String {
        var out: [String] = []
        let scale = results.scale
        if let machine = results.machine {
            out.append("MesoBench (\(scale.name)) on \(machine.cores) cores, \(Format.count(machine.memoryMiB)) MiB, \(machine.cpu)")
            out.append("\(machine.postgres); \(machine.pgbench)")
        }

        let data = results.dataSet
        out.append("")
        out.append("Data set")
        out.append(
            row([
                "patients \(Format.count(data.patients)) (cohort \(Format.count(data.cohortPatients)))",
                "lots \(Format.count(data.lots))", "sessions \(Format.count(data.sessions))",
                "usage rows \(Format.count(data.usageRows))", "ledger rows \(Format.count(data.ledgerRows))",
            ], widths: []))
        out.append(
            "  generated in \(Format.fixed(data.generateSeconds, 1)) s; COPY \(Format.fixed(data.copySeconds, 1)) s (\(Format.count(Int(data.usageRowsPerSecond))) usage rows/s, indexes rebuilt in \(Format.fixed(data.indexSeconds, 1)) s of it); VACUUM ANALYZE \(Format.fixed(data.vacuumAnalyzeSeconds, 1)) s")
        out.append(
            "  audit verify: \(data.verifyHolds ? "holds" : "FAILS (\(data.verifyDiscrepancies.count) discrepancies)") over \(data.verifyCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) in \(Format.fixed(data.verifySeconds, 1)) s")

        let recording = results.sessionRecording
        out.append("")
        out.append(
            "Session recording, sessions per second (\(Format.fixed(scale.phaseSeconds, 1)) s per phase in \(scale.rounds) rounds; meso: \(recording.roundTripsPerSession) round trips per session)")
        out.append("  ratios: the median over rounds of each round's pair")
        let widths = [9, 10, 26, 22, 10, 10]
        out.append(row(["clients", "meso", "pgbench (a) stmt by stmt", "pgbench (b) meso SQL", "meso/(a)", "meso/(b)"], widths: widths))
        for (index, meso) in recording.meso.enumerated() {
            let plain = index < recording.statementByStatement.count ? recording.statementByStatement[index].perSecond : 0
            let same = index < recording.mesoSQL.count ? recording.mesoSQL[index].perSecond : 0
            out.append(
                row([
                    String(meso.clients), Format.fixed(meso.perSecond, 1), Format.fixed(plain, 1), Format.fixed(same, 1),
                    index < recording.ratioToStatementByStatement.count
                        ? Format.fixed(recording.ratioToStatementByStatement[index], 2) : "-",
                    index < recording.ratioToMesoSQL.count ? Format.fixed(recording.ratioToMesoSQL[index], 2) : "-",
                ], widths: widths))
            if meso.failures > 0 { out.append("  meso failures: \(meso.failures) (\(meso.note ?? ""))") }
        }

        out.append("")
        out.append("Library calls, milliseconds")
        let latencyWidths = [48, 10, 10, 10, 8]
        out.append(row(["call", "p50", "p99", "mean", "calls"], widths: latencyWidths))
        for latency in results.latencies {
            out.append(
                row([
                    latency.name, Format.fixed(latency.p50Milliseconds, 3), Format.fixed(latency.p99Milliseconds, 3),
                    Format.fixed(latency.meanMilliseconds, 3), String(latency.calls),
                ], widths: latencyWidths))
            if let note = latency.note { out.append("    " + note) }
        }

        out.append("")
        out.append("Whole processes")
        let processWidths = [30, 14, 12, 6]
        out.append(row(["command", "median ms", "peak MiB", "exit"], widths: processWidths))
        for process in results.processes {
            out.append(
                row([
                    process.name, Format.fixed(process.medianMilliseconds, 2), process.peakMiB.map { Format.fixed($0, 1) } ?? "?",
                    String(process.exitStatus),
                ], widths: processWidths))
        }

        out.append("")
        out.append("Plans (EXPLAIN ANALYZE)")
        for plan in results.plans {
            out.append("  \(plan.name)")
            for line in plan.plan { out.append("    " + line) }
        }

        out.append("")
        out.append("Targets (docs/performance.md)")
        for target in results.targets {
            out.append("  [\(target.met ? "met" : "MISSED")] \(target.name): \(target.measured) (target \(target.goal))")
        }
        for note in results.notes { out.append("  note: " + note) }
        return out.joined(separator: "\n") + "\n"
    }

    private static func row(_ cells: [String], widths: [Int]) -> String {
        var line = "  "
        for (index, cell) in cells.enumerated() {
            let width = index < widths.count ? widths[index] : 0
            line += cell + String(repeating: " ", count: max(1, width - cell.count))
            if width == 0 { line += "  " }
        }
        return line
    }
}
