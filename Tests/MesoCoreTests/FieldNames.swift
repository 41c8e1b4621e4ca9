import MesoCore

/// The CLI's names for fields, so that these tests read MesoCore's sentences as a user sees them.
let cliNaming: FieldNaming = { "--" + $0.rawValue }

extension MesoError {
    var message: String { message(naming: cliNaming) }
    var field: String? { field(naming: cliNaming) }
}

extension Message {
    var text: String { rendered(naming: cliNaming) }
}
