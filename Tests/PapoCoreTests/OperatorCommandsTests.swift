import Foundation
import Testing

@testable import PapoCore

/// The operator's bare commands (`kick bob`), run through `ChatState.executeOperator`, with
/// time and the transport's figures passed in as values.
@Suite("Operator commands")
struct OperatorCommandsTests {
    /// 2027-01-15 08:00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let ana = ClientID(1)
    let bob = ClientID(2)
    let cris = ClientID(3)

    /// ana (a moderator), bob and cris, connected from 10.0.0.1–3 at `start`, all in #lobby.
    func server() -> ChatState {
        var state = ChatState(configuration: ChatConfiguration(moderatorPassword: "segredo"))
        for (id, nick) in [(self.ana, "ana"), (self.bob, "bob"), (self.cris, "cris")] {
            _ = state.connect(id, address: "10.0.0.\(id.rawValue)", at: Self.start)
            _ = state.type("/nick \(nick)", by: id)
        }
        _ = state.type("/login segredo", by: self.ana)
        return state
    }

    static func at(_ seconds: TimeInterval) -> Date { Self.start.addingTimeInterval(seconds) }

    // MARK: Output

    @Test("Operator lines are plain text, without the -!- of notices", arguments: [
        "help", "help kick", "clients", "rooms", "bans", "audit", "hands", "breakout", "stats", "log-level info",
        "say #lobby hi", "announce hi", "topic #lobby hi", "mute bob", "op cris", "move bob #lab", "gather",
        "kick bob", "ban 10.9.9.9", "shutdown 60",
    ])
    func plainLines(line: String) {
        var state = self.server()
        let (result, _) = state.operate(line)
        #expect(result.isSuccess)
        #expect(result.error == nil)
        #expect(!result.lines.isEmpty)
        #expect(result.lines.allSatisfy { !$0.hasPrefix("-!-") })
    }

    @Test("A failed command puts its message in error, not in lines, and changes nothing")
    func errorsAreNotLines() {
        var state = self.server()
        let (result, effects) = state.operate("kick nobody")
        #expect(result == OperatorResult(isSuccess: false, lines: [], data: nil, error: "no such nick: nobody"))
        #expect(effects.isEmpty)
        #expect(state.clients.count == 3)
    }

    @Test("Unknown, empty and slashed command lines are refused with a bare hint", arguments: [
        ("frobnicate", "unknown command frobnicate. Type help for the list"),
        ("/kick bob", "unknown command /kick. Type help for the list"),
        ("nick ana2", "unknown command nick. Type help for the list"),
        ("", "empty command. Type help for the list"),
        ("   ", "empty command. Type help for the list"),
        ("kick", "missing NICK. Usage: kick NICK [REASON]"),
        ("rooms now", "too many arguments. Usage: rooms"),
    ])
    func refusedLines(line: String, error: String) {
        var state = self.server()
        let (result, effects) = state.operate(line)
        #expect(!result.isSuccess)
        #expect(result.lines.isEmpty)
        #expect(result.error == error)
        #expect(effects.isEmpty)
    }

    @Test("Each run starts clean: no lines or data carry over from the previous command")
    func noCarryOver() {
        var state = self.server()
        _ = state.operate("clients")
        let (result, _) = state.operate("hands")
        #expect(result.lines == ["no hands raised in #lobby"])
        #expect(result.data == nil)
    }

    // MARK: help

    @Test("help lists exactly the operator commands, bare, with aligned summaries")
    func helpLists() {
        var state = self.server()
        let (result, effects) = state.operate("help")
        #expect(result.isSuccess)
        #expect(effects.isEmpty)
        #expect(result.lines.first == "Operator commands (help COMMAND for details; name a client by nick or by id, as c12):")
        let names = result.lines.dropFirst().map { String($0.split(separator: " ").first ?? "") }
        #expect(
            names == [
                "help", "clients", "say", "topic", "audit", "export", "attendance", "stats", "tls", "log-level", "shutdown",
                "quit", "rooms", "op", "deop", "kick", "ban", "unban", "bans", "mute", "unmute", "move", "gather",
                "breakout", "hands", "announce", "privacy", "clear",
            ])
        #expect(names == CommandTable.standard.specs(in: .operator).map(\.name))
        #expect(result.lines.allSatisfy { !$0.contains("/") })
        // The longest usage is "ban TARGET [--nick-only] [DURATION] [REASON]" (44 characters).
        let kick = "  kick NICK [REASON]" + String(repeating: " ", count: 44 - 18)
            + "  Disconnect someone, with a reason; they may come back"
        #expect(result.lines.contains(kick))
        #expect(result.lines.contains { $0.hasPrefix("  mute NICK [DURATION] [REASON]" + String(repeating: " ", count: 44 - 29) + "  Silence someone") })
    }

    @Test("help COMMAND shows the bare usage, the summary and any details", arguments: [
        ("help kick", ["kick NICK [REASON]: Disconnect someone, with a reason; they may come back", "  also: expulsar"]),
        ("help WHO", [
            "clients [ROOM]: List connected clients: id, nick, address, room, role, since, idle, messages, queued bytes",
            "  also: who",
        ]),
        ("? log-level", ["log-level LEVEL: Set the log level: trace, debug, info, notice, warning, error, critical"]),
        ("help ban", [
            "ban TARGET [--nick-only] [DURATION] [REASON]: Ban a nick, or an IP address or CIDR block, for a time or until lifted",
            "  TARGET: a nick (its holder is disconnected and nobody may take it) or an address such as 10.0.0.7 or 10.0.0.0/24",
            "  DURATION: 30s, 10m, 2h, 1d (or combined, 1h30m); none means until unban",
            "  A nick's holder's address is banned too, for as long (not one you share); --nick-only bans the name alone",
            "  also: banir",
        ]),
    ])
    func helpCommand(line: String, lines: [String]) {
        var state = self.server()
        let (result, _) = state.operate(line)
        #expect(result.isSuccess)
        #expect(result.lines == lines)
    }

    @Test("help for a user-only or unknown command fails", arguments: ["quiet", "nick", "frob", "/kick"])
    func helpUnknown(name: String) {
        var state = self.server()
        let (result, _) = state.operate("help \(name)")
        #expect(!result.isSuccess)
        #expect(result.error == "no such command: \(name). Type help for the list")
    }

    // MARK: clients and rooms

    @Test("clients lists each client with the transport's queued bytes, as lines and as data")
    func clients() throws {
        var state = self.server()
        _ = state.type("/join #lab", by: self.bob)
        _ = state.type("hello", by: self.ana)
        _ = state.type("/voice cris", by: self.ana)
        _ = state.operate("mute bob")
        let transport = TransportSnapshot(queuedBytes: [self.bob: 2048, self.cris: 7])
        let (result, effects) = state.operate("who", transport: transport, at: Self.at(90))
        #expect(result.isSuccess)
        #expect(effects.isEmpty)
        #expect(
            result.lines == [
                "3 clients:",
                "  c1 ana 10.0.0.1 #lobby moderator since 2027-01-15 08:00:00 UTC idle 1m 30s messages 1 queued 0B",
                "  c2 bob 10.0.0.2 #lab user since 2027-01-15 08:00:00 UTC idle 1m 30s messages 0 queued 2048B",
                "  c3 cris 10.0.0.3 #lobby voiced since 2027-01-15 08:00:00 UTC idle 1m 30s messages 0 queued 7B",
            ])
        guard case .array(let rows) = try #require(result.data) else {
            Issue.record("clients data is not an array")
            return
        }
        #expect(rows.count == 3)
        #expect(
            rows[1]
                == .object([
                    "id": .string("c2"), "nick": .string("bob"), "address": .string("10.0.0.2"), "room": .string("#lab"),
                    "role": .string("user"), "connectedAt": .string("2027-01-15T08:00:00Z"), "idleSeconds": .int(90),
                    "messagesSent": .int(0), "queuedBytes": .int(2048), "muted": .bool(true),
                ]))
        #expect(rows[0].field("role") == .string("moderator"))
        #expect(rows[0].field("messagesSent") == .int(1))
        #expect(rows[0].field("queuedBytes") == .int(0))
        #expect(rows[2].field("queuedBytes") == .int(7))
        #expect(rows[2].field("muted") == .bool(false))
    }

    @Test("clients ROOM keeps only that room's clients, whatever the case")
    func clientsInRoom() {
        var state = self.server()
        _ = state.type("/join #Lab", by: self.bob)
        let (lab, _) = state.operate("clients #LAB")
        #expect(lab.lines.count == 2)
        #expect(lab.lines.first == "1 client:")
        #expect(lab.lines.last?.hasPrefix("  c2 bob 10.0.0.2 #Lab user ") == true)
        #expect(lab.data.map { if case .array(let rows) = $0 { rows.count } else { -1 } } == 1)

        let (none, _) = state.operate("clients #nowhere")
        #expect(none.lines == ["0 clients:"])
        #expect(none.data == .array([]))

        let (bad, _) = state.operate("clients #no!")
        #expect(!bad.isSuccess)
        #expect(bad.error != nil)
    }

    @Test("rooms lists members, modes and topics, as lines and as data")
    func rooms() {
        var state = self.server()
        _ = state.type("/join #lab", by: self.bob)
        _ = state.type("/quiet on", by: self.ana)
        _ = state.type("/slow 10", by: self.ana)
        _ = state.type("/hand", by: self.cris)
        _ = state.operate("topic #lobby Aula 3")
        let (result, effects) = state.operate("rooms")
        #expect(effects.isEmpty)
        #expect(result.lines == ["2 rooms:", "  #lab (1 member)", "  #lobby (2 members) [quiet, slow 10s]: Aula 3"])
        #expect(
            result.data
                == .array([
                    .object([
                        "name": .string("#lab"), "members": .int(1), "topic": .null, "quiet": .bool(false),
                        "slowSeconds": .int(0), "hands": .int(0),
                    ]),
                    .object([
                        "name": .string("#lobby"), "members": .int(2), "topic": .string("Aula 3"), "quiet": .bool(true),
                        "slowSeconds": .int(10), "hands": .int(1),
                    ]),
                ]))

        _ = state.type("/quiet off", by: self.ana)
        #expect(state.operate("rooms").result.lines.last == "  #lobby (2 members) [slow 10s]: Aula 3")
        _ = state.type("/join #lobby", by: self.bob)
        _ = state.type("/slow 0", by: self.ana)
        #expect(state.operate("rooms").result.lines == ["1 room:", "  #lobby (3 members): Aula 3"])
    }

    // MARK: Removal

    @Test("kick disconnects a client named by nick or by client id", arguments: ["bob", "BOB", "c2", "2"])
    func kick(target: String) {
        var state = self.server()
        let (result, effects) = state.operate("kick \(target) flooding the room")
        #expect(result.isSuccess)
        #expect(result.lines == ["bob was kicked"])
        #expect(effects.lines(for: self.bob) == ["-!- error: you were kicked by operator: flooding the room"])
        #expect(effects.closed == [self.bob])
        #expect(effects.lines(for: self.ana) == ["-!- bob was kicked by operator: flooding the room"])
        #expect(effects.lines(for: self.cris) == ["-!- bob was kicked by operator: flooding the room"])
        #expect(state.clients[self.bob] == nil)
        let entry = AuditEntry(at: Self.start, actor: "operator", action: "kick", target: "bob", reason: "flooding the room")
        #expect(state.audit.last == entry)
        #expect(effects.audits == [entry])
    }

    @Test("kick without a reason says only who")
    func kickWithoutReason() {
        var state = self.server()
        let (_, effects) = state.operate("kick cris")
        #expect(effects.lines(for: self.cris) == ["-!- error: you were kicked by operator"])
        #expect(effects.lines(for: self.bob) == ["-!- cris was kicked by operator"])
    }

    @Test("kick of nobody connected fails", arguments: ["nobody", "zed", "c9", "9", "c", "c-1"])
    func kickNobody(target: String) {
        var state = self.server()
        let (result, effects) = state.operate("kick \(target)")
        #expect(!result.isSuccess)
        #expect(result.lines.isEmpty)
        #expect(result.error == "no such nick: \(target)")
        #expect(effects.isEmpty)
        #expect(state.clients.count == 3)
    }

    @Test("ban closes the holder of a nick or the clients of an address; bans lists them with data; unban lifts them")
    func banBansUnban() {
        var state = self.server()
        let (banned, effects) = state.operate("ban c2 --nick-only 10m spam")
        #expect(banned.isSuccess)
        #expect(banned.lines == ["banned bob until 2027-01-15 08:10:00 UTC (1 connection closed)"])
        #expect(effects.closed == [self.bob])
        #expect(effects.lines(for: self.bob) == ["-!- error: you were banned by operator: spam"])
        #expect(state.audit.last?.target == "bob until 2027-01-15 08:10:00 UTC")

        let (byAddress, addressEffects) = state.operate("ban 10.0.0.3 bots")
        #expect(byAddress.lines == ["banned 10.0.0.3 until lifted (1 connection closed)"])
        #expect(addressEffects.closed == [self.cris])

        let (list, listEffects) = state.operate("bans")
        #expect(listEffects.isEmpty)
        #expect(
            list.lines == [
                "2 bans:",
                "  bob by operator at 2027-01-15 08:00:00 UTC, until 2027-01-15 08:10:00 UTC: spam",
                "  10.0.0.3 by operator at 2027-01-15 08:00:00 UTC, until lifted: bots",
            ])
        #expect(
            list.data
                == .array([
                    .object([
                        "target": .string("bob"), "by": .string("operator"), "at": .string("2027-01-15T08:00:00Z"),
                        "until": .string("2027-01-15T08:10:00Z"), "reason": .string("spam"),
                    ]),
                    .object([
                        "target": .string("10.0.0.3"), "by": .string("operator"), "at": .string("2027-01-15T08:00:00Z"),
                        "until": .null, "reason": .string("bots"),
                    ]),
                ]))
        // A lapsed ban is no longer listed.
        #expect(state.operate("bans", at: Self.at(601)).result.lines.first == "1 ban:")

        let (lifted, _) = state.operate("unban BOB")
        #expect(lifted.lines == ["lifted the ban on BOB"])
        #expect(state.audit.last?.action == "unban")
        let (again, _) = state.operate("unban bob")
        #expect(!again.isSuccess)
        #expect(again.error?.hasPrefix("there is no ban on bob") == true)
        _ = state.operate("unban 10.0.0.3")
        let (empty, _) = state.operate("bans")
        #expect(empty.lines == ["no bans"])
        #expect(empty.data == .array([]))
    }

    // MARK: Silence and roles

    @Test("mute silences a client for a time; unmute by id lets them speak")
    func muteUnmute() {
        var state = self.server()
        let (muted, effects) = state.operate("mute bob 5m noisy")
        #expect(muted.lines == ["muted bob until 2027-01-15 08:05:00 UTC"])
        #expect(effects.lines(for: self.bob) == ["-!- you were muted by operator until 2027-01-15 08:05:00 UTC: noisy"])
        #expect(effects.lines(for: self.ana) == ["-!- bob was muted by operator"])
        #expect(
            state.type("hi", by: self.bob).lines(for: self.bob)
                == ["-!- error: you are muted until 2027-01-15 08:05:00 UTC (by operator: noisy)"])

        let (unmuted, unmuteEffects) = state.operate("unmute c2")
        #expect(unmuted.lines == ["unmuted bob"])
        #expect(unmuteEffects.lines(for: self.bob) == ["-!- you may speak again (unmuted by operator)"])
        #expect(state.type("hi", by: self.bob).lines(for: self.ana) == ["<bob> hi"])
        #expect(state.operate("unmute bob").result.error == "bob is not muted")
    }

    @Test("op makes a moderator; deop takes it from any moderator")
    func opDeop() {
        var state = self.server()
        let (opped, effects) = state.operate("op bob")
        #expect(opped.lines == ["bob is now a moderator"])
        #expect(effects.lines(for: self.bob) == ["-!- you are now a moderator (made by operator); /help lists your commands"])
        #expect(effects.lines(for: self.cris) == ["-!- operator made bob a moderator"])
        #expect(state.clients[self.bob]?.role == .moderator)
        #expect(state.operate("op ana").result.error == "ana is already a moderator")

        let (deopped, deopEffects) = state.operate("deop ana")
        #expect(deopped.isSuccess)
        #expect(deopped.lines == ["ana is no longer a moderator"])
        #expect(deopEffects.lines(for: self.ana) == ["-!- you are no longer a moderator (by operator)"])
        #expect(deopEffects.lines(for: self.bob) == ["-!- ana is no longer a moderator (by operator)"])
        #expect(state.clients[self.ana]?.role == .user)
        #expect(state.audit.suffix(2).map(\.action) == ["op", "deop"])

        #expect(state.operate("deop cris").result.error == "cris is not a moderator")
        #expect(state.operate("deop").result.error == "missing NICK. Usage: deop [NICK]")
    }

    // MARK: Classroom flow

    @Test("move puts a client in a room; both rooms and the client are told")
    func move() {
        var state = self.server()
        let (result, effects) = state.operate("move bob #lab")
        #expect(result.lines == ["moved bob to #lab"])
        #expect(effects.lines(for: self.bob) == ["-!- you were moved to #lab by operator", "-!- you are now in #lab (1 member)"])
        #expect(effects.lines(for: self.ana) == ["-!- bob was moved to #lab by operator"])
        #expect(state.clients[self.bob]?.room.name == "#lab")
        #expect(state.audit.last?.target == "bob to #lab")
        #expect(state.operate("move c2 LAB").result.error == "bob is already in #lab")
        #expect(state.operate("move zed #lab").result.error == "no such nick: zed")
        #expect(state.operate("move bob").result.error == "missing ROOM. Usage: move NICK ROOM")
    }

    @Test("gather brings everyone into #lobby, or into ROOM")
    func gather() {
        var state = self.server()
        _ = state.type("/join #lab", by: self.bob)
        _ = state.type("/join #art", by: self.cris)
        let (result, effects) = state.operate("gather")
        #expect(result.lines == ["gathered 2 into #lobby"])
        for id in [self.ana, self.bob, self.cris] {
            #expect(effects.lines(for: id).last == "-!- operator gathered everyone into #lobby")
        }
        #expect(state.rooms.keys.sorted() == ["#lobby"])

        let (hall, _) = state.operate("gather #hall")
        #expect(hall.lines == ["gathered 3 into #hall"])
        #expect(state.clients.values.allSatisfy { $0.room.name == "#hall" })
    }

    @Test("say speaks as the server in one room only")
    func say() {
        var state = self.server()
        _ = state.type("/join #lab", by: self.bob)
        let (result, effects) = state.operate("say #LAB  read chapter 2 ")
        #expect(result.isSuccess)
        #expect(result.lines == ["said to #lab (1)"])
        #expect(effects == [.deliver(.notice("server: read chapter 2"), to: [self.bob])])
        #expect(effects.lines(for: self.bob) == ["-!- server: read chapter 2"])
    }

    @Test("say to a room nobody is in fails", arguments: ["#empty", "#Empty"])
    func sayToEmptyRoom(room: String) {
        var state = self.server()
        let (result, effects) = state.operate("say \(room) anyone?")
        #expect(!result.isSuccess)
        #expect(result.error == "nobody is in \(room)")
        #expect(effects.isEmpty)
        #expect(state.operate("say #lobby").result.error == "missing TEXT. Usage: say ROOM TEXT")
    }

    @Test("announce reaches every client in every room")
    func announce() {
        var state = self.server()
        _ = state.type("/join #lab", by: self.bob)
        let (result, effects) = state.operate("announce exam on Friday")
        #expect(result.lines == ["announced to 3 clients"])
        #expect(effects.first == .deliver(.notice("announcement from operator: exam on Friday"), to: [self.ana, self.bob, self.cris]))
        #expect(effects.audits.map(\.action) == ["announce"])
        #expect(state.operate("announce").result.error == "missing TEXT. Usage: announce TEXT")
    }

    @Test("topic ROOM TEXT sets a room's topic and tells its members")
    func topic() throws {
        var state = self.server()
        _ = state.type("/join #lab", by: self.bob)
        let (result, effects) = state.operate("topic #lab Lab rules", at: Self.at(5))
        #expect(result.lines == ["topic of #lab set"])
        let entry = AuditEntry(at: Self.at(5), actor: "operator", action: "topic", target: "#lab", reason: "Lab rules")
        #expect(state.audit.last == entry)
        #expect(
            effects == [
                .deliver(.notice("operator set the topic of #lab: Lab rules"), to: [self.bob]), .audit(entry),
            ])
        let topic = try #require(state.rooms["#lab"]?.topic)
        #expect(topic == Room.Topic(text: "Lab rules", setBy: "operator", setAt: Self.at(5)))
        #expect(
            state.type("/topic", by: self.bob, at: Self.at(65)).lines(for: self.bob)
                == ["-!- topic of #lab: Lab rules (set by operator, 1m 0s ago)"])

        #expect(state.operate("topic #nowhere hi").result.error == "there is no room #nowhere")
        let long = String(repeating: "x", count: ChatState.maxTopicLength + 1)
        #expect(state.operate("topic #lab \(long)").result.error == "a topic has at most 300 characters")
        #expect(state.rooms["#lab"]?.topic?.text == "Lab rules")
    }

    @Test("audit shows the last N actions, as lines and as data")
    func audit() {
        var state = self.server()
        _ = state.operate("kick bob rude")
        _ = state.operate("mute cris")
        let (all, effects) = state.operate("audit")
        #expect(effects.isEmpty)
        #expect(
            all.lines == [
                "2027-01-15 08:00:00 UTC ana login",
                "2027-01-15 08:00:00 UTC operator kick bob (rude)",
                "2027-01-15 08:00:00 UTC operator mute cris until a moderator lifts it",
            ])
        let (lastTwo, _) = state.operate("audit 2")
        #expect(lastTwo.lines == Array(all.lines.suffix(2)))
        #expect(
            lastTwo.data
                == .array([
                    .object([
                        "time": .string("2027-01-15T08:00:00Z"), "actor": .string("operator"), "action": .string("kick"),
                        "target": .string("bob"), "reason": .string("rude"),
                    ]),
                    .object([
                        "time": .string("2027-01-15T08:00:00Z"), "actor": .string("operator"), "action": .string("mute"),
                        "target": .string("cris until a moderator lifts it"), "reason": .null,
                    ]),
                ]))
        #expect(state.operate("audit 100").result.lines == all.lines)
    }

    @Test("audit N must be a positive whole number", arguments: ["0", "-1", "x", "1.5"])
    func auditBadCount(count: String) {
        var state = self.server()
        let (result, _) = state.operate("audit \(count)")
        #expect(!result.isSuccess)
        #expect(result.error == "N must be a positive whole number. Usage: audit [N]")
    }

    @Test("audit with no actions says so and gives empty data")
    func auditEmpty() {
        var state = ChatState()
        let (result, _) = state.operate("audit")
        #expect(result.lines == ["no moderation actions yet"])
        #expect(result.data == .array([]))
    }

    @Test("hands lists a room's raised hands, first raised first")
    func hands() {
        var state = self.server()
        _ = state.type("/hand", by: self.cris)
        _ = state.type("/hand", by: self.bob)
        #expect(state.operate("hands").result.lines == ["hands in #lobby: 1. cris, 2. bob"])
        #expect(state.operate("hands #LOBBY").result.lines == ["hands in #lobby: 1. cris, 2. bob"])
        #expect(state.operate("hands #lab").result.lines == ["no hands raised in #lab"])
    }

    @Test("breakout shows the running breakout and its time left, and cannot start one")
    func breakout() {
        var state = self.server()
        #expect(state.operate("breakout").result.lines == ["no breakout is running; /breakout N [MINUTES] starts one"])
        _ = state.type("/breakout 2 5", by: self.ana)
        let (result, effects) = state.operate("breakout", at: Self.at(60))
        #expect(effects.isEmpty)
        #expect(result.lines == ["breakout from #lobby by ana: #breakout-1 (1), #breakout-2 (1), 4m 0s left"])
        #expect(state.operate("breakout 2").result.error == "a breakout splits the room of the moderator who starts it: /breakout N there")
    }

    // MARK: Server

    @Test("stats shows the transport's figures as lines and as data")
    func stats() {
        var state = self.server()
        _ = state.type("/join #lab", by: self.bob)
        var statistics = ServerStatistics()
        statistics.startedAt = Self.at(-3725)
        statistics.connectionsNow = 3
        statistics.connectionsPeak = 5
        statistics.connectionsTotal = 12
        statistics.messagesIn = 42
        statistics.messagesInRate = 1.5
        statistics.bytesIn = 2048
        statistics.bytesInRate = 1536.7
        statistics.bytesOut = 5 * 1024 * 1024
        statistics.bytesOutRate = 100
        statistics.writes = 907
        statistics.eventLoopThreads = 4
        statistics.residentBytes = 50 * 1024 * 1024
        let (result, effects) = state.operate("stats", transport: TransportSnapshot(statistics: statistics))
        #expect(effects.isEmpty)
        #expect(
            result.lines == [
                "uptime 1h 2m (since 2027-01-15 06:57:55 UTC)",
                "connections: 3 now, 5 peak, 12 total; 3 clients in 2 rooms",
                "messages in: 42 (1.5/s)",
                "bytes in: 2.0 KiB (1.5 KiB/s), out: 5.0 MiB (100 B/s)",
                "writes: 907 batches to clients, each one write and one flush",
                "event loop threads: 4; resident memory: 50.0 MiB",
            ])
        #expect(
            result.data
                == .object([
                    "uptimeSeconds": .int(3725), "connectionsNow": .int(3), "connectionsPeak": .int(5),
                    "connectionsTotal": .int(12), "clients": .int(3), "rooms": .int(2), "messagesIn": .int(42),
                    "messagesInPerSecond": .number(1.5), "bytesIn": .int(2048), "bytesInPerSecond": .number(1536.7),
                    "bytesOut": .int(5 * 1024 * 1024), "bytesOutPerSecond": .number(100), "writes": .int(907),
                    "directWrites": .int(0), "sendBatches": .int(0), "eventLoopThreads": .int(4),
                    "residentBytes": .int(50 * 1024 * 1024),
                ]))
    }

    @Test("stats without a memory figure says unknown, and counts one room and one client in the singular")
    func statsUnknownMemory() {
        var state = ChatState()
        _ = state.connect(self.ana, address: "10.0.0.1", at: Self.start)
        let (result, _) = state.operate("stats")
        #expect(result.lines.contains("event loop threads: 0; resident memory: unknown"))
        #expect(result.lines.contains("connections: 0 now, 0 peak, 0 total; 1 client in 1 room"))
        #expect(result.data?.field("residentBytes") == .null)
    }

    @Test("stats counts direct writes, and their io_uring calls, only when there were some (--direct-send)")
    func statsDirectWrites() {
        var state = self.server()
        var statistics = ServerStatistics()
        statistics.writes = 3
        statistics.directWrites = 12
        statistics.sendBatches = 1
        let (result, _) = state.operate("stats", transport: TransportSnapshot(statistics: statistics))
        #expect(result.lines.contains("direct writes: 12 batches straight to sockets (--direct-send), in 1 io_uring call"))
        #expect(result.data?.field("directWrites") == .int(12))
        #expect(result.data?.field("sendBatches") == .int(1))
    }

    @Test("tls shows what the TLS door serves, or says there is none")
    func tls() {
        var state = self.server()
        let (none, _) = state.operate("tls")
        #expect(!none.isSuccess)
        #expect(none.error == "papod has no TLS door (start it with --tls-cert and --tls-key, or --tls-self-signed)")
        let status = TLSStatus(
            ports: [5051], fingerprint: "AB:CD", subject: "CN=sala", names: ["sala.local", "10.0.0.5"],
            notAfter: Self.start.addingTimeInterval(30 * 86_400 + 3600), source: "self-signed")
        let (result, _) = state.operate("tls", transport: TransportSnapshot(tls: status))
        #expect(
            result.lines == [
                "TLS on port 5051 (self-signed)",
                "fingerprint SHA256 AB:CD",
                "subject CN=sala",
                "names sala.local, 10.0.0.5",
                "expires 2027-02-14 09:00:00 UTC (in 30 days)",
            ])
        #expect(result.data?.field("fingerprint") == .string("AB:CD"))
    }

    @Test("log-level with a valid level asks the transport to set it", arguments: [
        ("trace", "trace"), ("debug", "debug"), ("info", "info"), ("notice", "notice"), ("warning", "warning"),
        ("error", "error"), ("critical", "critical"), ("DEBUG", "debug"),
    ])
    func logLevel(typed: String, level: String) {
        var state = self.server()
        let (result, effects) = state.operate("log-level \(typed)")
        #expect(result.isSuccess)
        #expect(result.lines == ["log level is now \(level)"])
        #expect(effects == [.setLogLevel(level)])
    }

    @Test("log-level with an unknown level fails and changes nothing", arguments: ["loud", "warn", "5", ""])
    func badLogLevel(typed: String) {
        var state = self.server()
        let (result, effects) = state.operate("log-level \(typed)")
        #expect(!result.isSuccess)
        #expect(effects.isEmpty)
        let expected =
            typed.isEmpty
            ? "missing LEVEL. Usage: log-level LEVEL"
            : "LEVEL must be one of trace, debug, info, notice, warning, error, critical. Usage: log-level LEVEL"
        #expect(result.error == expected)
    }

    @Test("quit and exit fail with a clear error", arguments: ["quit", "exit", "QUIT"])
    func quit(line: String) {
        var state = self.server()
        let (result, effects) = state.operate(line)
        #expect(!result.isSuccess)
        #expect(result.lines.isEmpty)
        #expect(result.error == "quit leaves an interactive prompt; there is nothing to quit here")
        #expect(effects.isEmpty)
    }
}

/// Who may act on whom: the operator passes every role check; moderators cannot act on each other.
@Suite("Operator role checks")
struct OperatorRoleTests {
    let ana = ClientID(1)
    let bob = ClientID(2)

    /// ana and bob, both moderators, and cris, a user.
    func twoModerators() -> ChatState {
        var state = OperatorCommandsTests().server()
        _ = state.operate("op bob")
        return state
    }

    /// One command line per moderator-only user command, each valid as typed.
    static let moderatorLines = [
        "op cris", "deop bob", "kick cris", "ban cris", "unban cris", "bans", "mute cris", "unmute cris", "quiet on",
        "voice cris", "devoice cris", "slow 5", "move cris #lab", "gather", "breakout", "hands", "next", "announce hi",
        "privacy teacher", "answer 1", "dismiss 1", "endpoll", "ids on", "delete 1", "clear",
    ]

    @Test("the table of moderator-only lines covers every moderator-only user command")
    func coversEveryModeratorCommand() {
        let names = CommandTable.standard.specs(in: .user).filter { $0.requiredRole == .moderator }.map(\.name)
        #expect(Set(Self.moderatorLines.map { String($0.split(separator: " ")[0]) }) == Set(names))
    }

    @Test("a user is refused every moderator-only command; the operator never is", arguments: moderatorLines)
    func operatorPassesRoleChecks(line: String) {
        var state = OperatorCommandsTests().server()
        let name = String(line.split(separator: " ")[0])
        let cris = ClientID(3)
        #expect(
            state.type("/\(line)", by: cris).lines(for: cris) == ["-!- error: /\(name) needs moderator rights"])
        let error = state.execute(Substring(line), actor: .operator, scope: .user, at: OperatorCommandsTests.start)
        #expect(error.map { !$0.description.contains("moderator rights") } ?? true)
    }

    @Test("a moderator cannot act on another moderator; the operator can", arguments: [
        ("kick", "kick bob", "kick bob"), ("ban", "ban bob", "ban bob"), ("mute", "mute bob", "mute bob"),
        ("move", "move bob #lab", "move bob #lab"),
    ])
    func moderatorsAreImmune(verb: String, userLine: String, operatorLine: String) {
        var state = self.twoModerators()
        #expect(
            state.type("/\(userLine)", by: self.ana).lines(for: self.ana)
                == ["-!- error: bob is a moderator; only the operator can \(verb) a moderator"])
        #expect(state.clients[self.bob]?.room == .lobby)
        let (result, _) = state.operate(operatorLine)
        #expect(result.isSuccess)
        #expect(result.error == nil)
    }

    @Test("only the operator may deop another moderator")
    func deopAnotherModerator() {
        var state = self.twoModerators()
        #expect(
            state.type("/deop bob", by: self.ana).lines(for: self.ana)
                == ["-!- error: only the operator can deop another moderator"])
        #expect(state.operate("deop bob").result.isSuccess)
        #expect(state.clients[self.bob]?.role == .user)
    }

    @Test("the operator mutes, kicks and bans moderators named by client id")
    func operatorActsByID() {
        var state = self.twoModerators()
        #expect(state.operate("mute c1").result.lines == ["muted ana until a moderator lifts it"])
        #expect(state.operate("kick 2").result.lines == ["bob was kicked"])
        #expect(
            state.operate("ban c1 1h").result.lines == [
                "banned ana and the address it connected from, 10.0.0.1, until 2027-01-15 09:00:00 UTC (1 connection closed; others from that address stay, new ones are refused; /ban NICK --nick-only bans the name alone)"
            ])
        #expect(state.clients.count == 1)
    }
}

/// `shutdown [SECONDS] [MESSAGE]`, the countdown on `tick`, and the goodbye.
@Suite("Scheduled shutdown")
struct ScheduledShutdownTests {
    static let start = OperatorCommandsTests.start
    let ana = ClientID(1)
    let bob = ClientID(2)

    func server() -> ChatState {
        var state = ChatState()
        _ = state.connect(self.ana, address: "10.0.0.1", at: Self.start)
        _ = state.connect(self.bob, address: "10.0.0.2", at: Self.start)
        _ = state.type("/join #lab", by: self.bob)
        return state
    }

    @Test("shutdown alone stops the server now", arguments: ["shutdown", "shutdown 0", "SHUTDOWN"])
    func immediate(line: String) {
        var state = self.server()
        let (result, effects) = state.operate(line)
        #expect(result.isSuccess)
        #expect(result.lines == ["shutting down now"])
        #expect(effects.shutdowns == 1)
        #expect(effects.lines(for: self.ana).isEmpty)
        #expect(state.scheduledShutdown?.message == nil)
        #expect(state.audit.last?.action == "shutdown")
        #expect(state.audit.last?.target == "0s")
        // The shutdown was asked for once; later ticks do not ask again.
        #expect(state.tick(at: Self.start.addingTimeInterval(1)).shutdowns == 0)
        #expect(state.tick(at: Self.start.addingTimeInterval(2)).shutdowns == 0)
    }

    @Test("shutdown with words but no seconds stops now with those words as the message")
    func immediateWithMessage() {
        var state = self.server()
        let (result, effects) = state.operate("shutdown back soon")
        #expect(result.lines == ["shutting down now"])
        #expect(effects.shutdowns == 1)
        #expect(state.scheduledShutdown?.message == "back soon")
        #expect(state.audit.last?.reason == "back soon")
        let goodbye = state.shutDown(self.bob)
        #expect(goodbye.lines(for: self.bob) == ["-!- papod is shutting down (back soon). Goodbye!"])
        #expect(goodbye.closed == [self.bob])
        // Nobody is told that bob left while the server stops.
        #expect(goodbye.lines(for: self.ana).isEmpty)
    }

    @Test("a number of seconds out of range is refused, not taken as the message", arguments: ["shutdown 100000", "shutdown -5 now"])
    func secondsOutOfRange(line: String) {
        var state = self.server()
        let (result, effects) = state.operate(line)
        #expect(!result.isSuccess)
        #expect(result.error == "SECONDS must be from 0 to 86400. Usage: shutdown [SECONDS] [MESSAGE]")
        #expect(effects.shutdowns == 0)
        #expect(state.scheduledShutdown == nil)
    }

    @Test("without a scheduled message the goodbye is plain")
    func plainGoodbye() {
        var state = self.server()
        #expect(state.shutDown(self.ana).lines(for: self.ana) == ["-!- papod is shutting down. Goodbye!"])
    }

    @Test("shutdown SECONDS MESSAGE announces at once to everyone and stops nothing yet")
    func countdownStarts() {
        var state = self.server()
        let (result, effects) = state.operate("shutdown 30 upgrading the server")
        #expect(result.isSuccess)
        #expect(result.lines == ["shutting down in 30s"])
        #expect(effects.shutdowns == 0)
        let notice = "-!- papod shuts down in 30s: upgrading the server"
        #expect(effects.lines(for: self.ana) == [notice])
        #expect(effects.lines(for: self.bob) == [notice])
        #expect(state.scheduledShutdown?.at == Self.start.addingTimeInterval(30))
        #expect(state.audit.last == AuditEntry(at: Self.start, actor: "operator", action: "shutdown", target: "30s", reason: "upgrading the server"))
    }

    @Test("the countdown is announced to everyone at its marks, then the server stops once")
    func countdownMarks() {
        var state = self.server()
        _ = state.operate("shutdown 120 bye")
        var heard: [String] = []
        var stops: [Int] = []
        for second in 1...125 {
            let effects = state.tick(at: Self.start.addingTimeInterval(Double(second)))
            #expect(effects.lines(for: self.ana) == effects.lines(for: self.bob))
            heard += effects.lines(for: self.ana)
            if effects.shutdowns > 0 { stops.append(second) }
            #expect(effects.shutdowns <= 1)
        }
        #expect(
            heard == [60, 30, 10, 5, 4, 3, 2, 1].map { "-!- papod shuts down in \(DurationText.format(Double($0))): bye" })
        #expect(stops == [120])
        #expect(state.shutDown(self.ana).lines(for: self.ana) == ["-!- papod is shutting down (bye). Goodbye!"])
    }

    @Test("a countdown without a message announces only the time")
    func countdownWithoutMessage() {
        var state = self.server()
        let (_, effects) = state.operate("shutdown 600")
        #expect(effects.lines(for: self.ana) == ["-!- papod shuts down in 10m 0s"])
        #expect(state.scheduledShutdown?.message == nil)
    }

    @Test("a late tick announces once what is left, not every mark it skipped")
    func lateTick() {
        var state = self.server()
        _ = state.operate("shutdown 3600")
        #expect(state.tick(at: Self.start.addingTimeInterval(1)).lines(for: self.ana).isEmpty)
        let late = state.tick(at: Self.start.addingTimeInterval(3591))
        #expect(late.lines(for: self.ana) == ["-!- papod shuts down in 9s"])
        #expect(state.tick(at: Self.start.addingTimeInterval(3592)).lines(for: self.ana).isEmpty)
        #expect(state.tick(at: Self.start.addingTimeInterval(3595)).lines(for: self.ana) == ["-!- papod shuts down in 5s"])
        let overdue = state.tick(at: Self.start.addingTimeInterval(4000))
        #expect(overdue.shutdowns == 1)
        #expect(overdue.lines(for: self.ana).isEmpty)
    }

    @Test("without a scheduled shutdown, ticks never stop the server")
    func noShutdown() {
        var state = self.server()
        #expect(state.tick(at: Self.start.addingTimeInterval(86_400)).shutdowns == 0)
        #expect(state.scheduledShutdown == nil)
    }
}

/// `ByteCount.format`, for `stats`.
@Suite("ByteCount")
struct ByteCountTests {
    @Test("Byte counts use the largest binary unit with one decimal", arguments: [
        (0, "0 B"), (512, "512 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"), (12_595, "12.3 KiB"),
        (1_048_575, "1024.0 KiB"), (4 * 1_048_576, "4.0 MiB"), (1 << 30, "1.0 GiB"), (3 << 40, "3.0 TiB"),
        (1 << 50, "1024.0 TiB"),
    ])
    func format(bytes: Int, text: String) {
        #expect(ByteCount.format(bytes) == text)
    }
}

@Suite("DurationText.iso8601")
struct ISO8601Tests {
    @Test("Dates are ISO 8601 in UTC, whole seconds", arguments: [
        (0, "1970-01-01T00:00:00Z"), (1_800_000_000, "2027-01-15T08:00:00Z"), (1_800_000_000.75, "2027-01-15T08:00:00Z"),
        (1_800_000_000 + 86_399, "2027-01-16T07:59:59Z"),
    ] as [(TimeInterval, String)])
    func iso8601(seconds: TimeInterval, text: String) {
        #expect(DurationText.iso8601(Date(timeIntervalSince1970: seconds)) == text)
    }
}

// MARK: Helpers

extension ChatState {
    /// What text doors are sent when `id` types `line` (web view updates: `RoomViewTests`).
    fileprivate mutating func type(_ line: String, by id: ClientID, at now: Date = OperatorCommandsTests.start) -> [Effect] {
        self.receive(.line(line, .lf), from: id, at: now).withoutUpdates
    }

    /// `line` typed at the operator's prompt.
    fileprivate mutating func operate(
        _ line: String, transport: TransportSnapshot = TransportSnapshot(), at now: Date = OperatorCommandsTests.start
    ) -> (result: OperatorResult, effects: [Effect]) {
        let (result, effects) = self.executeOperator(line, transport: transport, at: now)
        return (result, effects.withoutUpdates)
    }
}

extension [Effect] {

    fileprivate var audits: [AuditEntry] {
        self.compactMap { if case .audit(let entry) = $0 { entry } else { nil } }
    }

    fileprivate var shutdowns: Int {
        self.count { $0 == .shutDownServer }
    }
}

extension JSONValue {
    /// A field of an object, or nil.
    fileprivate func field(_ name: String) -> JSONValue? {
        if case .object(let fields) = self { fields[name] } else { nil }
    }
}
