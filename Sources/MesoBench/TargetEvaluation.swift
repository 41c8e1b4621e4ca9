/// The targets of docs/performance.md, each judged on what this run measured.
enum TargetEvaluation {
    static func evaluate(_ results: BenchResults) -> [BenchResults.Target] {
        var targets: [BenchResults.Target] = []
        let data = results.dataSet
        targets.append(
            BenchResults.Target(
                name: "bulk load of \(Format.count(data.usageRows)) usage rows with COPY",
                goal: "< 30 s", measured: "\(Format.fixed(data.copySeconds, 1)) s (with \(Format.count(data.ledgerRows)) ledger rows and \(Format.count(data.sessions)) sessions)",
                met: data.copySeconds < 30 && data.verifyHolds))

        let recording = results.sessionRecording
        for (index, meso) in recording.meso.enumerated() {
            let clients = meso.clients
            let label = "session recording, \(clients) client\(clients == 1 ? "" : "s")"
            let comparisons = [
                ("statement by statement (a)", recording.ratioToStatementByStatement, recording.statementByStatement,
                 clients == 1 ? 1.5 : 1.15),
                ("meso's SQL in pgbench (b)", recording.ratioToMesoSQL, recording.mesoSQL, 0.9),
            ]
            for (other, ratios, throughputs, floor) in comparisons where index < ratios.count {
                let overall = meso.perSecond / max(throughputs[index].perSecond, 1e-9)
                targets.append(
                    BenchResults.Target(
                        name: "\(label): meso / \(other)", goal: ">= \(floor)",
                        measured: "\(Format.fixed(ratios[index], 2))x (median of \(meso.rounds.count) rounds; all rounds together \(Format.fixed(overall, 2))x)",
                        met: ratios[index] >= floor && meso.failures == 0))
            }
        }

        let processes = Dictionary(results.processes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (command, baseline) in [("meso check", "psql -c (one patient)"), ("meso stock", "psql -c (stock per product)")] {
            guard let meso = processes[command], let psql = processes[baseline] else { continue }
            let ratio = meso.medianMilliseconds / max(psql.medianMilliseconds, 1e-9)
            targets.append(
                BenchResults.Target(
                    name: "`\(command)` as a whole process / \(baseline)", goal: "<= 1.00",
                    measured: "\(Format.fixed(ratio, 2))x (\(Format.fixed(meso.medianMilliseconds, 1)) ms vs \(Format.fixed(psql.medianMilliseconds, 1)) ms)",
                    met: ratio <= 1.0))
            targets.append(
                BenchResults.Target(
                    name: "peak memory of `\(command)`", goal: "< 40 MiB",
                    measured: meso.peakMiB.map { "\(Format.fixed($0, 1)) MiB" } ?? "not measured (/usr/bin/time is missing)",
                    met: meso.peakMiB.map { $0 < 40 } ?? false))
        }

        let recall = processes[ProcessPhase.recallExport]
        targets.append(
            BenchResults.Target(
                name: "`export fhir --lot` of the busiest lot at \(Format.count(data.usageRows)) usage rows", goal: "< 1 s and < 100 MiB",
                measured: recall.map { run in
                    "\(Format.fixed(run.medianMilliseconds, 1)) ms, \(run.peakMiB.map { "\(Format.fixed($0, 1)) MiB" } ?? "memory not measured")"
                } ?? "not measured",
                met: recall.map { $0.exitStatus == 0 && $0.medianMilliseconds < 1000 && ($0.peakMiB ?? .infinity) < 100 } ?? false))

        if let audit = results.latencies.first(where: { $0.name.hasPrefix("audit lot (") }) {
            targets.append(
                BenchResults.Target(
                    name: "audit lot p50 at \(Format.count(data.usageRows)) usage rows", goal: "< 2 ms",
                    measured: "\(Format.fixed(audit.p50Milliseconds, 2)) ms", met: audit.p50Milliseconds < 2))
        } else {
            targets.append(
                BenchResults.Target(
                    name: "audit lot p50 at \(Format.count(data.usageRows)) usage rows", goal: "< 2 ms",
                    measured: "not measured", met: false))
        }
        return targets
    }
}
