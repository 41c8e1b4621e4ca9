import MesoCore

/// How the CLI names each input MesoCore reports: the option that supplies it (`Field.lot` is
/// `--lot`), or the environment variable when the value came from there.
enum FieldNames {
    static let naming: FieldNaming = { "--" + $0.rawValue }
    /// When the actor came from `MESO_ACTOR` rather than `--actor`.
    static let actorFromEnvironment: FieldNaming = { $0 == .actor ? "MESO_ACTOR" : naming($0) }
}

extension MesoError {
    /// The sentence as the CLI shows it.
    var message: String { message(naming: FieldNames.naming) }
    /// The field as the CLI names it.
    var field: String? { field(naming: FieldNames.naming) }
}

extension Message {
    /// The message as the CLI shows it.
    var text: String { rendered(naming: FieldNames.naming) }
}
