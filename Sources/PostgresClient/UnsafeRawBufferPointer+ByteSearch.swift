#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension UnsafeRawBufferPointer {
    /// The offset of the first `byte` at or after `start`, else `count`. It is libc's `memchr`,
    /// which compares many bytes at a step: a value holding thousands of delimited lines (a lot's
    /// trace) is split at the speed of memory rather than a byte at a time.
    public func offset(of byte: UInt8, from start: Int) -> Int {
        guard start < count, let base = baseAddress else { return count }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return count }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
