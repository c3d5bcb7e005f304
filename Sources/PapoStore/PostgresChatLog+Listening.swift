import PostgresNIO

extension PostgresChatLog {
    /// Listens on `connection` for appends while `body` runs, and stops when it returns.
    ///
    /// `body` runs once PostgreSQL has confirmed the `LISTEN`, so a reader that reads the log
    /// inside `body` and then waits misses nothing: an append that commits after its read
    /// notifies it. A scope rather than a returned sequence, as postgres-nio's own
    /// `listen(on:consume:)`: the `UNLISTEN` cannot be forgotten, and the sequence-returning
    /// `listen(_:)` is deprecated.
    public func withNotifications<Value>(
        on connection: PostgresConnection,
        _ body: (Notifications) async throws -> Value
    ) async throws -> Value {
        try await connection.listen(on: Self.channel) { notifications in
            try await body(Notifications(base: notifications))
        }
    }

    /// The appends a listener hears of: each element is the log's last sequence number after
    /// one append. They only wake a reader, which reads the rows (`entries(after:)`). A
    /// notification that is not a number (anyone may `NOTIFY` the channel) is passed over.
    public struct Notifications: AsyncSequence, Sendable {
        public typealias Element = Int64

        let base: PostgresNotificationSequence

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(base: self.base.makeAsyncIterator())
        }

        public struct AsyncIterator: AsyncIteratorProtocol {
            var base: PostgresNotificationSequence.AsyncIterator

            public mutating func next() async throws -> Int64? {
                while let notification = try await self.base.next() {
                    if let last = Int64(notification.payload) { return last }
                }
                return nil
            }
        }
    }
}

@available(*, unavailable)
extension PostgresChatLog.Notifications.AsyncIterator: Sendable {}
