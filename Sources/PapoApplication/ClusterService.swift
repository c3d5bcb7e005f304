import Foundation
import Logging
import NIOConcurrencyHelpers
import PapoCore
import PapoServer
import PapoStore
import PostgresNIO
import ServiceLifecycle

/// One node of a cluster of papods sharing one chat through PostgreSQL (`--node`): it logs its
/// inputs in batches (one transaction and one `NOTIFY` each), applies every node's entries in
/// the log's order, and says every second that it is alive. On graceful shutdown it logs that
/// it is stopping and waits (a few seconds at most) until that is applied: its clients are told
/// goodbye and the others see them leave.
struct ClusterService: Service {
    let log: PostgresChatLog
    let server: ChatServer
    let node: NodeNumber
    let logger: Logger
    /// How often the node says it is alive (and the chat's clock moves on).
    var heartbeatInterval: Duration = .seconds(1)
    /// The most inputs logged in one transaction.
    static let batchLimit = 500
    /// Entries between two checkpoints (`--checkpoint-entries`).
    var checkpointEntries: Int64 = Self.defaultCheckpointEntries
    public static let defaultCheckpointEntries: Int64 = 50_000
    /// A checkpoint being written: at most one at a time.
    private let isWritingCheckpoint = NIOLockedValueBox(false)

    /// Joins the cluster: a new node number, and the secret every node seeds its chat with.
    static func join(_ log: PostgresChatLog, name: String) async throws -> ClusterSeat {
        let connection = try await log.connect()
        defer { Task { try? await connection.close() } }
        let membership = try await log.joinCluster(on: connection)
        return ClusterSeat(node: NodeNumber(membership.number), name: name, secret: membership.secret)
    }

    /// Loads the latest checkpoint and applies the log after it, before any client is served,
    /// and logs the node's start.
    static func catchUp(_ server: ChatServer, log: PostgresChatLog, seat: ClusterSeat, logger: Logger) async throws {
        let connection = try await log.connect()
        defer { Task { try? await connection.close() } }
        if let checkpoint = try await log.latestCheckpoint(on: connection) {
            let chat = try ChatState(snapshot: checkpoint.snapshot, configuration: server.configuration.chat)
            server.restore(checkpoint: chat, through: checkpoint.sequence)
        }
        var applied = 0
        while true {
            let entries = try await log.entries(after: server.appliedSequence, limit: 5000, on: connection)
            if entries.isEmpty { break }
            server.applyLogged(Self.decode(entries, logger: logger))
            applied += entries.count
        }
        server.clusterOutbox?.append(.nodeStarted(seat.node, name: seat.name))
        logger.notice(
            "node \(seat.name) joined the cluster",
            metadata: [
                "cluster.node": "\(seat.node.rawValue)", "cluster.log_entries": "\(applied)",
                "cluster.checkpoint": "\(server.appliedSequence - Int64(applied))",
            ])
    }

    func run() async throws {
        guard let outbox = self.server.clusterOutbox else { return }
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let reachability = DatabaseReachability(server: self.server, logger: self.logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.appendLoop(outbox, wake: wake, reachability: reachability) }
            group.addTask { await self.followLoop(wakes: wakes, reachability: reachability) }
            group.addTask { await self.listenLoop(wake: wake) }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.heartbeatInterval)
                    outbox.append(.heartbeat(self.node))
                }
            }
            try? await gracefulShutdown()
            outbox.append(.nodeStopping(self.node))
            await self.waitUntilStopped(timeout: .seconds(5))
            group.cancelAll()
        }
    }

    /// Takes batches from the outbox and logs them; while the database is unreachable, they
    /// wait in the outbox (bounded) and are tried again.
    private func appendLoop(
        _ outbox: ChatLogOutbox, wake: AsyncStream<Void>.Continuation, reachability: DatabaseReachability
    ) async {
        var connection: PostgresConnection?
        while !Task.isCancelled {
            let batch = await outbox.next(limit: Self.batchLimit)
            guard !batch.isEmpty else { continue }
            do {
                let payloads = try batch.map { try LoggedChatInput.payload(of: $0, by: self.node) }
                if connection == nil || connection!.isClosed { connection = try await self.log.connect() }
                try await self.log.append(payloads, on: connection!)
                reachability.reached(droppedLines: outbox.droppedLines)
                wake.yield()
            } catch {
                outbox.putBack(batch)
                // Stopping cancels an append in flight: that is no outage.
                if Task.isCancelled { break }
                reachability.failed(error)
                try? await connection?.close()
                connection = nil
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        try? await connection?.close()
    }

    /// Reads the log from where this node is and applies it, whenever woken (a notification,
    /// an own append) and at least every heartbeat.
    private func followLoop(wakes: AsyncStream<Void>, reachability: DatabaseReachability) async {
        var connection: PostgresConnection?
        var iterator = wakes.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                if connection == nil || connection!.isClosed { connection = try await self.log.connect() }
                let entries = try await self.log.entries(
                    after: self.server.appliedSequence, limit: Self.batchLimit, on: connection!)
                if !entries.isEmpty {
                    let due = self.server.applyLogged(
                        Self.decode(entries, logger: self.logger), checkpointEvery: self.checkpointEntries)
                    if let due { self.writeCheckpoint(of: due.chat, through: due.sequence) }
                    if entries.count == Self.batchLimit { continue }
                }
            } catch {
                if Task.isCancelled { break }
                reachability.failed(error)
                try? await connection?.close()
                connection = nil
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            guard await iterator.next() != nil else { break }
        }
        try? await connection?.close()
    }

    /// Wakes the follower on every notification of new entries.
    private func listenLoop(wake: AsyncStream<Void>.Continuation) async {
        while !Task.isCancelled {
            do {
                let connection = try await self.log.connect()
                defer { Task { try? await connection.close() } }
                try await self.log.withNotifications(on: connection) { notifications in
                    // Read once more now that nothing can be missed.
                    wake.yield()
                    for try await _ in notifications { wake.yield() }
                }
            } catch {
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Encodes and writes a checkpoint in the background, unless one is being written still
    /// (the next is due `checkpointEntries` later).
    private func writeCheckpoint(of chat: ChatState, through sequence: Int64) {
        let isBusy = self.isWritingCheckpoint.withLockedValue { isBusy in
            defer { isBusy = true }
            return isBusy
        }
        guard !isBusy else { return }
        Task {
            defer { self.isWritingCheckpoint.withLockedValue { $0 = false } }
            do {
                let snapshot = try chat.snapshot()
                let connection = try await self.log.connect()
                defer { Task { try? await connection.close() } }
                try await self.log.write(PostgresChatLog.Checkpoint(sequence: sequence, snapshot: snapshot), on: connection)
                self.logger.info(
                    "checkpoint written", metadata: ["cluster.sequence": "\(sequence)", "cluster.bytes": "\(snapshot.count)"])
            } catch {
                self.logger.warning("a checkpoint could not be written", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    private func waitUntilStopped(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.server.waitUntilNodeStopped() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// The entries as inputs; one that does not decode is skipped (by every node alike) and
    /// logged, never a crash.
    static func decode(_ entries: [PostgresChatLog.Entry], logger: Logger) -> [LoggedChatInput] {
        entries.compactMap { entry in
            do {
                return try LoggedChatInput(sequence: entry.sequence, time: entry.time, payload: entry.payload)
            } catch {
                logger.error(
                    "a chat log entry does not decode; skipped",
                    metadata: ["cluster.sequence": "\(entry.sequence)", "error": "\(error)"])
                return nil
            }
        }
    }
}

/// Says once that PostgreSQL is unreachable, and once that it is back.
final class DatabaseReachability: Sendable {
    private let isDown = NIOLockedValueBox(false)
    private let server: ChatServer
    private let logger: Logger

    init(server: ChatServer, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    var isReachable: Bool { !self.isDown.withLockedValue { $0 } }

    func failed(_ error: any Error) {
        let wasDown = self.isDown.withLockedValue { isDown in
            defer { isDown = true }
            return isDown
        }
        if !wasDown {
            self.server.noteClusterLog(reachable: false)
            self.logger.error(
                "PostgreSQL is unreachable: this node goes on serving its own clients and holds their input until it is back",
                metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    func reached(droppedLines: Int) {
        let wasDown = self.isDown.withLockedValue { isDown in
            defer { isDown = false }
            return isDown
        }
        if wasDown {
            self.server.noteClusterLog(reachable: true)
            self.logger.notice(
                "PostgreSQL is reachable again: the held input is logged",
                metadata: ["cluster.dropped_lines": "\(droppedLines)"])
        }
    }
}
