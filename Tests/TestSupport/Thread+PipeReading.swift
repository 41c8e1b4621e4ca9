import Foundation

extension Thread {
    /// Reads a pipe to its end on a thread of its own; the returned function waits for the bytes
    /// (and may be called again).
    public static func detachedRead(_ pipe: Pipe) -> @Sendable () -> Data {
        final class Box: @unchecked Sendable {
            // @unchecked: written once before the semaphore is signalled, read after waiting on it.
            var data = Data()
            let done = DispatchSemaphore(value: 0)
        }
        let box = Box()
        Thread {
            box.data = pipe.fileHandleForReading.readDataToEndOfFile()
            box.done.signal()
        }.start()
        return {
            box.done.wait()
            box.done.signal()
            return box.data
        }
    }
}
