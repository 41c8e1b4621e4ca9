/// A value made once of the text a user typed for one input (an MRN, a date, a count): its
/// initialiser runs the input's checks, and a refusal names the input, as a `Field` key or as the
/// argument's name (`"MRN"`).
public protocol TypedValue {
    /// Checks `text` as typed; a refusal names `field`, the input it came from.
    init(_ text: String, field: Message) throws(MesoError)
}

extension TypedValue {
    /// Checks `text` as typed; a refusal names `field`.
    public init(_ text: String, field: Field) throws(MesoError) {
        try self.init(text, field: "\(field)")
    }

    /// The value of an input that may be absent: nil when it is, else checked as typed.
    public init?(_ text: String?, field: Field) throws(MesoError) {
        guard let text else { return nil }
        try self.init(text, field: "\(field)")
    }
}
