import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Times one run of a program as a whole process, from spawn to exit, with its output going to
/// /dev/null (the terminal is not what is measured); and measures its peak resident memory.
enum ProcessTiming {
    struct Run {
        let seconds: Double
        let status: Int32
    }

    /// Children inherit the signal mask of the thread that starts them, and a test runner may have
    /// SIGALRM blocked: pgbench's `-T` is an alarm, so it would then never stop. Called first thing,
    /// on the main thread, whose mask later threads inherit.
    static func unblockSignals() {
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> Run {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = Clock.seconds()
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw BenchError("Could not start \(arguments[0]): error \(spawned).") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("Lost track of \(arguments[0]).") }
        }
        let seconds = Clock.seconds() - start
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Run(seconds: seconds, status: exit)
    }

    /// The peak resident memory of one run, in KiB, as `/usr/bin/time` reports it (`%M`, the
    /// grandchild's `ru_maxrss`). Not from our own `wait4`: a child spawned from this process
    /// carries this process's high-water mark across its exec, so it would report our size.
    static func peakMemoryKiB(_ arguments: [String], environment: [String: String]) throws -> Int? {
        let time = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: time) else { return nil }
        let report = NSTemporaryDirectory() + "meso-bench-time-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: report) }
        _ = try run([time, "-f", "%M", "-o", report] + arguments, environment: environment)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        return text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last
    }
}
