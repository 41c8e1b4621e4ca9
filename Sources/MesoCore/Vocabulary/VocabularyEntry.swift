import PostgresClient

/// A term of the medication vocabulary as `meso vocabulary list` shows it: the term, what it names,
/// its washout and its source, and who added it when.
public struct VocabularyEntry: Sendable, Hashable {
    public let term: VocabularyTerm
    public let language: String?
    /// The substance's own washout source, else the class's.
    public let washoutSource: String
    public let recordedAt: Timestamp
    public let recordedBy: String
    public let recordedLogin: String

    static let columns =
        VocabularyTerm.columns
        + ", t.language, coalesce(s.washout_source, c.washout_source) AS washout_source, t.recorded_at, t.recorded_by, t.recorded_login"

    init(row: PostgresRow) throws(PostgresError) {
        term = try VocabularyTerm(row: row)
        language = try row.decode("language")
        washoutSource = try row.decode("washout_source")
        recordedAt = try row.decode("recorded_at")
        recordedBy = try row.decode("recorded_by")
        recordedLogin = try row.decode("recorded_login")
    }
}
