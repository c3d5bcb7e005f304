import Foundation

/// The whole chat: clients, nicks, rooms. It knows no sockets, clocks or loggers: it takes
/// events (with the time as a value) and returns the effects the transport must carry out.
public struct ChatState: Sendable {
    // The configuration and the table are each node's own, not the state's: a snapshot leaves
    // them out, and its decoding starts from these defaults (`init(snapshot:configuration:table:)`
    // puts the node's in).
    public internal(set) var configuration = ChatConfiguration()
    public var serverName: String { self.configuration.serverName }
    public internal(set) var table = CommandTable.standard
    public internal(set) var clients: [ClientID: ClientRecord] = [:]
    public internal(set) var rooms: [String: Room] = [:]
    /// Nick key → owner.
    var nickOwners: [String: ClientID] = [:]
    var nextGuestNumber = 1
    /// Set while the server shuts down: departures are no longer announced.
    public var isShuttingDown = false
    var pending: [Effect] = []
    /// The nicks of IRC clients removed since the transport last encoded lines (its last words
    /// to them name them); `forgetDeparted` empties it.
    public internal(set) var departedNicks: [ClientID: String] = [:]
    /// The last name each seed-style client announced, so each new name is tried once (kept
    /// apart from the records: most clients never send one).
    var seedNames: [ClientID: String] = [:]
    /// IRC's AWAY messages of the clients that are away (few are: kept apart from the records).
    public internal(set) var awayMessages: [ClientID: String] = [:]
    /// Clients that see presence as protocol events (`ClientRecord.seesPresenceAsEvents`):
    /// while there are none, presence notices go to everyone without looking at each.
    var clientsSeeingPresenceAsEvents = 0
    /// Clients reading another language than the server's: while there are none, a message
    /// is rendered once for all its recipients without looking at each.
    var clientsInOtherLanguages = 0
    /// The last chat or action line's number (`/ids`, `/delete`), across restarts.
    public internal(set) var lastLineNumber = 0
    /// Moderators who asked to see line numbers (`/ids on`).
    public internal(set) var lineNumberReaders: Set<ClientID> = []
    /// Clients that asked for every chat line with its number in the text (`/numbering on`):
    /// papo, which strikes out a removed line. Any role; only their own connection changes.
    public internal(set) var numberingClients: Set<ClientID> = []
    /// Lines removed with `/delete` during this run, so a second removal is told it is done.
    var removedLineNumbers: Set<Int> = []
    /// Each room's last poll, open or closed, by room key.
    public internal(set) var polls: [String: Poll] = [:]
    /// Each room's questions (`/ask`), by room key: they outlast the room's members.
    public internal(set) var questionLists: [String: QuestionList] = [:]
    /// Who may send private messages (`/privacy`).
    public internal(set) var privacy = PrivacyPolicy.open
    /// IRC clients that are moderators: they read messages' sources with real addresses.
    public internal(set) var ircModerators: Set<ClientID> = []
    /// IRC clients that took `message-tags`: while there are none, chat lines carry no tags.
    var messageTagsReaders = 0
    /// The client-only tags of the IRC message being handled: the chat lines it makes carry them.
    var ircSenderTags: [IRCTag] = []
    /// The number of the last line given a message id.
    var lastMessageNumber: UInt64 = 0
    /// Begins every message id of this run, so that ids stay unique across restarts.
    let messageIDPrefix: String
    /// A shutdown the operator scheduled: when, and the message for the countdown.
    public internal(set) var scheduledShutdown: ScheduledShutdown?

    public internal(set) var bans = BanList()
    /// Clients whose mute has an end, so the tick checks those rather than every client.
    var timedMutes: Set<ClientID> = []
    /// The most recent moderation actions, oldest first, at most `configuration.auditCapacity`.
    public internal(set) var audit: [AuditEntry] = []
    public internal(set) var breakout: Breakout?
    /// Addresses locked out of `/login` after too many failures.
    var loginLockouts: [String: LoginLockout] = [:]
    var random: RandomSource
    /// The secret in IRC's host cloaks, new each run.
    let ircCloakSecret: UInt64
    /// `/op` grants by nick key: they outlive the connection (and, stored, a restart).
    public internal(set) var opGrants: [String: OpGrant] = [:]
    /// Settings of rooms that have any, kept while the room is empty.
    public internal(set) var savedRoomSettings: [String: RoomSettings] = [:]
    /// Each room's last chat and action lines, oldest first, for replay on joining.
    public internal(set) var recentLines: [String: [TranscriptLine]] = [:]
    /// The time of the latest event, for records made where no time is passed in.
    var lastKnownTime = Date.distantPast
    /// The nodes of the cluster this chat is shared by, as the log has told of them (empty for
    /// papod alone).
    public internal(set) var clusterNodes: [NodeNumber: ClusterNode] = [:]
    /// How many clients each address has in the chat (a cluster's per-address cap counts
    /// every node's).
    public internal(set) var clientsByAddress: [String: Int] = [:]
    /// The time of the last input applied from a cluster's log.
    var lastLogTime: Date?
    /// While a client's input is applied: when it reached its node, if not now.
    var inputArrival: Date?

    public static let maxTopicLength = 300
    public static let maxReasonLength = 200

    public init(
        configuration: ChatConfiguration = ChatConfiguration(),
        table: CommandTable = .standard,
        random: RandomSource = RandomSource(), clusterSecret: UInt64? = nil
    ) {
        self.configuration = configuration
        self.table = table
        if let clusterSecret {
            // Every node of a cluster decides alike: the same breakout splits, cloaks and
            // message IDs, from the secret they share.
            var shared = RandomSource(seed: clusterSecret)
            self.random = RandomSource(seed: shared.next())
            self.ircCloakSecret = shared.next()
            self.messageIDPrefix = String(shared.next() >> 24, radix: 36) + "-"
        } else {
            self.random = random
            // From the system, not `random`: seeded tests keep their sequence.
            self.ircCloakSecret = UInt64.random(in: .min ... .max)
            self.messageIDPrefix = String(UInt64.random(in: .min ... .max) >> 24, radix: 36) + "-"
        }
        self.rooms[RoomName.lobby.key] = Room(name: .lobby)
    }

    public init(serverName: String, table: CommandTable = .standard) {
        self.init(configuration: ChatConfiguration(serverName: serverName), table: table)
    }

    /// Where `/login` must happen from now on: the TLS door's port, known once it is bound
    /// (nil accepts a password on any connection), and the web page's HTTPS port if it has one.
    public mutating func requireTLSForLogin(port: Int?, webPort: Int? = nil, ircPort: Int? = nil) {
        self.configuration.loginTLSPort = port
        self.configuration.loginHTTPSPort = webPort
        self.configuration.loginIRCSPort = ircPort
    }

    // MARK: Events

    /// A new connection: it gets a guest nick, a place in `#lobby` and a welcome. `isSecure`:
    /// the connection is encrypted (TLS), so a password may travel on it.
    /// `language`: the one the client asked for as it connected (the browser's), if any.
    /// `nick`: the one it registered with (IRC), used if still free, else it is a guest.
    /// `presenceAsEvents`: its door shows presence from the room updates (`ClientRecord`).
    public mutating func connect(
        _ id: ClientID, address: String, isSecure: Bool = false, language: Language? = nil, nick requested: Nick? = nil,
        presenceAsEvents: Bool = false, ircCapabilities: IRCCapabilities = IRCCapabilities(), at now: Date
    ) -> [Effect] {
        self.lastKnownTime = now
        let language = language ?? self.configuration.language
        if let ban = self.bans.ban(onAddress: address, at: now) {
            let line = MessageLine.error(.bannedFromServer, ["ban": .message(Self.describe(ban))])
            self.pending.append(.deliver(line.rendered(in: language), to: [id]))
            self.pending.append(.close(id))
            return self.takeEffects()
        }
        let nick: Nick
        if let requested, self.nickOwners[requested.key] == nil {
            nick = requested
        } else {
            var number = self.nextGuestNumber
            while self.nickOwners[Nick.guest(number).key] != nil { number += 1 }
            self.nextGuestNumber = number + 1
            nick = Nick.guest(number)
        }
        var client = ClientRecord(
            id: id, nick: nick, room: .lobby, address: address, connectedAt: now, lastActiveAt: now, isSecure: isSecure,
            language: language)
        client.seesPresenceAsEvents = presenceAsEvents
        client.ircCapabilities = ircCapabilities
        if presenceAsEvents { self.clientsSeeingPresenceAsEvents += 1 }
        if ircCapabilities.contains(.messageTags) { self.messageTagsReaders += 1 }
        self.clients[id] = client
        self.clientsByAddress[address, default: 0] += 1
        if language != self.configuration.language { self.clientsInOtherLanguages += 1 }
        self.nickOwners[nick.key] = id
        if self.rooms[RoomName.lobby.key] == nil { self.rooms[RoomName.lobby.key] = self.makeRoom(.lobby) }
        self.rooms[RoomName.lobby.key]?.members.append(id)
        if let requested, requested.key != nick.key {
            // Taken on another node of a cluster between the client's registration and this
            // entry of the log: its IRC client is told its nick is the guest's now.
            if presenceAsEvents {
                let source = "\(requested.name)!\(self.ircUserAndHost(address: address))"
                self.ircDeliver(IRCMessage(command: "NICK", parameters: [nick.name], source: source), to: id)
            }
            self.reply(id, .error(.seedNickTaken, ["nick": "\(requested)", "current": "\(nick)"]))
        }
        self.reply(id, .notice(.welcome, ["server": "\(self.serverName)", "nick": "\(nick)"]))
        if let topic = self.rooms[RoomName.lobby.key]?.topic {
            self.reply(id, .notice(.topicIs, ["topic": "\(topic.text)"]), presence: true)
        }
        // An IRC client reads history in the room's window: after its JOIN.
        if !presenceAsEvents { self.greetRecordedRoom(id, room: .lobby) }
        self.recordPresence(id, in: .lobby, .join)
        self.tellRoom(
            of: id, .notice(.joined, ["nick": "\(nick)", "room": "\(RoomName.lobby)"]), presence: true, quietInCrowds: true)
        self.showEntry(of: id)
        if presenceAsEvents { self.greetRecordedRoom(id, room: .lobby) }
        return self.takeEffects()
    }

    /// Input from a client: chat, commands, or the assignment client's messages. `arrivedAt`:
    /// when it reached the server, if not `now` (a cluster's log applies it later).
    public mutating func receive(_ message: InboundMessage, from id: ClientID, at now: Date, arrivedAt: Date? = nil) -> [Effect] {
        guard self.clients[id] != nil else { return [] }
        self.inputArrival = arrivedAt
        defer { self.inputArrival = nil }
        self.lastKnownTime = now
        self.clients[id]?.lastActiveAt = now
        switch message {
        case .frame(let payload):
            if let seed = SeedMessage(payload: payload) {
                self.adoptSeedName(seed.name, for: id, at: now)
                self.handleText(seed.text, from: id, at: now)
            } else {
                self.handleText(payload, from: id, at: now)
            }
        case .line(let text, _):
            self.handleLine(Substring(text), from: id, at: now)
        case .bareDisconnect:
            self.leave(id, reason: .message(Message(.reasonDisconnected)), goodbye: Message(.goodbye))
        case .irc(let message):
            self.receiveIRC(message, from: id, at: now)
        }
        return self.takeEffects()
    }

    /// The connection is gone (closed by the peer, reset, failed): the client leaves, once.
    public mutating func disconnect(_ id: ClientID, reason: Message, at now: Date? = nil) -> [Effect] {
        if let now { self.lastKnownTime = now }
        self.remove(id, reason: .message(reason))
        return self.takeEffects()
    }

    /// Input that could not be framed: one error line, then the connection closes.
    public mutating func reject(_ id: ClientID, error: FramingError) -> [Effect] {
        self.expel(id, error: error.message, reason: Message(.reasonProtocolError))
    }

    /// The transport drops a client (a deadline passed): it is told why, the room too.
    public mutating func expel(_ id: ClientID, error: Message, reason: Message) -> [Effect] {
        guard self.clients[id] != nil else { return [] }
        self.reply(id, .error(error))
        self.pending.append(.close(id))
        self.remove(id, reason: .message(reason))
        return self.takeEffects()
    }

    /// The server is stopping: the client gets a goodbye and is closed, with no notices to others.
    public mutating func shutDown(_ id: ClientID) -> [Effect] {
        guard self.clients[id] != nil else { return [] }
        self.isShuttingDown = true
        self.pending += self.farewell(to: id)
        self.remove(id, reason: .message(Message(.reasonServerShuttingDown)))
        return self.takeEffects()
    }

    // MARK: Input

    /// A payload may hold several lines; each non-empty one is a message or command.
    mutating func handleText(_ text: String, from id: ClientID, at now: Date) {
        // Split on CR and LF bytes rather than Characters (no grapheme breaking per message):
        // both are ASCII, so their positions are Character boundaries, and the empty piece
        // between CR and LF is skipped like any blank line.
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if start != index {
                    guard self.clients[id] != nil else { return }
                    self.handleLine(text[start..<index], from: id, at: now)
                }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex, self.clients[id] != nil {
            self.handleLine(text[start...], from: id, at: now)
        }
    }

    mutating func handleLine(_ line: Substring, from id: ClientID, at now: Date) {
        let trimmed = line.trimmingWhitespace()
        // A flooding client that asks to leave is let go politely rather than dropped.
        guard !trimmed.isEmpty, self.isLeaveRequest(trimmed) || self.admitsLine(from: id, at: now) else { return }
        if Self.isDesconectar(trimmed) {
            self.leave(id, reason: .message(Message(.reasonDisconnected)), goodbye: Message(.goodbye))
        } else if trimmed.hasPrefix("//") {
            self.say(trimmed.dropFirst(), from: id, at: now)
        } else if trimmed.hasPrefix("/") {
            self.execute(trimmed.dropFirst(), actor: .client(id), scope: .user, at: now)
        } else {
            self.say(trimmed, from: id, at: now)
        }
    }

    /// The assignment client's `Desconectar`, in any case.
    static func isDesconectar(_ line: Substring) -> Bool {
        line.utf8.count == "desconectar".utf8.count && line.lowercased() == "desconectar"
    }

    /// `Desconectar`, or `/quit` by any of its names.
    func isLeaveRequest(_ line: Substring) -> Bool {
        if Self.isDesconectar(line) { return true }
        guard line.hasPrefix("/"), !line.hasPrefix("//") else { return false }
        let name = line.dropFirst().prefix { $0 != " " && $0 != "\t" }
        return self.table.lookup(String(name), scope: .user)?.name == "quit"
    }

    /// Flood control: every line counts, commands included; moderators are exempt.
    mutating func admitsLine(from id: ClientID, at now: Date) -> Bool {
        let limits = self.configuration.flood
        guard limits.isEnabled, let verdict = self.clients[id]?.takeLine(limits: limits, at: self.inputArrival ?? now)
        else { return true }
        switch verdict {
        case .accept:
            return true
        case .refuse(let notify):
            if notify {
                self.reply(id, .error(.sendingTooFast, ["rate": .number(limits.rate)]))
            }
            return false
        case .disconnect:
            self.reply(id, .error(.disconnectedForFlooding))
            self.pending.append(.close(id))
            self.remove(id, reason: .message(Message(.reasonFlooding)))
            return false
        }
    }

    /// Runs one command line: the dispatcher's checks (scope, arguments, role), then the
    /// command's own rule.
    @discardableResult
    mutating func execute(
        _ line: Substring, actor: CommandActor, scope: CommandScope, transport: TransportSnapshot = TransportSnapshot(),
        at now: Date
    ) -> CommandError? {
        do throws(CommandError) {
            var role: Role?
            if case .client(let id) = actor { role = self.clients[id]?.role ?? .user }
            var invocation = try CommandDispatcher(table: self.table).invocation(
                for: line, actor: actor, role: role, scope: scope, at: now)
            invocation.transport = transport
            try invocation.spec.handler(&self, invocation)
            return nil
        } catch {
            self.respond(to: actor, MessageLine.error(error.message))
            return error
        }
    }

    /// Runs one operator command (typed bare, as `kick bob`). The transport passes what only
    /// it knows (queued bytes, counters) for `clients` and `stats`.
    public mutating func executeOperator(
        _ line: String, transport: TransportSnapshot = TransportSnapshot(), at now: Date
    ) -> (result: OperatorResult, effects: [Effect]) {
        self.lastKnownTime = now
        let error = self.execute(Substring(line), actor: .operator, scope: .operator, transport: transport, at: now)
        // The answer comes out of the effects; the rest are the transport's. The operator reads
        // plain text: notices lose their `-!- `; errors go in `error`.
        var lines: [String] = []
        var data: JSONValue?
        var query: OperatorQuery?
        var effects: [Effect] = []
        for effect in self.takeEffects() {
            guard case .answerOperator(let answer) = effect else {
                effects.append(effect)
                continue
            }
            switch answer {
            case .line(.error): break
            case .line(.notice(let text)): lines.append(text)
            case .line(let other): lines.append(other.rendered)
            case .data(let value): data = value
            case .query(let asked): query = asked
            }
        }
        let errorText = error?.rendered(in: self.configuration.language)
        var result = OperatorResult(isSuccess: error == nil, lines: lines, data: data, error: errorText)
        result.query = error == nil ? query : nil
        return (result, effects)
    }

    /// Chat to the sender's room, never echoed to the sender.
    mutating func say(_ text: Substring, from id: ClientID, at now: Date) {
        let cleaned = TextSanitizer.clean(String(text))
        guard !cleaned.isEmpty, let client = self.clients[id] else { return }
        do throws(CommandError) {
            try self.checkMayspeakInRoom(client, at: now)
        } catch {
            self.reply(id, MessageLine.error(error.message))
            return
        }
        self.clients[id]?.messagesSent += 1
        self.tellRoom(of: id, .chat(from: client.nick.name, text: cleaned, room: client.room.name), echo: client.echoesOwnMessages)
    }

    /// The assignment's client names itself in every message; its name becomes the nick
    /// once, if valid and free. Spaces become `_` ("Ana Maria" → `Ana_Maria`).
    mutating func adoptSeedName(_ name: String, for id: ClientID, at now: Date) {
        guard let client = self.clients[id], self.seedNames[id] != name else { return }
        self.seedNames[id] = name
        let candidate = name.trimmingWhitespace().replacingOccurrences(of: " ", with: "_")
        guard candidate != client.nick.name else { return }
        do throws(NameError) {
            let nick = try Nick(candidate)
            if let owner = self.nickOwners[nick.key], owner != id {
                self.reply(id, .error(.seedNickTaken, ["nick": "\(nick)", "current": "\(client.nick)"]))
            } else if self.bans.ban(onNickKey: nick.key, at: now) != nil {
                self.reply(id, .error(.seedNickBanned, ["nick": "\(nick)", "current": "\(client.nick)"]))
            } else {
                self.rename(id, to: nick)
            }
        } catch {
            let shown = TextSanitizer.preview(name, limit: 30)
            self.reply(
                id,
                .error(.seedNickInvalid, ["name": "\(shown)", "problem": .message(error.message), "current": "\(client.nick)"]))
        }
    }

    // MARK: Building blocks for commands

    mutating func takeEffects() -> [Effect] {
        defer { self.pending = [] }
        return self.pending
    }

    mutating func reply(_ id: ClientID, _ line: ServerLine) {
        self.pending.append(.deliver(line, to: [id]))
    }

    /// The operator command's data for `--json`.
    mutating func answerOperator(data: JSONValue) {
        self.pending.append(.answerOperator(.data(data)))
    }

    /// A read of the store the operator's command needs, run after the chat lock.
    mutating func answerOperator(query: OperatorQuery) {
        self.pending.append(.answerOperator(.query(query)))
    }

    /// A reply to whoever ran a command: a client's connection, or the operator's output.
    mutating func respond(to actor: CommandActor, _ line: ServerLine) {
        switch actor {
        case .client(let id): self.reply(id, line)
        case .operator: self.pending.append(.answerOperator(.line(line)))
        }
    }

    /// A line to every connected client.
    mutating func tellEveryone(_ line: ServerLine) {
        if self.isTranscriptOn {
            for room in self.rooms.values.sorted(by: { $0.name.key < $1.name.key }) where !room.members.isEmpty {
                self.recordRoomLine(line, in: room.name, from: nil)
            }
        }
        let everyone = Array(self.clients.keys).sorted()
        if !everyone.isEmpty {
            self.pending.append(.deliver(line, to: everyone))
        }
    }

    /// A line to every member of `id`'s room but `id`.
    /// `echo`: the sender is sent the line too (after the others), for echo-message.
    mutating func tellRoom(of id: ClientID, _ line: ServerLine, echo: Bool = false) {
        guard let client = self.clients[id], let room = self.rooms[client.room.key] else { return }
        self.lastLineNumber += 1
        let number = self.lastLineNumber
        self.recordRoomLine(line, in: room.name, from: id, number: number)
        let tagged = self.taggedForIRC(line, number: number)
        var recipients = room.members(except: id)
        // Moderators with `/ids on` (and clients with `/numbering on`) read the number in the text, apart.
        if !self.lineNumberReaders.isEmpty || !self.numberingClients.isEmpty {
            var numbered: [ClientID] = []
            recipients.removeAll { id in
                guard self.readsLineNumbers(id) else { return false }
                numbered.append(id)
                return true
            }
            if !numbered.isEmpty { self.pending.append(.deliver(.numbered(number, tagged), to: numbered)) }
        }
        // Everyone else's line carries its number as data: only the web page reads it.
        let line = ServerLine.withNumber(number, tagged)
        if !recipients.isEmpty {
            self.pending.append(.deliver(line, to: recipients))
        }
        if echo {
            self.pending.append(.deliver(line, to: [id]))
        }
    }

    /// Whether `id` reads chat lines with `[#42]` before them.
    func readsLineNumbers(_ id: ClientID) -> Bool {
        self.lineNumberReaders.contains(id) || self.numberingClients.contains(id)
    }

    /// The transport has encoded the lines to departed clients.
    public mutating func forgetDeparted() {
        if !self.departedNicks.isEmpty { self.departedNicks.removeAll() }
    }

    /// An IRC client changed its capabilities after registering (echo-message).
    public mutating func setIRCCapabilities(_ capabilities: IRCCapabilities, for id: ClientID) {
        self.clients[id]?.ircCapabilities = capabilities
    }

    /// A line to every member of a room.
    mutating func tellEveryone(in room: RoomName, _ line: ServerLine) {
        if self.rooms[room.key] != nil {
            self.recordRoomLine(line, in: room, from: nil)
        }
        guard let members = self.rooms[room.key]?.members, !members.isEmpty else { return }
        self.pending.append(.deliver(line, to: members))
    }

    public func client(named name: String) -> ClientRecord? {
        self.nickOwners[IdentifierKey.make(name)].flatMap { self.clients[$0] }
    }

    mutating func rename(_ id: ClientID, to nick: Nick) {
        guard let old = self.clients[id]?.nick else { return }
        self.nickOwners[old.key] = nil
        self.nickOwners[nick.key] = id
        self.clients[id]?.nick = nick
        self.reply(id, .notice(.youAreNowKnownAs, ["nick": "\(nick)"]), presence: true)
        self.tellRoom(of: id, .notice(.isNowKnownAs, ["old": "\(old)", "nick": "\(nick)"]), presence: true, quietInCrowds: true)
        self.showRename(of: id, from: old)
        if let room = self.clients[id]?.room {
            self.recordPresence(id, in: room, .rename)
        }
        self.applyOpGrant(to: id)
    }

    /// How a move is announced.
    enum MoveAnnouncement {
        /// The client moved itself: both rooms are told.
        case normal
        /// A moderator moved the client: both rooms and the client are told who did it.
        case movedBy(String)
        /// Only the client is told (mass moves send one summary instead).
        case silent
    }

    /// Moves a client to another room, creating it if needed.
    mutating func move(_ id: ClientID, to destination: RoomName, announce: MoveAnnouncement = .normal) {
        guard let client = self.clients[id], client.room != destination else { return }
        let shownDestination = self.rooms[destination.key]?.name ?? destination
        switch announce {
        case .normal:
            self.tellRoom(
                of: id, .notice(.leftFor, ["nick": "\(client.nick)", "room": "\(shownDestination)"]), presence: true,
                quietInCrowds: true)
        case .movedBy(let actor):
            let arguments: [String: MessageValue] = ["nick": "\(client.nick)", "room": "\(shownDestination)", "actor": "\(actor)"]
            self.tellRoom(of: id, .notice(.movedBy, arguments), quietInCrowds: true)
            self.reply(id, .notice(.youWereMovedBy, ["room": "\(shownDestination)", "actor": "\(actor)"]))
        case .silent: break
        }
        self.recordPresence(id, in: client.room, .leave)
        self.removeMember(id, from: client.room)
        self.showDeparture(of: client.nick, from: client.room)
        if self.rooms[destination.key] == nil { self.rooms[destination.key] = self.makeRoom(destination) }
        self.rooms[destination.key]?.members.append(id)
        guard let room = self.rooms[destination.key] else { return }
        self.clients[id]?.room = room.name
        let count = room.members.count
        self.reply(id, .notice(.youAreNowIn, ["room": "\(room.name)", "count": .count(count)]), presence: true)
        if let topic = room.topic {
            self.reply(id, .notice(.topicIs, ["topic": "\(topic.text)"]), presence: true)
        }
        if !client.seesPresenceAsEvents { self.greetRecordedRoom(id, room: room.name) }
        self.recordPresence(id, in: room.name, .join)
        switch announce {
        case .normal:
            self.tellRoom(
                of: id, .notice(.joined, ["nick": "\(client.nick)", "room": "\(room.name)"]), presence: true, quietInCrowds: true)
        case .movedBy(let actor):
            self.tellRoom(
                of: id, .notice(.joinedMovedBy, ["nick": "\(client.nick)", "room": "\(room.name)", "actor": "\(actor)"]),
                quietInCrowds: true)
        case .silent: break
        }
        self.showEntry(of: id, from: client.room)
        if client.seesPresenceAsEvents { self.greetRecordedRoom(id, room: room.name) }
    }

    /// A client leaves by choice: a goodbye to them, the connection closes, the room is told.
    mutating func leave(_ id: ClientID, reason: MessageValue, goodbye: Message) {
        guard self.clients[id] != nil else { return }
        self.reply(id, .notice(goodbye))
        self.pending.append(.close(id))
        self.remove(id, reason: reason)
    }

    /// Removes a client from every list, exactly once, telling its room unless shutting down
    /// or the caller has told it already.
    /// `kickedBy`: a moderator removed it, for `kickReason` (IRC shows a KICK rather than a QUIT).
    mutating func remove(
        _ id: ClientID, reason: MessageValue, announce: Bool = true, kickedBy: String? = nil, kickReason: String? = nil
    ) {
        guard let client = self.clients[id] else { return }
        if client.language != self.configuration.language { self.clientsInOtherLanguages -= 1 }
        if let count = self.clientsByAddress[client.address] {
            self.clientsByAddress[client.address] = count > 1 ? count - 1 : nil
        }
        if client.ircCapabilities.contains(.messageTags) { self.messageTagsReaders -= 1 }
        self.ircModerators.remove(id)
        self.lineNumberReaders.remove(id)
        self.numberingClients.remove(id)
        if client.seesPresenceAsEvents {
            self.clientsSeeingPresenceAsEvents -= 1
            self.departedNicks[id] = client.nick.name
        }
        self.awayMessages[id] = nil
        self.seedNames[id] = nil
        if announce && !self.isShuttingDown {
            self.tellRoom(of: id, .notice(.left, ["nick": "\(client.nick)", "reason": reason]), presence: true, quietInCrowds: true)
        }
        self.recordPresence(id, in: client.room, .leave)
        self.removeMember(id, from: client.room)
        self.clients[id] = nil
        if !self.isShuttingDown {
            let reasonText =
                kickedBy != nil
                ? kickReason : self.clientsSeeingPresenceAsEvents > 0 ? reason.rendered(in: self.configuration.language) : nil
            self.showDeparture(of: client.nick, from: client.room, quit: true, reason: reasonText, kickedBy: kickedBy)
        }
        if self.nickOwners[client.nick.key] == id {
            self.nickOwners[client.nick.key] = nil
        }
    }

    private mutating func removeMember(_ id: ClientID, from roomName: RoomName) {
        guard var room = self.rooms[roomName.key] else { return }
        room.members.removeAll { $0 == id }
        let hadHand = room.hands.contains(id)
        room.hands.removeAll { $0 == id }
        room.lastSpokeAt[id] = nil
        defer { if hadHand { self.showHands(of: roomName) } }
        if room.members.isEmpty && roomName != .lobby {
            self.rooms[roomName.key] = nil
        } else {
            self.rooms[roomName.key] = room
        }
    }
}

/// What a snapshot keeps: every stored property but the configuration, the table and the
/// pending effects (`ChatState+Snapshot.swift` encodes them; decoding is synthesized here, as
/// only the declaring file may). A property added to the state belongs here too, which
/// `ChatStateSnapshotTests` checks.
extension ChatState: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case clients, rooms, nickOwners, nextGuestNumber, isShuttingDown, departedNicks, seedNames, awayMessages
        case clientsSeeingPresenceAsEvents, clientsInOtherLanguages, lastLineNumber, lineNumberReaders
        case numberingClients, removedLineNumbers, polls, questionLists, privacy, ircModerators, messageTagsReaders
        case ircSenderTags, lastMessageNumber, messageIDPrefix, scheduledShutdown, bans, timedMutes, audit, breakout
        case loginLockouts, random, ircCloakSecret, opGrants, savedRoomSettings, recentLines, lastKnownTime
        case clusterNodes, lastLogTime, clientsByAddress
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        // Most lines start and end with a visible ASCII character: nothing to trim.
        if let first = self.first?.asciiValue, let last = self.last?.asciiValue,
            first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F
        {
            return self[...]
        }
        let start = self.firstIndex(where: { !$0.isWhitespace }) ?? self.endIndex
        guard let last = self.lastIndex(where: { !$0.isWhitespace }) else { return self[start..<start] }
        return self[start...last]
    }
}

extension ChatState {
    /// Gives `id` a role, and keeps the list of IRC moderators (who read real addresses).
    mutating func setRole(_ role: Role, of id: ClientID) {
        guard let client = self.clients[id] else { return }
        self.clients[id]?.role = role
        if role != .moderator { self.lineNumberReaders.remove(id) }
        if client.seesPresenceAsEvents {
            if role == .moderator {
                self.ircModerators.insert(id)
            } else {
                self.ircModerators.remove(id)
            }
        }
    }
}
