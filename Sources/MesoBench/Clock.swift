import Foundation

/// Monotonic time for measurements.
enum Clock {
    static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Runs `body` and returns how long it took, in seconds, with its result.
    static func time<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, result: Result) {
        let start = seconds()
        let result = try body()
        return (seconds() - start, result)
    }
}
