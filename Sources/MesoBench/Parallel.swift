import Foundation

/// Runs closures on threads of their own and waits for all of them: one database connection per
/// thread, as libpq wants. The first error thrown is rethrown.
enum Parallel {
    static func run(_ bodies: [@Sendable () throws -> Void]) throws {
        let failures = Failures()
        let group = DispatchGroup()
        for body in bodies {
            group.enter()
            let thread = Thread {
                do { try body() } catch { failures.add(error) }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if let first = failures.first { throw first }
    }

    private final class Failures: @unchecked Sendable {
        // Guarded by `lock`: written by the worker threads, read once they are all done.
        private let lock = NSLock()
        private var errors: [any Error] = []

        func add(_ error: any Error) {
            lock.lock()
            errors.append(error)
            lock.unlock()
        }

        var first: (any Error)? {
            lock.lock()
            defer { lock.unlock() }
            return errors.first
        }
    }
}
