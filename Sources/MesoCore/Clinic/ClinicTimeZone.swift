/// An IANA time zone name as the clinic's setting takes it: `UTC`, or `Area/City` such as
/// `Europe/Paris` or `America/Argentina/Buenos_Aires`. Abbreviations (`CET`, `EST`) and POSIX
/// offsets (`UTC+3`, whose sign is the reverse of ISO 8601's) are refused: they ignore daylight
/// saving or mean the opposite of what they seem to. Whether PostgreSQL knows the zone is asked of
/// the database when it is set.
public struct ClinicTimeZone: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public static let utc = ClinicTimeZone(checked: "UTC")

    public init(_ text: String, field: Message = "\(.timeZone)") throws(MesoError) {
        let name = FieldText.trim(text)
        guard name == "UTC" || Self.isAreaCity(name) else {
            throw .invalid(
                field,
                "\(field) must be a time zone name such as Europe/Paris, Asia/Dubai or UTC, not an abbreviation or an offset.")
        }
        self.name = name
    }

    init(checked name: String) {
        self.name = name
    }

    public var description: String { name }

    /// `Area/City[/Place]`: an upper-case letter, then letters; then one or more `/` parts of
    /// letters, digits, `_`, `+` or `-`, as in the tz database's names.
    private static func isAreaCity(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, name.utf8.count <= 64, let area = parts.first, let first = area.unicodeScalars.first,
            ("A"..."Z").contains(first), area.unicodeScalars.allSatisfy(\.isASCIILetter)
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            !part.isEmpty
                && part.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || "_+-".unicodeScalars.contains($0) }
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("A"..."Z").contains(self) || ("a"..."z").contains(self) }
}
