extension PostgresConnection {
    /// Sends a fetch's statements in one pipeline that reads one snapshot (`snapshotPipeline`) and
    /// decodes their answers.
    public func fetch<Value>(_ fetch: Fetch<Value>, prepared: Bool = false) throws -> Value {
        try fetch.decode(try snapshotPipeline(fetch.queries, prepared: prepared))
    }
}

extension TransactionPipeline {
    /// Sends a fetch's statements as one round trip of the transaction and decodes their answers.
    public mutating func send<Value>(_ fetch: Fetch<Value>) throws -> Value {
        try fetch.decode(try send(fetch.queries))
    }

    /// Sends a fetch's statements and COMMIT as the transaction's last round trip, and decodes their
    /// answers.
    @discardableResult
    public mutating func commit<Value>(with fetch: Fetch<Value>) throws -> Value {
        try fetch.decode(try commit(with: fetch.queries))
    }
}

extension PostgresConnection {
    /// Sends a fetch's statements in one pipeline, inside the caller's transaction or each in its
    /// own, and decodes their answers.
    public func pipeline<Value>(_ fetch: Fetch<Value>, prepared: Bool = false) throws -> Value {
        try fetch.decode(try pipeline(fetch.queries, prepared: prepared))
    }
}
