import Foundation
import Testing

@testable import PapoCore

/// A cluster's checkpoint: a snapshot of a busy state restores a copy that decides exactly as
/// the original from then on (effects, and the state they leave), and a damaged snapshot is an
/// error, never a crash.
@Suite struct ChatStateSnapshotTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let nodeA = NodeNumber(3)
    let nodeB = NodeNumber(5)

    /// Every node's own, the same on each.
    static var configuration: ChatConfiguration {
        var configuration = ChatConfiguration(
            moderatorPassword: "segredo", recording: RecordingSettings(replayLines: 50),
            timeZone: TimeZone(identifier: "UTC")!)
        configuration.startedAt = Self.start
        return configuration
    }

    var mestre: ClientID { ClientID(node: self.nodeA, local: 1) }
    /// IRC, with tags and echo.
    var ana: ClientID { ClientID(node: self.nodeA, local: 2) }
    var bia: ClientID { ClientID(node: self.nodeB, local: 1) }
    var caio: ClientID { ClientID(node: self.nodeB, local: 2) }
    var davi: ClientID { ClientID(node: self.nodeA, local: 3) }
    var eva: ClientID { ClientID(node: self.nodeB, local: 3) }
    /// Reads Portuguese.
    var fabi: ClientID { ClientID(node: self.nodeA, local: 4) }
    /// IRC, made a moderator.
    var gil: ClientID { ClientID(node: self.nodeB, local: 4) }
    /// The assignment's client, naming itself in every message.
    var hugo: ClientID { ClientID(node: self.nodeA, local: 5) }
    /// IRC, gone before the snapshot.
    var ivo: ClientID { ClientID(node: self.nodeB, local: 5) }

    func line(_ text: String, by id: ClientID) -> ChatInput {
        .receive(.line(text, .lf), from: id)
    }

    func irc(_ text: String, by id: ClientID) throws -> ChatInput {
        .receive(.irc(try IRCMessage(parsing: text[...])), from: id)
    }

    /// From 10.0.NODE.LOCAL unless `address` is given.
    func arrival(
        _ id: ClientID, _ nick: String?, address: String? = nil, language: Language? = nil, irc: Bool = false
    ) throws -> ChatInput {
        let capabilities = IRCCapabilities(irc ? [.messageTags, .echoMessage, .serverTime] : [])
        return .connect(
            ClientArrival(
                id: id, address: address ?? "10.0.\(id.node.rawValue).\(id.rawValue & 0xff)", language: language,
                nick: try nick.map { try Nick($0) }, presenceAsEvents: irc, ircCapabilities: capabilities))
    }

    /// Two nodes' clients in three rooms, with everything the state keeps in use: a topic,
    /// renames, line numbers and a removed line, two timed polls, a question, a timed ban and
    /// mute, `/op` grants, raised hands, an away message, a login lockout, a scheduled shutdown
    /// and a breakout running. Inputs come 40 ms apart; returns the time of the last.
    func busyState() throws -> (state: ChatState, now: Date) {
        var state = ChatState(configuration: Self.configuration, clusterSecret: 0x5eed)
        var now = Self.start
        func apply(_ inputs: [ChatInput]) {
            for input in inputs {
                now += 0.04
                _ = state.apply(input, at: now)
            }
        }
        apply([
            .nodeStarted(self.nodeA, name: "a"), .nodeStarted(self.nodeB, name: "b"),
            try self.arrival(self.mestre, "mestre"), self.line("/login segredo", by: self.mestre),
            try self.arrival(self.ana, "ana", irc: true), try self.arrival(self.bia, "bia"),
            try self.arrival(self.caio, "caio"), try self.arrival(self.davi, "davi"), try self.arrival(self.eva, "eva"),
            try self.arrival(self.fabi, "fabi", language: .portuguese), try self.arrival(self.gil, "gil", irc: true),
            try self.arrival(self.hugo, nil), try self.arrival(self.ivo, "ivo", irc: true),
            .receive(.frame("\nHugo Seed enviou: oi\nDigite sua mensagem:"), from: self.hugo),
            self.line("/nick beatriz", by: self.bia),
            self.line("/join #Math", by: self.mestre), try self.irc("JOIN #math", by: self.ana),
            self.line("/join #math", by: self.bia), self.line("/join #math", by: self.caio),
            self.line("/topic fractions", by: self.mestre), self.line("/ids on", by: self.mestre),
            self.line("/numbering on", by: self.caio), self.line("hello", by: self.bia),
            try self.irc("@+typing=done PRIVMSG #math :olá", by: self.ana), self.line("/me waves", by: self.caio),
            self.line("oops", by: self.mestre),
        ])
        apply([
            self.line("/delete \(state.lastLineNumber) typo", by: self.mestre),
            // Two polls ending in the same tick, which closes them in one order on every node.
            self.line("/op davi", by: self.mestre), self.line("/join #art", by: self.davi),
            self.line("/poll --named 3m Which is larger? | 1/2 | 1/3", by: self.mestre),
            self.line("/poll 3m Paint or draw? | paint | draw", by: self.davi),
            self.line("/vote 1", by: self.bia), self.line("/vote 2", by: self.caio),
            self.line("/mute caio 2m chatty", by: self.mestre), self.line("/op gil", by: self.mestre),
            self.line("/join #art", by: self.fabi), try self.irc("JOIN #art", by: self.gil),
            self.line("/join #art", by: self.eva), .receive(.frame("/join #art"), from: self.hugo),
            self.line("/slow 1", by: self.davi), self.line("/vote 2", by: self.fabi),
            self.line("paint!", by: self.fabi),
            self.line("/ask -a can we paint outside?", by: self.fabi), self.line("/upvote 1", by: self.eva),
            try self.irc("PRIVMSG #art :hi all", by: self.gil), self.line("/hand", by: self.fabi),
            self.line("/hand", by: self.eva), .receive(.frame("/hand"), from: self.hugo),
            self.line("/ban eva 10m cheating", by: self.mestre),
            try self.irc("AWAY :lunch", by: self.gil), self.line("/privacy teacher", by: self.mestre),
            .failedSASL(nick: "mallory", address: "192.0.2.9", lockingOut: true),
            .operatorCommand("shutdown 3600 maintenance", node: self.nodeA, request: 1),
            self.line("/breakout 2 10", by: self.mestre),
            .disconnect(self.ivo, reason: Message(.reasonConnectionReset)),
        ])
        return (state, now)
    }

    /// What the busy state must hold, or the test below proves less than it says.
    @Test func theBusyStateUsesWhatTheSnapshotKeeps() throws {
        let state = try self.busyState().state
        #expect(state.clients.count == 8)
        #expect(state.clusterNodes.count == 2)
        #expect(state.rooms.keys.sorted() == ["#art", "#breakout-1", "#breakout-2", "#lobby", "#math"])
        #expect(state.rooms["#math"]?.topic?.text == "fractions")
        #expect(state.rooms["#art"]?.hands == [self.fabi, self.hugo])
        #expect(state.rooms["#art"]?.lastSpokeAt.isEmpty == false)
        #expect(state.clients[self.bia]?.nick.name == "beatriz")
        #expect(state.clients[self.hugo]?.nick.name == "Hugo_Seed")
        #expect(state.clients[self.caio]?.mute?.until != nil)
        #expect(state.timedMutes == [self.caio])
        #expect(state.bans.bans.contains { $0.until != nil })
        #expect(state.opGrants.keys.sorted() == ["davi", "gil"])
        #expect(state.ircModerators == [self.gil])
        #expect(state.polls.count == 2)
        #expect(state.questionLists["#art"]?.questions.first?.votes == 1)
        #expect(state.breakout?.rooms.count == 2)
        #expect(state.awayMessages[self.gil] == "lunch")
        #expect(state.departedNicks[self.ivo] == "ivo")
        #expect(!state.seedNames.isEmpty && !state.loginLockouts.isEmpty && state.scheduledShutdown != nil)
        #expect(state.lineNumberReaders == [self.mestre] && state.numberingClients == [self.caio])
        #expect(state.removedLineNumbers.count == 1)
        #expect(state.recentLines["#math"]?.map(\.text) == ["hello", "olá", "waves"])
        #expect(state.clientsInOtherLanguages == 1 && state.messageTagsReaders == 2)
        #expect(state.clientsSeeingPresenceAsEvents == 2)
        #expect(state.privacy == .teacher)
    }

    @Test func aRestoredCopyDecidesAsTheOriginalFromThenOn() throws {
        var (original, now) = try self.busyState()
        let snapshot = try original.snapshot()
        var restored = try ChatState(snapshot: snapshot, configuration: Self.configuration)
        #expect(try restored.snapshot() == snapshot)

        // Eleven minutes of heartbeats from both nodes: the mute, both polls, the ban and the
        // breakout run out on the way (the breakout warns first), with some talk between.
        var later: [(ChatInput, Date)] = []
        for step in 1...330 {
            now += 2
            later.append((.heartbeat(self.nodeA), now))
            later.append((.heartbeat(self.nodeB), now))
            switch step {
            case 10: later.append((self.line("in my group", by: self.bia), now))
            case 20: later.append((self.line("/next", by: self.davi), now))
            case 100: later.append((self.line("free again", by: self.caio), now))
            default: break
            }
        }
        // Then newcomers (guests, and eva again now her ban is over), a new split drawn from
        // the random source, talk in it, and node b stopping.
        let newcomers = (6...8).map { ClientID(node: self.nodeA, local: $0) }
        let evaAgain = ClientID(node: self.nodeB, local: 6)
        for input in try newcomers.map({ try self.arrival($0, nil) }) + [
            try self.arrival(evaAgain, "eva", address: "10.0.5.3"),
            self.line("/breakout 2", by: self.mestre), self.line("who is here?", by: self.caio),
            try self.irc("PRIVMSG #math :back", by: self.ana), .nodeStopping(self.nodeB),
        ] {
            now += 0.04
            later.append((input, now))
        }

        var effects: [[Effect]] = []
        for (index, (input, time)) in later.enumerated() {
            let expected = original.apply(input, at: time)
            let actual = restored.apply(input, at: time)
            #expect(actual == expected, "input \(index): \(input)")
            effects.append(expected)
        }
        #expect(try restored.snapshot() == original.snapshot())

        // The run did reach what it was for.
        let all = effects.flatMap(\.self)
        #expect(all.lines(for: self.caio).contains("-!- your mute has ended; you may speak again"))
        #expect(all.contains { if case .audit(let entry) = $0 { entry.action == "ban-expired" } else { false } })
        #expect(all.lines(for: self.bia).contains { $0.contains("one minute left in this breakout") })
        let closesBoth: ([Effect]) -> Bool = { effects in
            [self.mestre, self.davi].allSatisfy { id in
                effects.lines(for: id).contains { $0.contains("closed the poll") }
            }
        }
        #expect(effects.contains(where: closesBoth), "both polls close in one tick")
        #expect(newcomers.filter { original.clients[$0]?.nick.name.hasPrefix("guest-") == true }.count == 3)
        let evaArrival = try #require(
            later.firstIndex { if case .connect(let arrival) = $0.0 { arrival.id == evaAgain } else { false } })
        #expect(effects[evaArrival].closed.isEmpty, "eva's ban is over")
        #expect(original.breakout?.endsAt == nil && original.breakout?.rooms.count == 2)
        #expect(original.polls.values.allSatisfy { $0.isClosed })
    }

    /// A property added to the state and left out of the snapshot would make a restored node
    /// decide differently; the configuration, table and pending effects stay out on purpose.
    @Test func everyStoredPropertyIsInTheSnapshot() {
        let stored = Set(Mirror(reflecting: ChatState()).children.compactMap(\.label))
        let kept = Set(ChatState.CodingKeys.allCases.map(\.stringValue))
        #expect(stored.subtracting(kept) == ["configuration", "table", "pending", "inputArrival"])
        #expect(kept.isSubset(of: stored))
    }

    @Test func aStateWithEffectsNotTakenHasNoSnapshot() throws {
        var state = try self.busyState().state
        state.pending.append(.close(self.mestre))
        #expect(throws: EncodingError.self) { try state.snapshot() }
    }

    @Test func aDamagedSnapshotIsAnErrorNotACrash() throws {
        let snapshot = try self.busyState().state.snapshot()
        let text = String(decoding: snapshot, as: UTF8.self)
        for cut in stride(from: 0, to: snapshot.count, by: snapshot.count / 50) {
            #expect(throws: (any Error).self) {
                try ChatState(snapshot: snapshot.prefix(cut), configuration: Self.configuration)
            }
        }
        // Well-formed JSON holding what no state could: each must be refused as it is read.
        let damages = [
            ("\"nick\":\"davi\"", "\"nick\":\"da vi\""),
            ("\"name\":\"#art\"", "\"name\":\"art\""),
            ("\"choices\":{\"beatriz\":0", "\"choices\":{\"beatriz\":7"),
            ("\"number\":1,\"status\"", "\"number\":2,\"status\""),
            ("\"clusterNodes\":{\"3\":", "\"clusterNodes\":{\"16777216\":"),
            ("\"target\":{\"address\":\"10.", "\"target\":{\"address\":\"300."),
        ]
        for (original, damaged) in damages {
            #expect(text.contains(original), "the snapshot's shape changed: \(original)")
            let data = Data(text.replacingOccurrences(of: original, with: damaged).utf8)
            #expect(throws: (any Error).self, "\(damaged)") {
                try ChatState(snapshot: data, configuration: Self.configuration)
            }
        }
        // Any byte changed anywhere: an error or some state, never a trap.
        for offset in stride(from: 0, to: snapshot.count, by: max(1, snapshot.count / 300)) {
            var data = snapshot
            data[offset] ^= 0x55
            _ = try? ChatState(snapshot: data, configuration: Self.configuration)
        }
    }
}
