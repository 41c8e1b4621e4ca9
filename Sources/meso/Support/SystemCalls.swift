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
}
