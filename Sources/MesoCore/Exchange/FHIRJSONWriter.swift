/// Writes FHIR JSON, pretty-printed with two spaces, into a byte buffer that it hands to `sink`
/// whenever it passes `chunkSize`: a recall Bundle of thousands of resources is written as it is
/// made, never held whole. Strings are written as UTF-8 with JSON's escapes for quotes, backslashes
/// and control characters only, so the same value is always the same bytes.
public struct FHIRJSONWriter {
    public typealias Sink = ([UInt8]) throws -> Void

    private var buffer: [UInt8] = []
    private let sink: Sink
    private let chunkSize: Int

    public init(chunkSize: Int = 1 << 16, sink: @escaping Sink) {
        self.sink = sink
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// Appends raw text (the Bundle's own punctuation).
    public mutating func raw(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        try flushIfFull()
    }

    /// Appends `value` as it appears at nesting depth `level` (its first line is not indented:
    /// it follows a key or an indent already written).
    public mutating func value(_ value: FHIRValue, level: Int) throws {
        append(value, level: level)
        try flushIfFull()
    }

    /// Hands everything still buffered to the sink.
    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// `value` alone, as a complete document's bytes (tests and single resources).
    public static func bytes(of value: FHIRValue) -> [UInt8] {
        var collected: [UInt8] = []
        var writer = FHIRJSONWriter { collected += $0 }
        try? writer.value(value, level: 0)
        try? writer.flush()
        return collected
    }

    private mutating func flushIfFull() throws {
        if buffer.count >= chunkSize { try flush() }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private mutating func indent(_ level: Int) {
        buffer.append(contentsOf: Self.spaces[0..<min(level * 2, Self.spaces.count)])
    }

    private mutating func append(_ value: FHIRValue, level: Int) {
        switch value {
        case .string(let text): appendString(text)
        case .number(let text): buffer.append(contentsOf: text.utf8)
        case .bool(let flag): buffer.append(contentsOf: (flag ? "true" : "false").utf8)
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                buffer.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
                indent(level + 1)
                appendString(member.key)
                buffer.append(contentsOf: ": ".utf8)
                append(member.value, level: level + 1)
            }
            buffer.append(UInt8(ascii: "\n"))
            indent(level)
            buffer.append(UInt8(ascii: "}"))
        case .array(let items):
            buffer.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                buffer.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
                indent(level + 1)
                append(item, level: level + 1)
            }
            buffer.append(UInt8(ascii: "\n"))
            indent(level)
            buffer.append(UInt8(ascii: "]"))
        }
    }

    private mutating func appendString(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Most strings need no escape: copied whole.
            if !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                buffer.append(contentsOf: bytes)
                return
            }
            for byte in bytes { appendEscaped(byte) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        let hex = Array("0123456789abcdef".utf8)
        switch byte {
        case UInt8(ascii: "\""): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x0A: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x00..<0x20, 0x7F:
            buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            buffer.append(hex[Int(byte >> 4)])
            buffer.append(hex[Int(byte & 0x0F)])
        default: buffer.append(byte)
        }
    }
}
