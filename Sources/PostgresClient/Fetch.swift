/// A read sent in a pipeline: its statements and the decoder of their answers, so that whoever
/// sends several reads together gets each one's typed value back without counting statements.
///
/// ```swift
/// let facts = Fetch.all(PatientService.fetchRecord(mrn), StockFacts.fetch(.formula(code), at: time))
/// let (record, lots) = try connection.fetch(facts)
/// ```
public struct Fetch<Value> {
    /// The statements, in the order their answers are decoded.
    public let queries: [PostgresQuery]
    private let decoder: (ArraySlice<PostgresResult>) throws -> Value

    /// Statements decoded together: `decode` receives exactly one answer per query, in order.
    public init(queries: [PostgresQuery], decode: @escaping (ArraySlice<PostgresResult>) throws -> Value) {
        self.queries = queries
        self.decoder = decode
    }

    /// One statement and what its answer becomes.
    public init(_ query: PostgresQuery, decode: @escaping (PostgresResult) throws -> Value) {
        self.init(queries: [query]) { results in try decode(results[results.startIndex]) }
    }

    /// The value decoded from exactly the answers to `queries`.
    public func decode(_ results: some Collection<PostgresResult>) throws -> Value {
        guard results.count == queries.count else {
            throw PostgresError(
                kind: .client, message: "a pipeline answered \(results.count) statements of the \(queries.count) sent")
        }
        return try decoder(ArraySlice(results))
    }

    /// Decodes this fetch's answers from the front of `results` and drops them.
    func decode(taking results: inout ArraySlice<PostgresResult>) throws -> Value {
        let mine = results.prefix(queries.count)
        results = results.dropFirst(queries.count)
        return try decode(mine)
    }

    /// The same statements, their value transformed.
    public func map<Other>(_ transform: @escaping (Value) throws -> Other) -> Fetch<Other> {
        Fetch<Other>(queries: queries) { results in try transform(try decoder(results)) }
    }

    /// Several fetches sent as one, in order; their values come back as a tuple.
    public static func all<each Part>(_ parts: repeat Fetch<each Part>) -> Fetch<(repeat each Part)>
    where Value == (repeat each Part) {
        var queries: [PostgresQuery] = []
        for part in repeat each parts { queries += part.queries }
        return Fetch(queries: queries) { results in
            var rest = results
            return (repeat try (each parts).decode(taking: &rest))
        }
    }

    /// A fetch sent only when there is one: nil sends nothing and decodes as nil.
    public static func ifAny<Wrapped>(_ fetch: Fetch<Wrapped>?) -> Fetch<Wrapped?> where Value == Wrapped? {
        guard let fetch else { return Fetch(queries: []) { _ in nil } }
        return fetch.map { $0 }
    }
}

extension Fetch where Value == Void {
    /// A statement sent for its effect (a lock), whose answer is not read.
    public static func effect(_ query: PostgresQuery) -> Fetch<Void> {
        Fetch(query) { _ in }
    }
}
