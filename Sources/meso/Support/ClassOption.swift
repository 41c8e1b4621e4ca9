import ArgumentParser
import MesoCore

/// `--class CLASS`: a listing narrowed to one class of a fixed set (compounds, medications).
struct ClassOption<Class: RawRepresentable & CaseIterable>: ParsableArguments where Class.RawValue == String {
    @Option(name: .customLong("class"), help: "Only this class.")
    var choice: Choice<Class>?

    /// The class asked for, if any; a word not in the set is refused naming `--class`.
    func request() throws(MesoError) -> Class? {
        try choice?.value(.compoundClass)
    }
}
