/// Durations of repeated calls, summarised as the report gives them.
struct LatencySample {
    private(set) var seconds: [Double] = []

    mutating func measure<Result>(_ body: () throws -> Result) rethrows -> Result {
        let start = Clock.seconds()
        let result = try body()
        seconds.append(Clock.seconds() - start)
        return result
    }

    /// The value below which `fraction` of the calls fell (nearest rank).
    func percentile(_ fraction: Double) -> Double {
        guard !seconds.isEmpty else { return 0 }
        let sorted = seconds.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    func summary(_ name: String, note: String? = nil) -> BenchResults.Latency {
        BenchResults.Latency(
            name: name, calls: seconds.count, p50Milliseconds: percentile(0.5) * 1000,
            p99Milliseconds: percentile(0.99) * 1000,
            meanMilliseconds: seconds.isEmpty ? 0 : seconds.reduce(0, +) / Double(seconds.count) * 1000, note: note)
    }
}
