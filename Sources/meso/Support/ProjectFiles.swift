import MesoCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the project's `Schema/` and `Fixtures/` directories: named by an environment variable,
/// else next to the executable or one of its parents (`.build/debug/meso` sits three levels
/// below the checkout), else under the current directory.
enum ProjectFiles {
    static func directory(_ name: String, environment: String) throws -> String {
        if let path = Environment.value(environment), !path.isEmpty { return path }
        var candidates: [String] = []
        if let executable = executablePath() {
            var directory = parent(of: executable)
            while directory != "/" && !directory.isEmpty {
                candidates.append(directory + "/" + name)
                directory = parent(of: directory)
            }
        }
        if let cwd = getcwd(nil, 0) {
            candidates.append(String(cString: cwd) + "/" + name)
            free(cwd)
        }
        for candidate in candidates where isDirectory(candidate) { return candidate }
        throw MesoError(.internal, "The \(name)/ directory was not found; set \(environment) to its path.")
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments.first }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
