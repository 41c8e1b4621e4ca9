import Foundation
import PostgresClient
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A password given with `--database-url` leaves the process list as soon as meso has read its
/// arguments: read from `/proc/PID/cmdline` while meso waits on a server that never answers.
@Suite("security: no password in the process list")
struct SecurityPasswordTests {
    @Test func thePasswordIsGoneFromTheCommandLineWhileMesoWaits() throws {
        let cluster = try PrivateCluster("argv")
        defer { cluster.destroy() }
        let postmaster = try #require(cluster.postmasterPID)
        let base = cluster.serverURL.replacingOccurrences(of: "meso_admin@", with: "meso_admin:s3cret%40pw@")
        let keyValue = try ConnectionString.replacing("password", with: "s3cret pw", in: cluster.serverURL)
        // Spellings libpq reads as a password too: a percent-encoded keyword, a backslash-escaped space
        // in an unquoted value, an escaped quote in a quoted one.
        let bare = try ConnectionString.replacing("connect_timeout", with: "5", in: cluster.serverURL)
        let quotedQuote = try ConnectionString.replacing("password", with: "s3cret' pw", in: bare)
        kill(postmaster, SIGSTOP)
        defer { kill(postmaster, SIGCONT) }
        for arguments in [
            ["audit", "verify", "--database-url", base + "&connect_timeout=5"],
            ["audit", "verify", "--database-url=" + base + "&connect_timeout=5&password=s3cret2"],
            ["--database-url", keyValue + " connect_timeout=5", "db", "status"],
            ["audit", "verify", "--database-url", cluster.serverURL + "&connect_timeout=5&pass%77ord=s3cret3"],
            ["--database-url", bare + " password=s3cret\\ pw", "db", "status"],
            ["--database-url", quotedQuote, "db", "status"],
        ] {
            let process = try MesoProcess(arguments)
            // Long enough for meso to be waiting on the server, well inside its connect timeout.
            usleep(700_000)
            let cmdline = try #require(FileManager.default.contents(atPath: "/proc/\(process.pid)/cmdline"))
            let shown = String(decoding: cmdline.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            let ended = process.wait(timeout: 30)
            #expect(shown.contains("--database-url"), "\(shown)")
            #expect(!shown.contains("s3cret") && !shown.contains(" pw"), "the password is in the process list: \(shown)")
            // One `*` whatever the password's length.
            #expect(!shown.contains("**"), "the mask tells the password's length: \(shown)")
            #expect(shown.contains("meso_admin") || shown.contains("user="), "the rest of the URL stays: \(shown)")
            #expect(ended?.outcome.status == 69, "\(String(describing: ended))")
        }
    }
}
