@testable import MesoCore
import PostgresClient
import Testing

/// A lot's trace arrives as one value, its lines joined by newlines: each line is read, and the uses
/// come out in the order of time then session whatever order the bytes hold.
@Suite struct LotTraceLinesTests {
    /// A `lot_trace.trace_line`: session, performed at (µs), patient, MRN, name, birth day, practitioner,
    /// formula, version, area, volume, waste.
    static func line(session: Int64, at microseconds: Int64, area: String = "") -> String {
        ["\(session)", "\(microseconds)", "7", "MRN-7", "Ana Ruiz", "", "Dr Vidal", "GLOW-C", "2", area, "2.500", "0"]
            .joined(separator: "\t")
    }

    static func decode(_ text: String) throws -> [LotTraceLine] {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBytes { buffer in
            try LotTraceLines.uses(in: UnsafeRawBufferPointer(buffer), { $0 }, orderedBy: { ($0.performedAt, $0.sessionID) })
        }
    }

    @Test func everyLineIsRead() throws {
        let text = [Self.line(session: 1, at: 10, area: "face"), Self.line(session: 2, at: 20), Self.line(session: 3, at: 20)]
            .joined(separator: "\n")
        let uses = try Self.decode(text)
        #expect(uses.map(\.sessionID) == [1, 2, 3])
        #expect(uses[0].area == "face" && uses[1].area == nil)
        #expect(uses[2].patientBirthDate == nil && uses[2].formulaVersion == 2)
    }

    @Test func usesAreOrderedByTimeThenSession() throws {
        let text = [Self.line(session: 9, at: 30), Self.line(session: 4, at: 10), Self.line(session: 2, at: 30)]
            .joined(separator: "\n")
        #expect(try Self.decode(text).map(\.sessionID) == [4, 2, 9])
    }

    @Test func aLineMissingAFieldIsRefused() {
        let text = Self.line(session: 1, at: 10) + "\n" + "5\t20\t7"
        #expect(throws: PostgresDecodingFailure.self) { try Self.decode(text) }
    }
}
