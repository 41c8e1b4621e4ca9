import MesoCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the project's `Schema/` and `Fixtures/` directories as the tests do: the directory an
/// environment variable names (`MESO_SCHEMA_DIR`, `MESO_FIXTURES_DIR`), else the one in the
/// checkout this binary was built from (found from this source file's path, so a copy of the binary
/// installed elsewhere still finds them while the checkout is there).
enum ProjectFiles {
    /// The checkout this binary was built from: this file sits in `Sources/meso/Support/`.
    static let checkout: String = {
        var path = #filePath
        for _ in 0..<4 { path = parent(of: path) }
        return path
    }()

    static func directory(_ name: String, environment: String) throws -> String {
        if let path = Environment.value(environment), !path.isEmpty { return path }
        let built = checkout + "/" + name
        if isDirectory(built) { return built }
        throw MesoError(
            .internal, "The \(name)/ directory of the checkout meso was built from (\(checkout)) is gone; set \(environment) to its path.")
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
