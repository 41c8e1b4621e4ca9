import Foundation

/// Items handed out one at a time to whichever thread asks first.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var items: [Item]

    init(_ items: [Item]) {
        self.items = items.reversed()
    }

    func next() -> Item? {
        lock.lock()
        defer { lock.unlock() }
        return items.popLast()
    }
}
