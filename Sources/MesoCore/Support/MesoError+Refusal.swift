import PostgresClient

extension MesoError {
    /// Runs `body`, turning the database's own refusal `state` (a sentence raised by a trigger) into
    /// invalid input naming `field`, and any other database failure into its `MesoError`.
    public static func translating<Result>(
        _ state: SQLState, field: (PostgresError) -> Message, _ body: () throws -> Result
    ) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == state {
            throw MesoError.invalid(field(error), Message(error.message))
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }
}
