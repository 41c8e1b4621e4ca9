import ArgumentParser
import MesoCore

/// `ID`: the session a command is about.
struct SessionArgument: ParsableArguments {
    @Argument(help: "The session ID.")
    var id: String

    /// The session's ID, checked; a refusal names the argument `ID`.
    func request() throws(MesoError) -> RecordID {
        try RecordID(id, field: "ID")
    }
}
