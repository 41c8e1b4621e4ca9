import PostgresClient
import Testing

/// Integers arrive as text: every one that fits its type is read exactly, whatever its length, and
/// anything else (a digit too many, a letter, nothing at all) is refused rather than wrapped.
@Suite struct IntegerTextTests {
    static func read<Value: PostgresByteDecodable>(_ text: String, as type: Value.Type) -> Value? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer in try? Value(postgresBytes: UnsafeRawBufferPointer(buffer)) }
    }

    @Test func integersOfEveryLengthAreReadExactly() {
        #expect(Self.read("0", as: Int64.self) == 0)
        #expect(Self.read("007", as: Int64.self) == 7)
        #expect(Self.read("999999999999999999", as: Int64.self) == 999_999_999_999_999_999)
        #expect(Self.read("1000000000000000000", as: Int64.self) == 1_000_000_000_000_000_000)
        #expect(Self.read("\(Int64.max)", as: Int64.self) == .max)
        #expect(Self.read("\(Int64.min)", as: Int64.self) == .min)
        #expect(Self.read("-5", as: Int.self) == -5)
        #expect(Self.read("+5", as: Int.self) == 5)
        #expect(Self.read("\(Int32.max)", as: Int32.self) == .max)
        #expect(Self.read("\(Int32.min)", as: Int32.self) == .min)
    }

    @Test func whatDoesNotFitOrIsNotAnIntegerIsRefused() {
        #expect(Self.read("9223372036854775808", as: Int64.self) == nil)
        #expect(Self.read("99999999999999999999", as: Int64.self) == nil)
        #expect(Self.read("2147483648", as: Int32.self) == nil)
        #expect(Self.read("-2147483649", as: Int32.self) == nil)
        #expect(Self.read("", as: Int64.self) == nil)
        #expect(Self.read("-", as: Int64.self) == nil)
        #expect(Self.read("12a", as: Int64.self) == nil)
        #expect(Self.read("1 2", as: Int64.self) == nil)
        #expect(Self.read("1.5", as: Int64.self) == nil)
    }
}
