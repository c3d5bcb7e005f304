import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The ordered log of chat inputs that several papod nodes share (issue 23's design): every
/// node appends its inputs, and every node reads every entry, in the same order, without a gap.
///
/// A sequence or an identity column would not do: their values are taken when a transaction
/// asks, not when it commits, so a reader could see entry 8 committed while 7's transaction is
/// still open, move past 7, and never apply it. Here each append takes its numbers from one
/// head row and holds that row's lock until it commits: appends commit in the order of their
/// numbers, so whatever a reader sees is a gapless prefix of the log. A batch of a node's
/// inputs is one transaction and one `NOTIFY`; the notification only wakes the readers, the
/// rows carry the data.
///
/// The head row is also the log's clock: an append takes its time under the same lock as its
/// numbers, from PostgreSQL's clock but never earlier than the time before it, so times never
/// go backwards along the log, whichever node appends and whatever the clocks do (PostgreSQL's
/// stepped back by NTP, or a standby's taking over).
public final class PostgresChatLog: Sendable {
    /// One input, as the log keeps it.
    public struct Entry: Sendable, Equatable {
        /// Its place in the log: 1, 2, 3… with no gaps.
        public let sequence: Int64
        /// The node that appended it.
        public let node: String
        /// When its batch was appended, by the log's clock: the same for every entry of a
        /// batch, and never earlier than the entry before it.
        public let time: Date
        public let payload: Data

        public init(sequence: Int64, node: String, time: Date, payload: Data) {
            self.sequence = sequence
            self.node = node
            self.time = time
            self.payload = payload
        }
    }

    /// What one append wrote: its entries' numbers and their shared time.
    public struct Appended: Sendable, Equatable {
        public let sequences: ClosedRange<Int64>
        public let time: Date

        public init(sequences: ClosedRange<Int64>, time: Date) {
            self.sequences = sequences
            self.time = time
        }
    }

    /// A log whose entries are not numbered one after another: a bug, never a normal state.
    public struct GapError: Error, CustomStringConvertible {
        public let expected: Int64
        public let found: Int64
        public var description: String { "the chat log skips from \(self.expected - 1) to \(self.found)" }
    }

    /// What readers `LISTEN` on.
    public static let channel = "papo_chat_log"

    public let node: String
    /// Internal, not private: `PostgresChatLog+Cluster` and `+Listening` use its logger.
    let link: PostgresLink

    /// `node`: this papod's name (`--node`), recorded with each of its entries. Migrates the
    /// database first, as the store does (it may be the first to open it).
    public static func open(url: DatabaseURL, password: String?, node: String, logger: Logger) async throws -> PostgresChatLog {
        try await onOwnThread { try PostgresChatLog(url: url, password: password, node: node, logger: logger) }
    }

    private init(url: DatabaseURL, password: String?, node: String, logger: Logger) throws {
        self.node = node
        self.link = try PostgresLink(url: url, password: password, logger: logger)
        do {
            try self.link.withConnection(isTimed: false) { try PostgresStore.migrate($0) }
        } catch {
            self.link.close()
            throw PostgresStoreError(url: url, reason: PostgresStore.describe(error))
        }
        self.link.close()
    }

    /// Appends `payloads` in one transaction; returns their numbers and time.
    @discardableResult
    public func append(_ payloads: [Data], on connection: PostgresConnection) async throws -> Appended {
        precondition(!payloads.isEmpty, "an empty batch has no numbers")
        let logger = self.link.logger
        try await connection.query("BEGIN", logger: logger)
        do {
            // The head row's lock is held until COMMIT: the next append waits here. Once it
            // has the row, it sees the last append's numbers and time, so `greatest` keeps the
            // clock from going back. `clock_timestamp()`, not `now()`: `now()` is when the
            // transaction began, before any wait for the lock.
            let rows = try await connection.query(
                """
                UPDATE chat_log_head SET last_sequence = last_sequence + \(Int64(payloads.count)),
                last_micros = greatest(last_micros, floor(extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
                RETURNING last_sequence, last_micros
                """,
                logger: logger)
            var head: (last: Int64, micros: Int64)?
            for try await row in rows.decode((Int64, Int64).self) { head = row }
            guard let (last, micros) = head else { throw MissingRowError(table: "chat_log_head") }
            let first = last - Int64(payloads.count) + 1
            // The node and the time are bound once ($1, $2) and named by every row.
            var binds = PostgresBindings(capacity: 2 + payloads.count * 2)
            binds.append(self.node)
            binds.append(micros)
            var values: [String] = []
            values.reserveCapacity(payloads.count)
            for (offset, payload) in payloads.enumerated() {
                let base = binds.count
                binds.append(first + Int64(offset))
                try binds.append(payload)
                values.append("($\(base + 1), $1, $2, $\(base + 2))")
            }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO chat_log (sequence, node, at_micros, payload) VALUES "
                        + values.joined(separator: ", "),
                    binds: binds),
                logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.channel), \(String(last)))", logger: logger)
            try await connection.query("COMMIT", logger: logger)
            return Appended(sequences: first...last, time: Self.date(micros: micros))
        } catch {
            if !connection.isClosed {
                _ = try? await connection.query("ROLLBACK", logger: logger)
            }
            throw error
        }
    }

    /// The entries after `sequence`, in order, at most `limit`. Throws `GapError` if the log
    /// skips a number (it never should: see the type's notes).
    public func entries(after sequence: Int64, limit: Int = 1000, on connection: PostgresConnection) async throws -> [Entry] {
        let rows = try await connection.query(
            """
            SELECT sequence, node, at_micros, payload FROM chat_log WHERE sequence > \(sequence)
            ORDER BY sequence LIMIT \(Int64(limit))
            """,
            logger: self.link.logger)
        var entries: [Entry] = []
        var expected = sequence + 1
        for try await (number, node, micros, payload) in rows.decode((Int64, String, Int64, ByteBuffer).self) {
            guard number == expected else { throw GapError(expected: expected, found: number) }
            entries.append(
                Entry(sequence: number, node: node, time: Self.date(micros: micros), payload: Data(payload.readableBytesView)))
            expected += 1
        }
        return entries
    }

    /// The number of the log's last entry (0 while it is empty): what a node that starts
    /// follows from, once it has the state up to there.
    public func lastSequence(on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query("SELECT last_sequence FROM chat_log_head", logger: self.link.logger)
        var last: Int64?
        for try await value in rows.decode(Int64.self) { last = value }
        guard let last else { throw MissingRowError(table: "chat_log_head") }
        return last
    }

    /// A one-row table without its row: the migrations make it, so only a hand could take it.
    public struct MissingRowError: Error, CustomStringConvertible {
        public let table: String
        public var description: String { "the table \(self.table) has lost its one row" }
    }

    /// Microseconds since 1970 as a `Date`. Rounding keeps the order: equal microseconds give
    /// equal dates, later ones never an earlier date.
    static func date(micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// A connection of its own: an appender and a reader each keep one.
    public func connect() async throws -> PostgresConnection {
        try await self.link.connect()
    }
}
