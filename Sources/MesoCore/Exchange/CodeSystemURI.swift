/// An absolute URI naming a code system or an identifier system, as FHIR's `Coding.system` and
/// `Identifier.system` take it: a lower-case scheme and what follows, in RFC 3986's characters,
/// without a fragment and without `|` (which separates a system from its code, in `Field.code` and in
/// FHIR's own token syntax). `urn:uuid:` must hold a UUID, `urn:oid:` an OID, and `http(s):` a host.
public enum CodeSystemURI {
    public static let maximumLength = 255

    public static func check(_ text: String, field: Message) throws(MesoError) -> String {
        let uri = FieldText.trim(text)
        let example = "such as http://www.whocc.no/atc, http://snomed.info/sct or urn:oid:1.2.250.1.71"
        guard let colon = uri.firstIndex(of: ":"), isScheme(uri[..<colon]), uri.index(after: colon) < uri.endIndex else {
            throw .invalid(field, "\(field) must be an absolute URI with a lower-case scheme, \(example).")
        }
        guard uri.utf8.count <= maximumLength, uri.utf8.allSatisfy(isURICharacter), hasValidEscapes(uri) else {
            throw .invalid(
                field,
                "\(field) must be a URI of at most \(maximumLength) characters without spaces, '|', '#' or other characters a URI may not hold, \(example).")
        }
        let scheme = uri[..<colon]
        let rest = String(uri[uri.index(after: colon)...])
        switch scheme {
        case "urn" where rest.hasPrefix("uuid:"):
            guard isUUID(rest.dropFirst("uuid:".count)) else {
                throw .invalid(field, "\(field) names a urn:uuid: whose UUID is not 8-4-4-4-12 lower-case hexadecimal digits.")
            }
        case "urn" where rest.hasPrefix("oid:"):
            guard isOID(rest.dropFirst("oid:".count)) else {
                throw .invalid(field, "\(field) names a urn:oid: that is not an OID (digits separated by dots, such as 1.2.250.1.71).")
            }
        case "http", "https":
            let authority = rest.hasPrefix("//") ? rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" } : ""
            guard !authority.isEmpty else {
                throw .invalid(field, "\(field) must name a host after \(scheme)://, \(example).")
            }
        default:
            break
        }
        return uri
    }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    /// RFC 3986's unreserved and reserved characters and `%`, less `#` (a fragment) and `|`.
    private static func isURICharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~:/?[]@!$&'()*+,;=%".utf8.contains(byte)
        }
    }

    private static func hasValidEscapes(_ uri: String) -> Bool {
        let bytes = Array(uri.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "%") {
            guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
        }
        return true
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func isUUID(_ text: Substring) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.utf8.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { group in
            group.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        }
    }

    private static func isOID(_ text: Substring) -> Bool {
        let arcs = text.split(separator: ".", omittingEmptySubsequences: false)
        guard arcs.count >= 2, let first = arcs.first, ["0", "1", "2"].contains(first) else { return false }
        return arcs.allSatisfy { arc in
            !arc.isEmpty && arc.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                && (arc == "0" || arc.first != "0")
        }
    }
}
