import Foundation

/// How hard the reliability suites push: CI numbers by default, the soak's with `MESO_SOAK=1`
/// (`Scripts/soak`), which runs the same scenarios longer and with more processes.
public enum ReliabilityLoad {
    public static let isSoak: Bool = {
        let value = ProcessInfo.processInfo.environment["MESO_SOAK"] ?? ""
        return !value.isEmpty && value != "0"
    }()

    /// `ci` in CI, `soak` in the soak.
    public static func pick<Value>(_ ci: Value, soak: Value) -> Value {
        isSoak ? soak : ci
    }

    /// One line of figures for the README's numbers, on stdout with the test log.
    public static func report(_ scenario: String, _ figures: String) {
        print("reliability[\(isSoak ? "soak" : "ci")] \(scenario): \(figures)")
    }
}
