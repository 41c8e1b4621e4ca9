/// How big the benchmark's clinic is and how long each measurement runs: the full run of the
/// targets in docs/performance.md, or the quick one the test suite runs so that the benchmark
/// cannot rot.
struct BenchScale: Codable, Sendable {
    let name: String
    let patients: Int
    let lots: Int
    let sessions: Int
    let usageRows: Int
    let historyDays: Int
    /// Seconds of each timed session-recording phase (meso, pgbench a, pgbench b; at each client count).
    let phaseSeconds: Double
    /// Each phase is run in this many slices, the three alternating (in a rotating order), so that
    /// whatever else the machine does meanwhile falls on all three alike; ratios are judged per
    /// round, each against its neighbours, and the median of the rounds is the result.
    let rounds: Int
    let clientCounts: [Int]
    /// Calls per library latency measurement (p50, p99).
    let latencyCalls: Int
    /// Runs of each whole process timed.
    let processRuns: Int
    /// Vials added to the lot each formula's product draws from now, so that the timed phases,
    /// whose pgbench scripts draw fixed lots, never run one empty.
    let reserveVials: Int
    /// Sessions recorded (untimed) to capture one of each kind meso sends, for the pgbench scripts.
    let captureSessions: Int

    static let full = BenchScale(
        name: "full", patients: 10_000, lots: 600, sessions: 330_000, usageRows: 1_000_000, historyDays: 3 * 365,
        phaseSeconds: 30, rounds: 10, clientCounts: [1, 8], latencyCalls: 1_000, processRuns: 20, reserveVials: 95_000,
        captureSessions: 600)

    static let quick = BenchScale(
        name: "quick", patients: 300, lots: 60, sessions: 660, usageRows: 2_000, historyDays: 3 * 365,
        phaseSeconds: 1.5, rounds: 1, clientCounts: [1, 8], latencyCalls: 200, processRuns: 5, reserveVials: 5_000,
        captureSessions: 80)

    func with(phaseSeconds seconds: Double?) -> BenchScale {
        guard let seconds else { return self }
        return BenchScale(
            name: name, patients: patients, lots: lots, sessions: sessions, usageRows: usageRows,
            historyDays: historyDays, phaseSeconds: seconds, rounds: rounds, clientCounts: clientCounts, latencyCalls: latencyCalls,
            processRuns: processRuns, reserveVials: reserveVials, captureSessions: captureSessions)
    }
}
