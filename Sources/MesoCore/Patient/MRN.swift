/// A medical record number as the clinic's records write it: letters, digits and `. _ / -`,
/// 1 to 40 characters, starting with a letter or digit (`MRN-0001`, `2024/118`). Kept as typed:
/// an MRN is an identifier from another system, not a code meso may re-case.
public struct MRN: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        let trimmed = FieldText.trim(text)
        guard !trimmed.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }
        let bytes = Array(trimmed.utf8)
        guard bytes.count <= 40, FieldText.isASCIIAlphanumeric(bytes[0]),
            bytes.allSatisfy({ FieldText.isASCIIAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "-") })
        else {
            throw .invalid(
                field, "\(field) must be 1 to 40 letters, digits or . _ / -, starting with a letter or digit.")
        }
        self.text = trimmed
    }
}
