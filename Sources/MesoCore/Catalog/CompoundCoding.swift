/// A compound's code in a public code system (Schema/0016): an ATC code under
/// `http://www.whocc.no/atc`, a SNOMED CT concept under `http://snomed.info/sct`. The FHIR export
/// writes it beside meso's own coding wherever the compound appears.
public struct CompoundCoding: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let system: String
    public let code: String

    /// From `SYSTEM|CODE` as `Field.code` takes it: the system an absolute URI (it holds no `|`), the
    /// code a FHIR code (printable, single spaces inside, at most 100 characters).
    public init(_ text: String, field: Message = "\(.code)") throws(MesoError) {
        let trimmed = FieldText.trim(text)
        guard let bar = trimmed.firstIndex(of: "|") else {
            throw .invalid(field, "\(field) must be SYSTEM|CODE, such as 'http://www.whocc.no/atc|N01BB02'.")
        }
        system = try CodeSystemURI.check(String(trimmed[..<bar]), field: field)
        let code = String(trimmed[trimmed.index(after: bar)...])
        let words = code.split(separator: " ", omittingEmptySubsequences: false)
        guard !code.isEmpty, code.utf8.count <= 100, code.utf8.allSatisfy({ (0x20...0x7E).contains($0) }),
            words.allSatisfy({ !$0.isEmpty })
        else {
            throw .invalid(
                field,
                "\(field) must end in a code of 1 to 100 printable ASCII characters, spaces only singly and inside it, after the '|'.")
        }
        self.code = code
    }

    /// A coding already stored (`SYSTEM|CODE` as the export's query joins it).
    init(stored text: String) {
        let bar = text.firstIndex(of: "|") ?? text.endIndex
        system = String(text[..<bar])
        code = bar == text.endIndex ? "" : String(text[text.index(after: bar)...])
    }

    public var description: String { system + "|" + code }

    public static func < (lhs: CompoundCoding, rhs: CompoundCoding) -> Bool {
        (lhs.system, lhs.code) < (rhs.system, rhs.code)
    }
}
