import Foundation

/// One line on stderr that the loading threads update while the history loads: rows so far of
/// each large table against its total.
final class Progress: @unchecked Sendable {
    // Guarded by `lock`: advanced by the loading threads.
    private let lock = NSLock()
    private let totals: [(table: String, rows: Int)]
    private var done: [String: Int] = [:]
    private var lastPrinted = 0.0
    private let started = Clock.seconds()

    init(totals: [(table: String, rows: Int)]) {
        self.totals = totals
    }

    func advance(_ table: String, by rows: Int) {
        lock.lock()
        defer { lock.unlock() }
        done[table, default: 0] += rows
        let now = Clock.seconds()
        guard now - lastPrinted >= 0.25 else { return }
        lastPrinted = now
        printLine(final: false)
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        for (table, rows) in totals { done[table] = rows }
        printLine(final: true)
    }

    private func printLine(final: Bool) {
        let parts = totals.map { total in
            "\(total.table) \(Format.count(min(done[total.table] ?? 0, total.rows)))/\(Format.count(total.rows))"
        }
        let line = "\rloading: " + parts.joined(separator: ", ") + String(format: "  %.1f s", Clock.seconds() - started)
        FileHandle.standardError.write(Data((line + (final ? "\n" : "")).utf8))
    }
}
