import MesoCore

/// The CLI's names for fields, so that tests read MesoCore's sentences as a user sees them.
public let cliNaming: FieldNaming = { "--" + $0.rawValue }

extension MesoError {
    public var message: String { message(naming: cliNaming) }
    public var field: String? { field(naming: cliNaming) }
}

extension Message {
    public var text: String { rendered(naming: cliNaming) }
}
