import Foundation
import Logging
import NIOCore
import PapoCore
import NIOConcurrencyHelpers
import Synchronization

/// The shared chat: one lock around the chat state and the registry of live connections, and
/// the execution of what the state decides.
///
/// Every door's connection handlers report events here; the chat state decides; deliveries
/// are handed to the per-loop inboxes before the lock is released, so every connection
/// receives lines in the order the state produced them. The chat state knows no door.
public final class ChatServer: Sendable {
    struct State {
        var chat: ChatState
        var registry: ConnectionRegistry
        /// One per event loop that has had a connection, in the order they were first seen.
        var inboxes: [LoopInbox] = []
        var loopSlots: [ObjectIdentifier: Int] = [:]
        /// This node is stopping (a cluster's node: the shared chat goes on without it).
        var isStopping = false
        /// What each new inbox is made with.
        let counters: ServerCounters
        let directSend: Bool

        /// The slot of `loop`'s inbox, made on first use.
        mutating func loopSlot(for loop: any EventLoop) -> Int {
            let key = ObjectIdentifier(loop)
            if let slot = self.loopSlots[key] { return slot }
            self.inboxes.append(LoopInbox(eventLoop: loop, counters: self.counters, directSend: self.directSend))
            self.loopSlots[key] = self.inboxes.count - 1
            return self.inboxes.count - 1
        }

        /// Why a new connection from `address` is refused, if it is (the caps, or shutting down).
        func refusal(for address: String, serverName: String) -> Message? {
            self.registry.refusal(
                for: address, serverName: serverName, isShuttingDown: self.chat.isShuttingDown || self.isStopping,
                inChat: self.chat.clusterNodes.isEmpty ? nil : self.chat.clientsByAddress[address, default: 0])
        }
    }

    public let configuration: ServerConfiguration
    let logger: Logger
    private let state: NIOLockedValueBox<State>
    let counters: ServerCounters
    /// Asks the whole server to stop gracefully (the operator's `shutdown`); set by the service.
    private let shutdownHandler = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)
    /// Event loop threads, for `stats`.
    let eventLoopThreads: Int
    /// Gives freed heap back to the system once many connections have gone.
    private let heapTrimmer = HeapTrimmer()
    private let metrics = ServerMetrics()
    /// In a cluster: where inputs wait to be logged, and the operators waiting for their
    /// commands to come back from the log (nil: papod alone applies inputs as they come).
    let cluster: ClusterInputs?

    public init(configuration: ServerConfiguration, logger: Logger, eventLoopThreads: Int = 1) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopThreads = eventLoopThreads
        self.counters = ServerCounters(startedAt: configuration.now())
        var chat = ChatState(configuration: configuration.chat, clusterSecret: configuration.cluster?.secret)
        if let restored = configuration.restored, configuration.cluster == nil {
            chat.restore(restored, at: configuration.now())
        }
        self.cluster = configuration.cluster.map { ClusterInputs(seat: $0) }
        let registry = ConnectionRegistry(limits: configuration.connectionLimits, node: configuration.cluster?.node ?? .alone)
        self.state = NIOLockedValueBox(
            State(chat: chat, registry: registry, counters: self.counters, directSend: configuration.directSend))
    }

    /// Set while the service runs; cleared (nil) when it ends, so the handler's capture of
    /// the server does not keep it alive.
    func onShutdownRequest(_ handler: (@Sendable () -> Void)?) {
        self.shutdownHandler.withLockedValue { $0 = handler }
    }

    /// Prometheus's text format: what `/metrics` serves.
    func metricsText() -> [UInt8] {
        let byDoor = self.state.withLockedValue { $0.registry.countsByDoor() }
        return self.metrics.render(
            counters: self.counters, connectionsByDoor: byDoor, store: self.configuration.store?.statistics)
    }

    /// What `/healthz` reports.
    struct Health {
        let connections: Int
        let uptimeSeconds: Int
        let isShuttingDown: Bool
        /// In a cluster: whether the shared log in PostgreSQL is reachable (nil: papod alone).
        let isClusterLogReachable: Bool?
    }

    func health() -> Health {
        let (connections, isShuttingDown) = self.state.withLockedValue {
            ($0.registry.count, $0.chat.isShuttingDown || $0.isStopping)
        }
        let uptime = self.configuration.now().timeIntervalSince(self.counters.startedAt)
        return Health(
            connections: connections, uptimeSeconds: max(0, Int(uptime)), isShuttingDown: isShuttingDown,
            isClusterLogReachable: self.cluster?.isLogReachable)
    }

    /// A copy of the chat state, for inspection.
    public var snapshot: ChatState {
        self.state.withLockedValue { $0.chat }
    }

    /// Makes each loop's side of `--direct-send` (its io_uring) at start-up, on the loop's own
    /// thread as io_uring requires, so that what papod holds open does not grow with the first
    /// batch of each loop.
    public func prepareDirectSends(on group: any EventLoopGroup) async {
        for loop in group.makeIterator() {
            let server = self
            try? await loop.submit {
                let inbox = server.state.withLockedValue { state in
                    state.inboxes[state.loopSlot(for: loop)]
                }
                inbox.writer.prepareDirectSends()
            }.get()
        }
    }

    /// Admits a new connection and welcomes its client, or refuses it with one line and a
    /// close (nil). On the connection's loop, from its handler, whose context the loop writes
    /// through. A connection through TLS is `isSecure`; on the assignment's TLS door it brings
    /// its buffers' `quietPages`.
    func connect(
        _ context: ChannelHandlerContext, wire: Wire = .text, isSecure: Bool = false, quietPages: QuietPages? = nil,
        language: Language? = nil
    ) -> ClientID? {
        switch self.admit(context, wire: wire, isSecure: isSecure, quietPages: quietPages, language: language) {
        case .admitted(let id): return id
        case .refused, .nickTaken: return nil
        }
    }

    /// How an IRC client's registration ended.
    enum IRCAdmission {
        case admitted(ClientID)
        /// Refused (a cap, a ban, shutting down): told why, and closed.
        case refused
        /// Its nick is someone else's now: it may register with another.
        case nickTaken
    }

    /// Admits an IRC client that registered as `nick`, if the nick is still free: it is in the
    /// chat with that nick, and sees presence as IRC events.
    func connectIRC(_ context: ChannelHandlerContext, nick: Nick, capabilities: IRCCapabilities, isSecure: Bool) -> IRCAdmission {
        // A client with server-time reads every line with its time, one with message-tags with
        // every tag: the second and third IRC encodings.
        let wire = Wire(ircCapabilities: capabilities)
        return self.admit(context, wire: wire, isSecure: isSecure, irc: (nick, capabilities))
    }

    /// A registered IRC client changed its capabilities (`CAP REQ` after registering).
    func setIRCCapabilities(_ capabilities: IRCCapabilities, for id: ClientID) {
        self.submit(.setIRCCapabilities(capabilities, for: id))
    }

    private func admit(
        _ context: ChannelHandlerContext, wire: Wire, isSecure: Bool, quietPages: QuietPages? = nil, language: Language? = nil,
        irc: (nick: Nick, capabilities: IRCCapabilities)? = nil
    ) -> IRCAdmission {
        let isSecure = isSecure || quietPages != nil
        let channel = context.channel
        let address = Self.address(of: channel)
        let now = self.configuration.now()
        let (admission, followUps) = self.state.withLockedValue { state -> (IRCAdmission, [FollowUp]) in
            if let irc, state.chat.client(named: irc.nick.name) != nil { return (.nickTaken, []) }
            let id = state.registry.makeID()
            let slot = state.loopSlot(for: channel.eventLoop)
            let inbox = state.inboxes[slot]
            if let refusal = state.refusal(for: address, serverName: self.configuration.chat.serverName) {
                // Not admitted: one line saying why, then the close; the chat never sees it.
                let text = refusal.rendered(in: language ?? self.configuration.chat.language)
                let ircNotice = [IRCMessage(command: "NOTICE", parameters: ["*", "error: \(text)"])]
                let line = EncodedLine(
                    .error(text), webTime: wire == .webSocket ? WebEvent.timeText(now) : nil,
                    irc: wire == .irc ? ircNotice : nil, ircTagged: wire == .ircTagged ? ircNotice : nil,
                    ircMessageTags: wire == .ircMessageTags ? ircNotice : nil)
                let mustDrain = inbox.enqueue(.refuse(NIOLoopBound(context, eventLoop: channel.eventLoop), line, wire))
                return (.refused, mustDrain ? [FollowUp.drain(inbox)] : [])
            }
            state.registry.admit(id, address: address, slot: slot, wire: wire, isSecure: isSecure, at: now)
            // On the channel's own loop: its writer knows it before anything is queued for it.
            // Only the assignment's plaintext door may go around the pipeline (`--direct-send`):
            // the other doors' handlers write too, and TLS must see every byte.
            inbox.writer.open(
                id, context: context, quietPages: quietPages, wire: wire, mayGoDirect: wire == .text && !isSecure)
            let arrival = ChatInput.connect(
                ClientArrival(
                    id: id, address: address, isSecure: isSecure, language: language, nick: irc?.nick,
                    presenceAsEvents: irc != nil, ircCapabilities: irc?.capabilities ?? IRCCapabilities()))
            if let cluster = self.cluster {
                // The chat hears of it from the log, as every node does.
                cluster.outbox.append(arrival)
                return (.admitted(id), [])
            }
            return (.admitted(id), self.carryOut(state.chat.apply(arrival, at: now), in: &state))
        }
        self.perform(followUps)
        return admission
    }

    /// What an IRC client registered as `nick` from `address` is told about the server
    /// (001–005, LUSERS, MOTD); from what it registered with, as a cluster's chat may not
    /// have heard of it yet.
    func ircWelcome(nick: Nick, address: String, id: ClientID) -> [IRCMessage] {
        let now = self.configuration.now()
        return self.state.withLockedValue { state in
            state.chat.ircServerInfo(at: now).welcome(
                nick: nick.name, host: state.chat.ircUserAndHost(address: address),
                users: state.chat.ircUserCounts(on: id.node, arriving: id))
        }
    }

    /// What a password given before the client is in the chat (IRC's SASL) comes to.
    enum PasswordCheck {
        case accepted
        case wrong
        /// Not looked at, for this reason (in the server's language).
        case refused(String)
    }

    func checkModeratorPassword(_ password: String, address: String, isSecure: Bool) -> PasswordCheck {
        let now = self.configuration.now()
        return self.state.withLockedValue { state in
            do throws(CommandError) {
                return try state.chat.checkModeratorPassword(password, address: address, isSecure: isSecure, viaIRC: true, at: now)
                    ? .accepted : .wrong
            } catch {
                return .refused(error.message.rendered(in: self.configuration.chat.language))
            }
        }
    }

    func noteFailedSASL(by nick: String, from address: String, lockingOut: Bool) {
        self.submit(.failedSASL(nick: nick, address: address, lockingOut: lockingOut))
    }

    func grantModeratorAfterSASL(_ id: ClientID) {
        self.submit(.grantModeratorAfterSASL(id))
    }

    /// The cloak IRC shows for `address`.
    func ircCloak(of address: String) -> String {
        self.state.withLockedValue { $0.chat.ircCloak(of: address) }
    }

    /// `id`'s nick now, if it is still in the chat.
    func nick(of id: ClientID) -> String? {
        self.state.withLockedValue { $0.chat.clients[id]?.nick.name }
    }

    /// What the IRC door says before a client is in the chat (registration's replies).
    func ircServerInfo() -> IRCServerInfo {
        self.state.withLockedValue { $0.chat.ircServerInfo(at: self.configuration.now()) }
    }

    /// A web door's HTTP connection arrives from `address` (`address(of:)`): it counts against
    /// the connection caps as a client would, until it upgrades or closes (`releaseVisitor`).
    /// Returns why it is refused, if it is; a refused one is not counted.
    func admitVisitor(from address: String) -> Message? {
        self.state.withLockedValue { state in
            if let refusal = state.refusal(for: address, serverName: self.configuration.chat.serverName) {
                return refusal
            }
            state.registry.admitVisitor(address: address)
            return nil
        }
    }

    /// An admitted visitor (`admitVisitor`) closed or is upgrading to a chat connection;
    /// `address` is the one it was admitted from.
    func releaseVisitor(from address: String) {
        self.state.withLockedValue { $0.registry.releaseVisitor(address: address) }
    }

    /// A connection's address as the registry counts it (the same when it closes).
    static func address(of channel: any Channel) -> String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }

    func receive(_ message: InboundMessage, from id: ClientID) {
        self.counters.messagesIn.add(1, ordering: .relaxed)
        // In a cluster the log applies it later: flood control counts from its arrival.
        let arrivedAt = self.cluster == nil ? nil : self.configuration.now()
        self.submit(.receive(message, from: id, arrivedAt: arrivedAt)) { $0.registry.noteSpoke(id) }
    }

    /// Applies `input` now, after `locally` (papod alone), or hands it to the cluster's log,
    /// from which every node applies it (`applyLogged`); `locally` is this node's own part,
    /// done at once either way.
    private func submit(_ input: ChatInput, locally: (inout State) -> Void = { _ in }) {
        if let cluster = self.cluster {
            self.state.withLockedValue { state in
                locally(&state)
                cluster.outbox.append(input)
            }
            return
        }
        let now = self.configuration.now()
        let followUps = self.state.withLockedValue { state in
            locally(&state)
            return self.carryOut(state.chat.apply(input, at: now), in: &state)
        }
        self.perform(followUps)
    }

    /// The client's lines end this way now (its connection says so only when that changes);
    /// on the connection's own loop, before the line's replies are decided.
    func setLineEnding(_ ending: LineEnding, for id: ClientID) {
        self.state.withLockedValue { state in
            if let slot = state.registry.slot(of: id) {
                state.inboxes[slot].writer.setLineEnding(ending, for: id)
            }
        }
    }

    /// An admitted connection's channel has closed; `address` is the one it was admitted from.
    func disconnect(_ id: ClientID, address: String, departure: Departure?) {
        let reason = departure?.rawValue ?? "connection closed"
        self.counters.closesByReason.withLockedValue { $0[ServerMetrics.closeReason(reason), default: 0] += 1 }
        self.submit(.disconnect(id, reason: departure?.message ?? Message(.reasonConnectionClosed))) { state in
            state.registry.release(address: address)
            if let slot = state.registry.remove(id) {
                // On the connection's own loop (its channel just closed).
                state.inboxes[slot].writer.forget(id)
            }
        }
    }

    func reject(_ id: ClientID, error: FramingError) {
        self.expel(id, error: error.message, reason: Message(.reasonProtocolError))
    }

    /// An admitted connection's channel has closed, for `departure`'s reason if the transport
    /// knows one: the client leaves (every door's handler ends this way).
    func disconnect(_ id: ClientID, channel: any Channel, departure: Departure?) {
        self.disconnect(id, address: Self.address(of: channel), departure: departure)
        let reason = departure?.rawValue ?? "connection closed"
        self.logger.debug("client disconnected", metadata: ["client.id": "\(id)", "reason": "\(reason)"])
    }

    /// The transport drops a client for breaking its door's protocol: it is told `error`, its
    /// room sees it leave for `reason`, and its connection closes once that is written.
    func expel(_ id: ClientID, error: Message, reason: Message) {
        self.submit(.expel(id, error: error, reason: reason))
    }

    /// A client began a message or finished all it began (for the frame deadline).
    func noteInput(_ progress: InputProgress, from id: ClientID) {
        let now = self.configuration.now()
        self.state.withLockedValue { state in
            state.registry.note(progress, from: id, at: now)
        }
    }

    /// Lets time-based rules run: mutes and bans lapse, breakouts warn and end, and
    /// connections past their deadlines are closed. One shared timer, not one per connection:
    /// the server's service calls it every `tickInterval`; a test with a `TestClock` calls
    /// `tickAndWait` after advancing the clock.
    public func tick() {
        // No promise per loop: a loop that is shutting down drops the task, and a dropped
        // promise is a fatal error in debug builds.
        for (loop, work) in self.tickLoops() {
            loop.execute(work)
        }
    }

    /// A tick that returns once every loop has done its part of it (the arrival deadlines,
    /// IRC's PINGs and ping timeouts): what a test looks for next is then already decided.
    public func tickAndWait() async {
        let done = self.tickLoops().map { loop, work in loop.submit(work) }
        for loopDone in done {
            try? await loopDone.get()
        }
    }

    /// The tick's work under the chat lock, done; its work on each loop, to be run there.
    private func tickLoops() -> [(any EventLoop, @Sendable () -> Void)] {
        let now = self.configuration.now()
        let uptime = self.configuration.uptime()
        self.counters.sample(at: now)
        let (followUps, inboxes, connections) = self.state.withLockedValue { state in
            if let cluster = self.cluster {
                // The chat's clock moves with the log's heartbeats; the connections' deadlines
                // are this node's.
                for (id, expulsion) in state.registry.expired(at: now) {
                    state.registry.stopWatching(id)
                    cluster.outbox.append(.expel(id, error: expulsion.error, reason: expulsion.reason))
                }
                return ([FollowUp](), state.inboxes, state.registry.count)
            }
            var followUps = self.carryOut(state.chat.tick(at: now), in: &state)
            for (id, expulsion) in state.registry.expired(at: now) {
                let effects = state.chat.expel(id, error: expulsion.error, reason: expulsion.reason)
                followUps += self.carryOut(effects, in: &state)
            }
            return (followUps, state.inboxes, state.registry.count)
        }
        self.perform(followUps)
        self.heapTrimmer.note(connections: connections)
        return inboxes.enumerated().map { slot, inbox in
            let queuedAt = ContinuousClock.now
            return (inbox.eventLoop, { [counters] in
                // How long the loop took to get to a task: its lag, for metrics.
                let lag = ContinuousClock.now - queuedAt
                counters.loopLag.withLockedValue {
                    $0[slot] = Double(lag.components.seconds) + Double(lag.components.attoseconds) / 1e18
                }
                inbox.writer.releaseIdleMemory()
                inbox.writer.checkLiveness(now: Self.wholeSeconds(uptime))
                inbox.arrivals.check(uptime: uptime)
            })
        }
    }

    /// The server's uptime in whole seconds, as IRC connections keep it (four bytes each).
    func uptimeSeconds() -> UInt32 {
        Self.wholeSeconds(self.configuration.uptime())
    }

    private static func wholeSeconds(_ uptime: TimeInterval) -> UInt32 {
        uptime > 0 && uptime < 1e15 ? UInt32(truncatingIfNeeded: Int64(uptime)) : 0
    }

    /// Connections not yet in the chat whose deadline is watched, on every loop: a test waits
    /// for its connection to be among them before it moves the clock.
    func watchedArrivals() async -> Int {
        let inboxes = self.state.withLockedValue { $0.inboxes }
        var count = 0
        for inbox in inboxes {
            count += (try? await inbox.eventLoop.submit { inbox.arrivals.count }.get()) ?? 0
        }
        return count
    }

    /// Where the connections of `loop` that are not in the chat yet keep their deadlines.
    func arrivalDeadlines(on loop: any EventLoop) -> ArrivalDeadlines {
        self.state.withLockedValue { state in
            state.inboxes[state.loopSlot(for: loop)].arrivals
        }
    }

    /// Runs one operator command. Queued bytes are read on each loop first (one hop per loop),
    /// so the chat lock is never held across a hop.
    public func executeOperator(_ line: String) async -> OperatorResult {
        let inboxes = self.state.withLockedValue { $0.inboxes }
        var queued: [ClientID: Int] = [:]
        for inbox in inboxes {
            let loopQueued = (try? await inbox.eventLoop.submit { inbox.writer.queuedBytes() }.get()) ?? [:]
            queued.merge(loopQueued) { first, _ in first }
        }
        let now = self.configuration.now()
        var statistics = self.counters.statistics(at: now)
        statistics.eventLoopThreads = self.eventLoopThreads
        let tls = self.configuration.tlsStatus?()
        let result: OperatorResult
        if let cluster = self.cluster {
            let transport = self.state.withLockedValue { state in
                statistics.connectionsNow = state.registry.count
                statistics.connectionsPeak = state.registry.peak
                statistics.connectionsTotal = state.registry.total
                return TransportSnapshot(queuedBytes: queued, statistics: statistics, tls: tls)
            }
            // Applied where the log puts it, on every node; answered here (`applyLogged`).
            result = await cluster.runOperatorCommand(line, transport: transport)
        } else {
            let followUps: [FollowUp]
            (result, followUps) = self.state.withLockedValue { state in
                statistics.connectionsNow = state.registry.count
                statistics.connectionsPeak = state.registry.peak
                statistics.connectionsTotal = state.registry.total
                let transport = TransportSnapshot(queuedBytes: queued, statistics: statistics, tls: tls)
                let (result, effects) = state.chat.executeOperator(line, transport: transport, at: now)
                return (result, self.carryOut(effects, in: &state))
            }
            self.perform(followUps)
        }
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

    /// Runs `body` under the chat lock.
    func withState<Result>(_ body: (inout State) -> Result) -> Result {
        self.state.withLockedValue(body)
    }

    /// Effects that are not deliveries, done once the lock is released.
    func perform(_ followUps: [FollowUp]) {
        for followUp in followUps {
            switch followUp {
            case .audit(let entry): self.log(entry)
            case .setLogLevel(let level): self.configuration.onLogLevelChange?(level)
            case .shutDown: self.shutdownHandler.withLockedValue { $0 }?()
            case .drain(let inbox): inbox.drainSoon()
            }
        }
    }

    /// Audit entries are logged after the lock is released: logging is I/O.
    private func log(_ entry: AuditEntry) {
        var metadata: Logger.Metadata = ["audit.actor": "\(entry.actor)", "audit.action": "\(entry.action)"]
        if let target = entry.target { metadata["audit.target"] = "\(target)" }
        if let reason = entry.reason { metadata["audit.reason"] = "\(reason)" }
        self.logger.notice("audit: \(entry.message.rendered(in: self.configuration.chat.language))", metadata: metadata)
    }

    /// What an effect leaves to do after the lock.
    enum FollowUp {
        case audit(AuditEntry)
        case setLogLevel(String)
        case shutDown
        /// A loop has output queued and no drain on the way.
        case drain(LoopInbox)
    }

    /// `/login` is accepted only on encrypted connections from now on, and a refusal names
    /// `port` (the TLS door's, once bound).
    public func requireTLSForLogin(port: Int, webPort: Int? = nil, ircPort: Int? = nil) {
        self.state.withLockedValue { $0.chat.requireTLSForLogin(port: port, webPort: webPort, ircPort: ircPort) }
    }

    /// From now on departures are not announced: everyone is leaving.
    func beginShutdown() {
        self.state.withLockedValue { state in
            if self.cluster != nil {
                // The shared chat goes on: only this node refuses newcomers.
                state.isStopping = true
            } else {
                state.chat.isShuttingDown = true
            }
        }
    }

    /// The server is stopping: the client is told goodbye and its connection closed once
    /// that is written (its door is quiescing).
    func shutDown(_ id: ClientID) {
        let followUps = self.state.withLockedValue { state in
            if self.cluster != nil {
                // The log's `nodeStopping` told the others; whoever is still here (the log
                // unreachable, or an arrival not yet applied) is told goodbye all the same.
                return self.carryOut(state.chat.farewell(to: id), in: &state, authored: false)
            }
            state.chat.isShuttingDown = true
            return self.carryOut(state.chat.shutDown(id), in: &state)
        }
        self.perform(followUps)
    }

    /// Encodes each line once per wire its recipients use and queues it once for each loop that
    /// has a recipient (each connection's line ending is applied as it is copied). Returns what
    /// must happen once the lock is released (drains, logging).
    /// In a cluster, only the node that logged an input (`authored`) writes its records, logs
    /// its audit entries and acts on the server; every node delivers to its own connections.
    func carryOut(_ effects: [Effect], in state: inout State, authored: Bool = true) -> [FollowUp] {
        var followUps: [FollowUp] = []
        // When this batch of lines is sent, for the browser door's events (read and written
        // once, if needed).
        var webTime: String?
        // The same for server-time's tags.
        var ircTime: String?
        var records: [StoreRecord] = []
        // Handed to the store under the lock (one append), so records keep the state's order.
        defer { if !records.isEmpty { self.configuration.store?.enqueue(records) } }
        for effect in effects {
            switch effect {
            case .deliver(let line, var recipients):
                if self.cluster != nil {
                    recipients.removeAll { state.registry.slot(of: $0) == nil }
                    if recipients.isEmpty { continue }
                }
                var lineWebTime: String?
                var irc = IRCForms()
                // IRC moderators read sources with addresses: a copy of the line of their own.
                var moderatorsCopy: (line: EncodedLine, recipients: [ClientID])?
                let ircEncodings = state.registry.ircEncodings(among: recipients)
                if !ircEncodings.isEmpty {
                    let messages = state.chat.ircMessages(for: line, to: recipients)
                    let moderators = state.chat.ircModerators(among: recipients)
                    if !moderators.isEmpty, let revealed = state.chat.ircRevealingAddresses(in: messages) {
                        let forms = self.ircForms(
                            of: line, revealed, for: state.registry.ircEncodings(among: moderators), time: &ircTime)
                        moderatorsCopy = (forms.encoded(line, text: false), moderators)
                        recipients.removeAll { moderators.contains($0) }
                        irc = self.ircForms(
                            of: line, messages, for: state.registry.ircEncodings(among: recipients), time: &ircTime)
                    } else {
                        irc = self.ircForms(of: line, messages, for: ircEncodings, time: &ircTime)
                    }
                }
                if state.registry.hasWebRecipient(among: recipients) {
                    if webTime == nil { webTime = WebEvent.timeText(self.configuration.now()) }
                    lineWebTime = webTime
                } else if !line.isText && irc.isEmpty {
                    // A view update or IRC reply that none of its recipients is shown.
                    recipients = []
                }
                if !recipients.isEmpty {
                    let text = state.registry.hasTextRecipient(among: recipients)
                    self.enqueue(
                        irc.encoded(line, text: text, webTime: lineWebTime), to: recipients, in: &state, followUps: &followUps)
                }
                if let moderatorsCopy {
                    self.enqueue(moderatorsCopy.line, to: moderatorsCopy.recipients, in: &state, followUps: &followUps)
                }
            case .close(let id):
                let isGoingAway = state.chat.isShuttingDown
                if let slot = state.registry.remove(id), state.inboxes[slot].enqueue(.close(id, isGoingAway: isGoingAway)) {
                    followUps.append(.drain(state.inboxes[slot]))
                }
            case .audit(let entry):
                if authored { followUps.append(.audit(entry)) }
            case .setLogLevel(let level):
                if authored { followUps.append(.setLogLevel(level)) }
            case .shutDownServer:
                if authored { followUps.append(.shutDown) }
            case .record(let record):
                if authored { records.append(record) }
            case .answerOperator:
                // The operator's answer, taken out by `executeOperator` before effects get here.
                break
            }
        }
        state.chat.forgetDeparted()
        return followUps
    }

    /// Queues `encoded` once for each loop that has one of `recipients`, with the whole list.
    private func enqueue(_ encoded: EncodedLine, to recipients: [ClientID], in state: inout State, followUps: inout [FollowUp]) {
        if state.inboxes.count == 1 {
            if state.inboxes[0].enqueue(.deliver(encoded, to: recipients)) {
                followUps.append(.drain(state.inboxes[0]))
            }
            return
        }
        var loops = LoopSet()
        for id in recipients {
            if let slot = state.registry.slot(of: id) { loops.insert(slot) }
        }
        for slot in loops.members() where state.inboxes[slot].enqueue(.deliver(encoded, to: recipients)) {
            followUps.append(.drain(state.inboxes[slot]))
        }
    }

    /// A line's IRC messages in the encodings `encodings` asks for: as they are, with
    /// server-time's `time`, and with every tag for message-tags readers. `time` is read from
    /// the clock once per batch of lines.
    private func ircForms(
        of line: ServerLine, _ messages: [IRCMessage], for encodings: IRCEncodings, time: inout String?
    ) -> IRCForms {
        var forms = IRCForms()
        if encodings.plain { forms.plain = messages }
        guard encodings.tagged || encodings.messageTags else { return forms }
        let said: String
        if let at = ChatState.ircTime(of: line) {
            said = IRCMessage.serverTime(at)
        } else {
            if time == nil { time = IRCMessage.serverTime(self.configuration.now()) }
            said = time!
        }
        let timed = messages.map { $0.timed(said) }
        if encodings.tagged { forms.tagged = timed }
        if encodings.messageTags {
            let lineTags = ChatState.ircTags(of: line) ?? []
            forms.messageTags = lineTags.isEmpty ? timed : timed.map { $0.adding(lineTags) }
        }
        return forms
    }
}
