import Foundation
import NIOCore
import PostgresNIO

extension PostgresChatLog {
    /// A snapshot of the chat as it was after log entry `sequence`.
    public struct Checkpoint: Sendable, Equatable {
        public let sequence: Int64
        public let snapshot: Data

        public init(sequence: Int64, snapshot: Data) {
            self.sequence = sequence
            self.snapshot = snapshot
        }
    }

    /// Keeps `checkpoint` and lets the log shrink: the checkpoints before the previous one go,
    /// and the entries up to that previous one. One older checkpoint's worth of log is kept, so
    /// a node a little behind never finds the entries it still needs gone.
    public func write(_ checkpoint: Checkpoint, on connection: PostgresConnection) async throws {
        let logger = self.link.logger
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query(
                """
                INSERT INTO chat_checkpoints (sequence, node, snapshot) VALUES (\(checkpoint.sequence), \(self.node), \(ByteBuffer(bytes: checkpoint.snapshot)))
                ON CONFLICT (sequence) DO NOTHING
                """,
                logger: logger)
            let rows = try await connection.query(
                "SELECT sequence FROM chat_checkpoints WHERE sequence < \(checkpoint.sequence) ORDER BY sequence DESC LIMIT 1",
                logger: logger)
            var previous: Int64?
            for try await value in rows.decode(Int64.self) { previous = value }
            if let previous {
                try await connection.query("DELETE FROM chat_checkpoints WHERE sequence < \(previous)", logger: logger)
                try await connection.query("DELETE FROM chat_log WHERE sequence <= \(previous)", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            if !connection.isClosed { _ = try? await connection.query("ROLLBACK", logger: logger) }
            throw error
        }
    }

    /// The latest checkpoint, if any was written.
    public func latestCheckpoint(on connection: PostgresConnection) async throws -> Checkpoint? {
        let rows = try await connection.query(
            "SELECT sequence, snapshot FROM chat_checkpoints ORDER BY sequence DESC LIMIT 1", logger: self.link.logger)
        var latest: Checkpoint?
        for try await (sequence, snapshot) in rows.decode((Int64, ByteBuffer).self) {
            latest = Checkpoint(sequence: sequence, snapshot: Data(snapshot.readableBytesView))
        }
        return latest
    }
}
