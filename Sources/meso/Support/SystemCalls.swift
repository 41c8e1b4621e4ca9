#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library's calls whose names a command's own methods shadow (`exit`, `write`), named
/// through the C library of the platform being built for.
enum SystemCalls {
    /// Ends the process with `code`, no stdio flush needed (`Console` writes unbuffered).
    static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
            Glibc.exit(code)
        #elseif canImport(Darwin)
            Darwin.exit(code)
        #endif
    }

    /// One write(2) of `count` bytes: the number written, or -1 with errno set.
    static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #elseif canImport(Darwin)
            Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// Everything on standard input until its end, read with read(2).
    static func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { chunk -> Int in
                #if canImport(Glibc)
                    Glibc.read(0, chunk.baseAddress, chunk.count)
                #elseif canImport(Darwin)
                    Darwin.read(0, chunk.baseAddress, chunk.count)
                #endif
            }
            if count > 0 {
                bytes += buffer[0..<count]
            } else if count == 0 || errno != EINTR {
                return bytes
            }
        }
    }
}
