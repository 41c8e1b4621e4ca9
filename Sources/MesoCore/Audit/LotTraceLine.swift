#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One use of a lot as `lot_trace.trace_line` holds it (Schema/0008): twelve tab-separated fields,
/// the session, its patient and the volumes, read straight from the result's bytes. The layout is
/// the migration's generated column, field for field.
struct LotTraceLine: PostgresByteDecodable {
    static let fieldCount = 12

    let sessionID: Int64
    let performedAt: Timestamp
    let patientID: Int64
    let patientMRN: String
    let patientName: String
    let patientBirthDate: CalendarDate?
    let practitioner: String
    let formulaCode: String
    let formulaVersion: Int
    let area: String?
    let volumeML: Decimal
    let wasteML: Decimal

    init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        var fields = Fields(bytes: bytes)
        sessionID = try Int64(postgresBytes: try fields.next())
        performedAt = Timestamp(microsecondsSinceEpoch: try Int64(postgresBytes: try fields.next()))
        patientID = try Int64(postgresBytes: try fields.next())
        patientMRN = String(decoding: try fields.next(), as: UTF8.self)
        patientName = String(decoding: try fields.next(), as: UTF8.self)
        let birthDays = try fields.next()
        patientBirthDate = birthDays.isEmpty ? nil : CalendarDate(daysSinceEpoch: try Int(postgresBytes: birthDays))
        practitioner = String(decoding: try fields.next(), as: UTF8.self)
        formulaCode = String(decoding: try fields.next(), as: UTF8.self)
        formulaVersion = try Int(postgresBytes: try fields.next())
        let area = try fields.next()
        self.area = area.isEmpty ? nil : String(decoding: area, as: UTF8.self)
        volumeML = try Decimal(postgresBytes: try fields.next())
        wasteML = try Decimal(postgresBytes: try fields.next())
        guard fields.isAtEnd else {
            throw PostgresDecodingFailure("holds more than the \(Self.fieldCount) fields of a lot trace line")
        }
    }

    /// The tab-separated fields of a line, one after the other, without copying them.
    private struct Fields {
        let bytes: UnsafeRawBufferPointer
        var position = 0
        var taken = 0

        var isAtEnd: Bool { position > bytes.count }

        mutating func next() throws(PostgresDecodingFailure) -> UnsafeRawBufferPointer {
            guard position <= bytes.count else {
                throw PostgresDecodingFailure("holds \(taken) of the \(LotTraceLine.fieldCount) fields of a lot trace line")
            }
            let end = bytes.offset(of: UInt8(ascii: "\t"), from: position)
            let field = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
            position = end + 1
            taken += 1
            return field
        }
    }
}
