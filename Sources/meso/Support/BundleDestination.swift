import MesoCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an exported document goes, chunk by chunk: stdout, or a file that appears only once it is
/// whole. A file is written as a temporary file beside it (mode 0600: it holds patient data), synced,
/// then renamed over the target, so a failure at any point leaves no file, or the previous one, and
/// never half a document.
final class BundleDestination {
    private let target: String?
    private let temporaryPath: String?
    private var descriptor: Int32
    private var finished = false

    /// stdout when `path` is nil; else a temporary file in `path`'s directory.
    init(path: String?, field: String = "--out") throws {
        guard let path else {
            target = nil
            temporaryPath = nil
            descriptor = STDOUT_FILENO
            return
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else {
            throw MesoError.invalid(Message(field), "\(field) must name a file, not a directory.")
        }
        var template = Array(((directory.isEmpty ? "/" : directory) + "/." + name + ".meso-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard made >= 0 else {
            throw MesoError.invalid(Message(field), "\(field) \(path) cannot be written: \(Self.reason(errno)).")
        }
        target = path
        temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        descriptor = made
    }

    /// Writes one chunk in full.
    func write(_ bytes: [UInt8]) throws {
        if let failure = Console.writeAll(bytes, to: descriptor) {
            throw MesoError(.internal, "The Bundle could not be written to \(target ?? "stdout"): \(Self.reason(failure)).")
        }
    }

    /// Makes a file whole: synced, then renamed over the target.
    func commit() throws {
        guard let target, let temporaryPath else { return }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let failure = Self.reason(errno)
            abandon()
            throw MesoError(.internal, "The Bundle could not be written to \(target): \(failure).")
        }
        descriptor = -1
        guard rename(temporaryPath, target) == 0 else {
            let failure = Self.reason(errno)
            abandon()
            throw MesoError.invalid("--out", "--out \(target) cannot be replaced: \(failure).")
        }
        finished = true
    }

    /// Removes the temporary file of an export that failed.
    func abandon() {
        guard !finished, let temporaryPath else { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
        finished = true
    }

    deinit { abandon() }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
