import Foundation
import Logging
import NIOCore
import PapoCore
import NIOConcurrencyHelpers
import Synchronization

/// The shared chat: one lock around the chat state and the table of live connections.
///
/// Connection handlers report events here; the chat state decides; the effects are handed to
/// the per-loop outboxes before the lock is released, so every connection receives lines in
/// the order the state produced them.
public final class ChatServer: Sendable {
    /// What the server keeps of each admitted connection: one entry per idle client, so it
    /// holds no channel (the connection's loop has that) and only the address of what the
    /// chat's record has (the per-address count needs it after the record is gone).
    struct Connection {
        let address: String
        /// When the client began a message it has not finished (for the frame deadline).
        var partialSince: Date?
        /// Whether the client has sent a whole message yet (the silent deadline ends then).
        var hasSpoken = false
        /// The connection's loop: its slot in `outboxes`.
        let slot: Int32
    }

    struct State {
        var chat: ChatState
        var connections: [ClientID: Connection] = [:]
        var connectionsByAddress: [String: Int] = [:]
        var outboxes: [LoopOutbox] = []
        var loopSlots: [ObjectIdentifier: Int] = [:]
        var nextID: UInt64 = 1
        var connectionsPeak = 0
        /// Channels with a connection handler that have not closed yet, admitted or not.
        var openChannels = 0
        /// Completed once shutdown has begun and the last channel has closed.
        var allClosed: EventLoopPromise<Void>?

        mutating func removeConnection(_ id: ClientID) -> (Connection, slot: Int)? {
            guard let connection = self.connections.removeValue(forKey: id) else { return nil }
            let remaining = (self.connectionsByAddress[connection.address] ?? 1) - 1
            self.connectionsByAddress[connection.address] = remaining > 0 ? remaining : nil
            return (connection, Int(connection.slot))
        }

        /// The slot of `loop`'s outbox, made on first use.
        mutating func loopSlot(for loop: any EventLoop, counters: ServerCounters, batchesSends: Bool) -> Int {
            let key = ObjectIdentifier(loop)
            if let slot = self.loopSlots[key] { return slot }
            self.outboxes.append(LoopOutbox(eventLoop: loop, counters: counters, batchesSends: batchesSends))
            self.loopSlots[key] = self.outboxes.count - 1
            return self.outboxes.count - 1
        }
    }

    public let configuration: ServerConfiguration
    let logger: Logger
    private let state: NIOLockedValueBox<State>
    let counters: ServerCounters
    /// Asks the listener to stop gracefully (the operator's `shutdown`); set by the service.
    private let shutdownHandler = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)
    /// Event loop threads, for `stats`.
    let eventLoopThreads: Int

    public init(configuration: ServerConfiguration, logger: Logger, eventLoopThreads: Int = 1) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopThreads = eventLoopThreads
        self.counters = ServerCounters(startedAt: configuration.now())
        var chat = ChatState(configuration: configuration.chat)
        if let restored = configuration.restored {
            chat.restore(restored, at: configuration.now())
        }
        self.state = NIOLockedValueBox(State(chat: chat))
    }

    /// Set while the service runs; cleared (nil) when it ends, so the handler's capture of
    /// the server does not keep it alive.
    func onShutdownRequest(_ handler: (@Sendable () -> Void)?) {
        self.shutdownHandler.withLockedValue { $0 = handler }
    }

    /// A copy of the chat state, for inspection.
    public var snapshot: ChatState {
        self.state.withLockedValue { $0.chat }
    }

    /// Registers a new connection and welcomes its client; on the connection's loop, from its
    /// handler (whose context the loop's outbox writes through).
    func connect(_ context: ChannelHandlerContext, socket: CInt? = nil) -> ClientID {
        let channel = context.channel
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let now = self.configuration.now()
        let (id, followUps) = self.state.withLockedValue { state in
            let id = ClientID(state.nextID)
            state.nextID += 1
            let slot = state.loopSlot(
                for: channel.eventLoop, counters: self.counters, batchesSends: self.configuration.batchesSends)
            let outbox = state.outboxes[slot]
            if let refusal = self.refusal(for: address, in: state) {
                // Not admitted: one line saying why, then the close; the chat never sees it.
                let mustDrain = outbox.enqueue(.refuse(channel, EncodedLine(.error(refusal))))
                return (id, mustDrain ? [FollowUp.drain(outbox)] : [])
            }
            state.connections[id] = Connection(address: address, slot: Int32(slot))
            // On the channel's own loop: its outbox knows it before anything is queued for it.
            outbox.open(id, context: context, socket: socket)
            state.connectionsByAddress[address, default: 0] += 1
            state.connectionsPeak = max(state.connectionsPeak, state.connections.count)
            let effects = state.chat.connect(id, address: address, at: now)
            return (id, self.carryOut(effects, in: &state))
        }
        self.perform(followUps)
        return id
    }

    /// Why a new connection from `address` is refused, if it is.
    private func refusal(for address: String, in state: State) -> String? {
        if state.chat.isShuttingDown {
            return "\(self.configuration.chat.serverName) is shutting down"
        }
        let limits = self.configuration.connectionLimits
        if limits.maxConnections > 0 && state.connections.count >= limits.maxConnections {
            return "the server is full (\(limits.maxConnections) connections); try again later"
        }
        if limits.maxConnectionsPerAddress > 0
            && state.connectionsByAddress[address, default: 0] >= limits.maxConnectionsPerAddress
        {
            return "too many connections from your address (limit \(limits.maxConnectionsPerAddress))"
        }
        return nil
    }

    func receive(_ message: InboundMessage, from id: ClientID) {
        let now = self.configuration.now()
        self.counters.messagesIn.add(1, ordering: .relaxed)
        let followUps = self.state.withLockedValue { state in
            state.connections[id]?.hasSpoken = true
            let effects = state.chat.receive(message, from: id, at: now)
            return self.carryOut(effects, in: &state)
        }
        self.perform(followUps)
    }

    /// The client's lines end this way now (its connection says so only when that changes);
    /// on the connection's own loop, before the line's replies are decided.
    func setLineEnding(_ ending: LineEnding, for id: ClientID) {
        self.state.withLockedValue { state in
            if let slot = state.connections[id]?.slot {
                state.outboxes[Int(slot)].setLineEnding(ending, for: id)
            }
        }
    }

    func disconnect(_ id: ClientID, reason: String) {
        let now = self.configuration.now()
        let followUps = self.state.withLockedValue { state in
            let effects = state.chat.disconnect(id, reason: reason, at: now)
            if let (_, slot) = state.removeConnection(id) {
                // On the connection's own loop (its channel just closed).
                state.outboxes[slot].forget(id)
            }
            return self.carryOut(effects, in: &state)
        }
        self.perform(followUps)
    }

    func reject(_ id: ClientID, error: FramingError) {
        let followUps = self.state.withLockedValue { state in
            self.carryOut(state.chat.reject(id, error: error), in: &state)
        }
        self.perform(followUps)
    }

    /// A client began a message or finished all it began (for the frame deadline).
    func noteInput(_ progress: InputProgress, from id: ClientID) {
        let now = self.configuration.now()
        self.state.withLockedValue { state in
            state.connections[id]?.partialSince = progress == .begun ? now : nil
        }
    }

    /// Lets time-based rules run: mutes and bans lapse, breakouts warn and end, and
    /// connections past their deadlines are closed. One shared timer, not one per connection.
    func tick() {
        let now = self.configuration.now()
        self.counters.sample(at: now)
        let limits = self.configuration.connectionLimits
        let (followUps, outboxes) = self.state.withLockedValue { state in
            var followUps = self.carryOut(state.chat.tick(at: now), in: &state)
            for (id, expulsion) in Self.expiredConnections(state.connections, clients: state.chat.clients, limits: limits, at: now) {
                let effects = state.chat.expel(id, error: expulsion.error, reason: expulsion.reason)
                followUps += self.carryOut(effects, in: &state)
            }
            return (followUps, state.outboxes)
        }
        self.perform(followUps)
        for outbox in outboxes {
            outbox.eventLoop.execute { outbox.releaseIdleSpares() }
        }
    }

    /// Connections past the frame or silent deadline, with what they and their room are told.
    static func expiredConnections(
        _ connections: [ClientID: Connection], clients: [ClientID: ClientRecord], limits: ConnectionLimits,
        at now: Date
    ) -> [(ClientID, (error: String, reason: String))] {
        var expired: [(ClientID, (error: String, reason: String))] = []
        for (id, connection) in connections {
            if limits.frameDeadline > 0, let since = connection.partialSince,
                now.timeIntervalSince(since) >= limits.frameDeadline
            {
                expired.append(
                    (id, ("a message was left unfinished for \(DurationText.seconds(limits.frameDeadline)); closing", "incomplete message")))
            } else if limits.silentDeadline > 0, !connection.hasSpoken, connection.partialSince == nil,
                let connectedAt = clients[id]?.connectedAt, now.timeIntervalSince(connectedAt) >= limits.silentDeadline
            {
                expired.append(
                    (id, ("nothing received within \(DurationText.seconds(limits.silentDeadline)) of connecting; closing", "silent")))
            }
        }
        return expired.sorted { $0.0 < $1.0 }
    }

    /// Runs one operator command. Queued bytes are read on each loop first (one hop per loop),
    /// so the chat lock is never held across a hop.
    public func executeOperator(_ line: String) async -> OperatorResult {
        let outboxes = self.state.withLockedValue { $0.outboxes }
        var queued: [ClientID: Int] = [:]
        for outbox in outboxes {
            let loopQueued = (try? await outbox.eventLoop.submit { outbox.queuedBytes() }.get()) ?? [:]
            queued.merge(loopQueued) { first, _ in first }
        }
        let now = self.configuration.now()
        var statistics = self.counters.statistics(at: now)
        statistics.eventLoopThreads = self.eventLoopThreads
        let (result, followUps) = self.state.withLockedValue { state in
            statistics.connectionsNow = state.connections.count
            statistics.connectionsPeak = state.connectionsPeak
            statistics.connectionsTotal = Int(state.nextID - 1)
            let transport = TransportSnapshot(queuedBytes: queued, statistics: statistics)
            let (result, effects) = state.chat.executeOperator(line, transport: transport, at: now)
            return (result, self.carryOut(effects, in: &state))
        }
        self.perform(followUps)
        if let query = result.query {
            return await self.answer(query, at: now)
        }
        return result
    }

    /// Completion candidates for an operator (or user) command line being typed.
    public func completions(wordsBefore: [String], partial: String, scope: CommandScope = .operator) -> [String] {
        let names = self.state.withLockedValue { $0.chat.completionNames }
        return CommandCompletion(table: .standard, scope: scope)
            .candidates(wordsBefore: wordsBefore, partial: partial, names: names)
    }

    /// Effects that are not deliveries, done once the lock is released.
    private func perform(_ followUps: [FollowUp]) {
        for followUp in followUps {
            switch followUp {
            case .audit(let entry): self.log(entry)
            case .setLogLevel(let level): self.configuration.onLogLevelChange?(level)
            case .shutDown: self.shutdownHandler.withLockedValue { $0 }?()
            case .drain(let outbox): outbox.drainSoon()
            }
        }
    }

    /// Audit entries are logged after the lock is released: logging is I/O.
    private func log(_ entry: AuditEntry) {
        var metadata: Logger.Metadata = ["audit.actor": "\(entry.actor)", "audit.action": "\(entry.action)"]
        if let target = entry.target { metadata["audit.target"] = "\(target)" }
        if let reason = entry.reason { metadata["audit.reason"] = "\(reason)" }
        self.logger.notice("audit: \(entry.rendered)", metadata: metadata)
    }

    /// What an effect leaves to do after the lock.
    enum FollowUp {
        case audit(AuditEntry)
        case setLogLevel(String)
        case shutDown
        /// A loop has output queued and no drain on the way.
        case drain(LoopOutbox)
    }

    /// From now on departures are not announced: everyone is leaving.
    func beginShutdown() {
        self.state.withLockedValue { $0.chat.isShuttingDown = true }
    }

    /// A connection's channel is set up (counted until it closes, for shutdown).
    func channelOpened() {
        self.state.withLockedValue { $0.openChannels += 1 }
    }

    /// A connection's channel has closed.
    func channelClosed() {
        let allClosed = self.state.withLockedValue { state -> EventLoopPromise<Void>? in
            state.openChannels -= 1
            guard state.openChannels == 0, let promise = state.allClosed else { return nil }
            state.allClosed = nil
            return promise
        }
        allClosed?.succeed()
    }

    /// Says goodbye to every client and closes them all; `promise` completes once every
    /// channel has closed. The listener must already be closed (or closing): a connection
    /// that still arrives is refused.
    func closeAllConnections(then promise: EventLoopPromise<Void>) {
        let (followUps, isDone) = self.state.withLockedValue { state in
            state.chat.isShuttingDown = true
            var followUps: [FollowUp] = []
            for id in state.connections.keys.sorted() {
                followUps += self.carryOut(state.chat.shutDown(id), in: &state)
            }
            if state.openChannels == 0 { return (followUps, true) }
            state.allClosed = promise
            return (followUps, false)
        }
        self.perform(followUps)
        if isDone { promise.succeed() }
    }

    /// Encodes each line once per line ending and queues it once for each loop that has a
    /// recipient. Returns what must happen once the lock is released (drains, logging).
    private func carryOut(_ effects: [Effect], in state: inout State) -> [FollowUp] {
        var followUps: [FollowUp] = []
        var records: [StoreRecord] = []
        // Handed to the store under the lock (one append), so records keep the state's order.
        defer { if !records.isEmpty { self.configuration.store?.enqueue(records) } }
        for effect in effects {
            switch effect {
            case .deliver(let line, let recipients):
                let encoded = EncodedLine(line)
                if state.outboxes.count == 1 {
                    if state.outboxes[0].enqueue(.deliver(encoded, to: recipients)) {
                        followUps.append(.drain(state.outboxes[0]))
                    }
                    continue
                }
                // Each loop that has a recipient gets the line once, with the whole list.
                var loops = LoopSet()
                for id in recipients {
                    if let slot = state.connections[id]?.slot { loops.insert(Int(slot)) }
                }
                for slot in loops.members() where state.outboxes[slot].enqueue(.deliver(encoded, to: recipients)) {
                    followUps.append(.drain(state.outboxes[slot]))
                }
            case .close(let id):
                if let (_, slot) = state.removeConnection(id), state.outboxes[slot].enqueue(.close(id)) {
                    followUps.append(.drain(state.outboxes[slot]))
                }
            case .audit(let entry):
                followUps.append(.audit(entry))
            case .setLogLevel(let level):
                followUps.append(.setLogLevel(level))
            case .shutDownServer:
                followUps.append(.shutDown)
            case .record(let record):
                records.append(record)
            }
        }
        return followUps
    }
}
