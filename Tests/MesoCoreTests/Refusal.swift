import MesoCore
import Testing

/// The `MesoError` that `body` is refused with, or nil (and nothing recorded) when it succeeds;
/// any other error fails the test.
func refusal(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> MesoError? {
    do {
        try body()
        return nil
    } catch let error as MesoError {
        return error
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
