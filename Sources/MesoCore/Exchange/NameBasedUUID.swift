/// A name-based UUID, version 5 (RFC 9562 §5.5): the SHA-1 of a namespace UUID followed by a name,
/// with the version and variant bits set. The same namespace and name always give the same UUID,
/// which is how the FHIR export gives every resource the same `urn:uuid:` from one export to the next.
public struct NameBasedUUID: Sendable, Hashable, CustomStringConvertible {
    /// The 16 bytes, most significant first.
    public let bytes: [UInt8]

    /// RFC 9562's namespace for names that are URLs (`6ba7b811-9dad-11d1-80b4-00c04fd430c8`).
    public static let urlNamespace = NameBasedUUID(
        bytes: [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8])

    /// RFC 9562's namespace for DNS names (`6ba7b810-...`), for the published test vectors.
    public static let dnsNamespace = NameBasedUUID(
        bytes: [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8])

    init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        self.bytes = bytes
    }

    /// The version 5 UUID of `name` (its UTF-8 bytes) in `namespace`.
    public init(namespace: NameBasedUUID, name: String) {
        var digest = Array(SHA1.digest(namespace.bytes + Array(name.utf8)).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50  // version 5
        digest[8] = (digest[8] & 0x3F) | 0x80  // the RFC's variant
        self.init(bytes: digest)
    }

    /// Lower-case hexadecimal in the 8-4-4-4-12 form.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
