/// Everything one run measured, written as one JSON document (`--output`) and printed as a table.
struct BenchResults: Codable {
    struct Machine: Codable {
        let cores: Int
        let memoryMiB: Int
        let cpu: String
        let kernel: String
        let postgres: String
        let pgbench: String
    }

    struct DataSet: Codable {
        var patients = 0
        var cohortPatients = 0
        var lots = 0
        var sessions = 0
        var usageRows = 0
        var ledgerRows = 0
        var findings = 0
        var generateSeconds = 0.0
        /// COPY of every generated table, with the secondary indexes dropped before and rebuilt after.
        var copySeconds = 0.0
        var indexSeconds = 0.0
        var vacuumAnalyzeSeconds = 0.0
        var usageRowsPerSecond = 0.0
        var verifySeconds = 0.0
        var verifyHolds = false
        var verifyDiscrepancies: [String] = []
        var verifyCounts: [String: Int] = [:]
    }

    /// One timed phase of session recording (or one of its rounds).
    struct Throughput: Codable {
        let clients: Int
        let seconds: Double
        let sessions: Int
        let failures: Int
        let perSecond: Double
        var note: String?
        /// Sessions per second of each round, in order.
        var rounds: [Double] = []

        /// The median over rounds of `self`'s rate over `other`'s in the same round: each round's
        /// pair ran side by side, so a burst of load elsewhere on the machine spoils one round only.
        func medianRatio(to other: Throughput) -> Double {
            let ratios = zip(rounds, other.rounds).map { $0 / max($1, 1e-9) }.sorted()
            guard !ratios.isEmpty else { return perSecond / max(other.perSecond, 1e-9) }
            let middle = ratios.count / 2
            return ratios.count % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2
        }

        /// The rounds taken together: every session over every second.
        static func combining(_ rounds: [Throughput]) -> Throughput {
            let seconds = rounds.reduce(0) { $0 + $1.seconds }
            let sessions = rounds.reduce(0) { $0 + $1.sessions }
            return Throughput(
                clients: rounds.first?.clients ?? 0, seconds: seconds, sessions: sessions,
                failures: rounds.reduce(0) { $0 + $1.failures }, perSecond: Double(sessions) / max(seconds, 1e-9),
                note: rounds.compactMap(\.note).first, rounds: rounds.map(\.perSecond))
        }
    }

    struct SessionRecording: Codable {
        /// Per client count: the median over rounds of meso's rate over the other's in that round.
        var ratioToStatementByStatement: [Double] = []
        var ratioToMesoSQL: [Double] = []
        var meso: [Throughput] = []
        /// pgbench, the same work statement by statement.
        var statementByStatement: [Throughput] = []
        /// pgbench, exactly meso's SQL in meso's two pipelines.
        var mesoSQL: [Throughput] = []
        /// Of the sessions meso recorded: verdict and how many findings, per formula.
        var mesoMix: [String: Int] = [:]
        /// Round trips of one recorded session, from the connection's own count.
        var roundTripsPerSession = 0
        var scripts: [String] = []
    }

    struct Latency: Codable {
        let name: String
        let calls: Int
        let p50Milliseconds: Double
        let p99Milliseconds: Double
        let meanMilliseconds: Double
        var note: String?
    }

    struct Plan: Codable {
        let name: String
        let statement: String
        let plan: [String]
    }

    struct ProcessRun: Codable {
        let name: String
        let command: [String]
        let runs: Int
        let medianMilliseconds: Double
        /// nil when /usr/bin/time is missing: the only honest reading of a child's peak (see ProcessTiming).
        let peakMiB: Double?
        let exitStatus: Int32
    }

    struct Target: Codable {
        let name: String
        let goal: String
        let measured: String
        let met: Bool
    }

    var scale: BenchScale
    var startedAt = ""
    var machine: Machine?
    var dataSet = DataSet()
    var sessionRecording = SessionRecording()
    var latencies: [Latency] = []
    var plans: [Plan] = []
    var processes: [ProcessRun] = []
    var targets: [Target] = []
    var notes: [String] = []
}
