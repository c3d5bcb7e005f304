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
public final class PostgresChatLog: Sendable {
    /// One input, as the log keeps it.
    public struct Entry: Sendable, Equatable {
        /// Its place in the log: 1, 2, 3… with no gaps.
        public let sequence: Int64
        /// The node that appended it.
        public let node: String
        public let payload: Data

        public init(sequence: Int64, node: String, payload: Data) {
            self.sequence = sequence
            self.node = node
            self.payload = payload
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
    private let link: PostgresLink

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

    /// Appends `payloads` in one transaction; returns their numbers.
    @discardableResult
    public func append(_ payloads: [Data], on connection: PostgresConnection) async throws -> ClosedRange<Int64> {
        precondition(!payloads.isEmpty, "an empty batch has no numbers")
        let logger = self.link.logger
        try await connection.query("BEGIN", logger: logger)
        do {
            // The head row's lock is held until COMMIT: the next append waits here.
            let rows = try await connection.query(
                "UPDATE chat_log_head SET last_sequence = last_sequence + \(Int64(payloads.count)) RETURNING last_sequence",
                logger: logger)
            var last: Int64 = 0
            for try await value in rows.decode(Int64.self) { last = value }
            let first = last - Int64(payloads.count) + 1
            var binds = PostgresBindings(capacity: payloads.count * 3)
            var values: [String] = []
            values.reserveCapacity(payloads.count)
            for (offset, payload) in payloads.enumerated() {
                let base = binds.count
                binds.append(first + Int64(offset))
                binds.append(self.node)
                try binds.append(payload)
                values.append("($\(base + 1), $\(base + 2), $\(base + 3))")
            }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO chat_log (sequence, node, payload) VALUES " + values.joined(separator: ", "),
                    binds: binds),
                logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.channel), \(String(last)))", logger: logger)
            try await connection.query("COMMIT", logger: logger)
            return first...last
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
            "SELECT sequence, node, payload FROM chat_log WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(Int64(limit))",
            logger: self.link.logger)
        var entries: [Entry] = []
        var expected = sequence + 1
        for try await (number, node, payload) in rows.decode((Int64, String, ByteBuffer).self) {
            guard number == expected else { throw GapError(expected: expected, found: number) }
            entries.append(Entry(sequence: number, node: node, payload: Data(payload.readableBytesView)))
            expected += 1
        }
        return entries
    }

    /// A connection of its own: an appender and a reader each keep one.
    public func connect() async throws -> PostgresConnection {
        try await self.link.connect()
    }
}
