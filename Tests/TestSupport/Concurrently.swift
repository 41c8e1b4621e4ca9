import Foundation

/// Runs `body(0..<count)` on `count` threads of their own at once and waits for all of them:
/// each worker spends its time waiting for a `meso` process, so they must not share a pool that
/// is only as wide as the machine has cores.
public func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    group.wait()
}
