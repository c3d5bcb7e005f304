import Foundation
import Testing

@testable import PapoCore

// MARK: Helpers

private let start = Date(timeIntervalSince1970: 1_800_000_000)
private let (a, b, c, d) = (ClientID(1), ClientID(2), ClientID(3), ClientID(4))

private func address(_ id: ClientID) -> String { "10.0.0.\(id.rawValue)" }

/// A chat with `ids` connected in order (guest-1, guest-2, …) at `start`, their welcomes discarded.
private func chat(_ ids: ClientID..., serverName: String = "papod", table: CommandTable = .standard) -> ChatState {
    var state = ChatState(serverName: serverName, table: table)
    for id in ids {
        _ = state.connect(id, address: address(id), at: start)
    }
    return state
}

extension ChatState {
    /// `text` typed by `id` as one line; what text doors are sent (web view updates are
    /// tested in `RoomViewTests`, the line numbers web pages read in `LineRemovalTests`).
    fileprivate mutating func input(_ text: String, from id: ClientID, at now: Date = start) -> [Effect] {
        self.receive(.line(text, .lf), from: id, at: now).withoutUpdates.withoutLineNumbers
    }

    /// `payload` sent by `id` as one frame.
    fileprivate mutating func input(frame payload: String, from id: ClientID, at now: Date = start) -> [Effect] {
        self.receive(.frame(payload), from: id, at: now).withoutUpdates.withoutLineNumbers
    }

    /// Runs each line for its side effects on the state, discarding what is delivered.
    fileprivate mutating func run(_ lines: String..., from id: ClientID) {
        for line in lines {
            _ = self.input(line, from: id)
        }
    }

    fileprivate func nick(of id: ClientID) -> String? { self.clients[id]?.nick.name }
    fileprivate func room(of id: ClientID) -> String? { self.clients[id]?.room.name }
    fileprivate func members(of room: String) -> [ClientID]? { self.rooms[room.lowercased()]?.members }
}

private func notice(_ text: String, to ids: ClientID...) -> Effect { .deliver(.notice(text), to: ids) }
private func errorLine(_ text: String, to ids: ClientID...) -> Effect { .deliver(.error(text), to: ids) }
private func chatLine(_ from: String, _ text: String, in room: String = "#lobby", to ids: ClientID...) -> Effect {
    .deliver(.chat(from: from, text: text, room: room), to: ids)
}

/// A client's seed-shaped frame, as the assignment's reference client sends it.
private func seed(_ name: String, _ text: String) -> String { "\n\(name) enviou: \(text)\nDigite sua mensagem:" }

/// The rendered lines each client is sent, in order.
private func transcript(_ effects: [Effect]) -> [ClientID: [String]] {
    var lines: [ClientID: [String]] = [:]
    for case .deliver(let line, let recipients) in effects where line.isText {
        for id in recipients {
            lines[id, default: []].append(line.rendered)
        }
    }
    return lines
}

private func closed(_ effects: [Effect]) -> [ClientID] {
    effects.compactMap { if case .close(let id) = $0 { id } else { nil } }
}

private func welcome(_ number: Int) -> String { "Welcome to papod, guest-\(number)! You are in #lobby. Type /help for commands." }

// MARK: Tests

@Suite("ChatState")
struct ChatStateTests {
    @Suite("Connecting")
    struct Connecting {
        @Test("The first client is welcomed as guest-1 in #lobby and nobody else is told")
        func firstClient() throws {
            var state = ChatState()
            #expect(state.rooms.keys.sorted() == ["#lobby"])
            #expect(state.connect(a, address: "10.0.0.1", at: start).withoutUpdates == [notice(welcome(1), to: a)])
            let client = try #require(state.clients[a])
            #expect(client.nick.name == "guest-1")
            #expect(client.room == .lobby)
            #expect(client.address == "10.0.0.1")
            #expect(client.connectedAt == start)
            #expect(client.lastActiveAt == start)
            #expect(client.role == .user)
            #expect(!client.isVoiced)
            #expect(client.messagesSent == 0)
            #expect(state.members(of: "#lobby") == [a])
        }

        @Test("Later clients are announced to everyone already in the lobby")
        func laterClientsAreAnnounced() {
            var state = chat(a, b)
            let effects = state.connect(c, address: address(c), at: start).withoutUpdates
            #expect(effects == [notice(welcome(3), to: c), notice("guest-3 joined #lobby", to: a, b)])
            #expect(transcript(effects)[a] == ["-!- guest-3 joined #lobby"])
            #expect(transcript(effects)[c] == ["-!- Welcome to papod, guest-3! You are in #lobby. Type /help for commands."])
            #expect(state.members(of: "#lobby") == [a, b, c])
        }

        @Test("The welcome names the server")
        func welcomeNamesTheServer() {
            var state = ChatState(serverName: "escola")
            #expect(
                state.connect(a, address: "::1", at: start).withoutUpdates == [
                    notice("Welcome to escola, guest-1! You are in #lobby. Type /help for commands.", to: a)
                ])
        }

        @Test("The lobby's topic follows the welcome")
        func lobbyTopicOnConnect() {
            var state = chat(a)
            state.clients[a]?.role = .moderator
            state.run("/topic Bem-vindos", from: a)
            #expect(
                state.connect(b, address: address(b), at: start).withoutUpdates == [
                    notice(welcome(2), to: b), notice("topic: Bem-vindos", to: b), notice("guest-2 joined #lobby", to: a),
                ])
        }

        @Test("Guest numbers are never reused")
        func guestNumbersAreNotReused() {
            var state = chat(a, b)
            _ = state.disconnect(a, reason: Message(.reasonConnectionClosed))
            state.run("/nick ana", from: b)
            _ = state.connect(c, address: address(c), at: start)
            #expect(state.nick(of: c) == "guest-3")
        }
    }

    @Suite("Chatting")
    struct Chatting {
        @Test("Chat goes to everyone else in the room and is never echoed to the sender")
        func chatIsNotEchoed() {
            var state = chat(a, b, c)
            let effects = state.input("hello", from: a)
            #expect(effects == [chatLine("guest-1", "hello", to: b, c)])
            #expect(transcript(effects) == [b: ["<guest-1> hello"], c: ["<guest-1> hello"]])
            #expect(state.clients[a]?.messagesSent == 1)
        }

        @Test("Someone alone in a room talks to nobody")
        func aloneInARoom() {
            var state = chat(a)
            #expect(state.input("anyone?", from: a) == [])
        }

        @Test("Surrounding whitespace is trimmed and blank lines are ignored")
        func whitespace() {
            var state = chat(a, b)
            #expect(state.input("  hi \t", from: a) == [chatLine("guest-1", "hi", to: b)])
            #expect(state.input("   ", from: a) == [])
            #expect(state.input("", from: a) == [])
            #expect(state.receive(.line("crlf", .crlf), from: a, at: start).withoutLineNumbers == [chatLine("guest-1", "crlf", to: b)])
        }

        @Test("Rooms are isolated")
        func roomsAreIsolated() {
            var state = chat(a, b, c, d)
            state.run("/join #math", from: a)
            state.run("/join #math", from: b)
            #expect(state.input("in math", from: a) == [chatLine("guest-1", "in math", in: "#math", to: b)])
            #expect(state.input("in the lobby", from: c) == [chatLine("guest-3", "in the lobby", to: d)])
        }

        @Test("A line starting with // says the rest after one slash", arguments: [("//text", "/text"), ("//", "/"), ("///x", "//x")])
        func doubleSlash(line: String, said: String) {
            var state = chat(a, b)
            #expect(state.input(line, from: a) == [chatLine("guest-1", said, to: b)])
        }

        @Test("Escape sequences arrive without their ESC")
        func ansiIsDefanged() {
            var state = chat(a, b)
            let effects = state.input("\u{1B}[31mred", from: a)
            #expect(effects == [chatLine("guest-1", "[31mred", to: b)])
            #expect(transcript(effects)[b] == ["<guest-1> [31mred"])
            #expect(state.input("\u{9B}2Jgone", from: a) == [chatLine("guest-1", "2Jgone", to: b)])
        }

        @Test("Bidirectional overrides and isolates are dropped: a line cannot read backwards")
        func bidiIsDropped() {
            var state = chat(a, b)
            // "<guest-1> \u{202E}<bia> oi" would show as if bia had said something.
            #expect(state.input("\u{202E}gninrom doog\u{202C}", from: a) == [chatLine("guest-1", "gninrom doog", to: b)])
            #expect(state.input("/me \u{2067}acena\u{2069}", from: a).count == 1)
            _ = state.input("/join #math", from: a)
            _ = state.input("/topic aula\u{202D} de redes", from: a)
            #expect(state.rooms["#math"]?.topic?.text == "aula de redes")
        }

        @Test("A line of control characters only says nothing")
        func onlyControls() {
            var state = chat(a, b)
            #expect(state.input("\u{7}\u{1B}\u{0}", from: a) == [])
            #expect(state.clients[a]?.messagesSent == 0)
        }

        @Test("Any input counts as activity")
        func activity() {
            var state = chat(a, b)
            _ = state.input("/list", from: a, at: start + 30)
            #expect(state.clients[a]?.lastActiveAt == start + 30)
            _ = state.input("hi", from: a, at: start + 90)
            #expect(state.clients[a]?.lastActiveAt == start + 90)
            #expect(state.clients[b]?.lastActiveAt == start)
        }

        @Test("Input from a client that is not connected is ignored")
        func unknownClient() {
            var state = chat(a)
            #expect(state.input("hi", from: d) == [])
            #expect(state.receive(.bareDisconnect, from: d, at: start) == [])
        }
    }

    @Suite("Frames")
    struct Frames {
        @Test("A frame with several lines is several messages")
        func multiLineFrame() {
            var state = chat(a, b)
            #expect(
                state.input(frame: "hi\nthere\r\n\n/nick ana\rbye", from: a) == [
                    chatLine("guest-1", "hi", to: b),
                    chatLine("guest-1", "there", to: b),
                    notice("you are now known as ana", to: a),
                    notice("guest-1 is now known as ana", to: b),
                    chatLine("ana", "bye", to: b),
                ])
        }

        @Test("A plain frame is chat")
        func plainFrame() {
            var state = chat(a, b)
            #expect(state.input(frame: "hello", from: a) == [chatLine("guest-1", "hello", to: b)])
        }

        @Test("A seed-shaped frame renames the guest, then says the text")
        func seedFrame() {
            var state = chat(a, b)
            let effects = state.input(frame: seed("ana", "oi"), from: a)
            #expect(
                effects == [
                    notice("you are now known as ana", to: a),
                    notice("guest-1 is now known as ana", to: b),
                    chatLine("ana", "oi", to: b),
                ])
            #expect(transcript(effects)[b] == ["-!- guest-1 is now known as ana", "<ana> oi"])
            #expect(state.nick(of: a) == "ana")
            #expect(state.input(frame: seed("ana", "tudo bem?"), from: a) == [chatLine("ana", "tudo bem?", to: b)])
        }

        @Test("A seed name in brackets or with spaces becomes a nick")
        func seedNameShapes() {
            var state = chat(a, b)
            _ = state.input(frame: seed("<Ana Maria>", "oi"), from: a)
            #expect(state.nick(of: a) == "Ana_Maria")
            _ = state.input(frame: seed("  bia ", "oi"), from: b)
            #expect(state.nick(of: b) == "bia")
        }

        @Test("A taken seed name is reported once and the guest keeps talking")
        func takenSeedName() {
            var state = chat(a, b)
            state.run("/nick ana", from: b)
            #expect(
                state.input(frame: seed("ANA", "oi"), from: a) == [
                    errorLine("the nick ANA is taken; you are guest-1", to: a), chatLine("guest-1", "oi", to: b),
                ])
            #expect(state.input(frame: seed("ANA", "oi de novo"), from: a) == [chatLine("guest-1", "oi de novo", to: b)])
        }

        @Test(
            "An unusable seed name is reported",
            arguments: [
                ("ana!", "cannot use \"ana!\" as a nick (a nick may only hold letters, digits, _ and - (not '!')); you are guest-1"),
                ("admin", "cannot use \"admin\" as a nick (admin is reserved); you are guest-1"),
                ("guest-9", "cannot use \"guest-9\" as a nick (guest-9 is reserved); you are guest-1"),
            ]
        )
        func unusableSeedName(name: String, message: String) {
            var state = chat(a, b)
            #expect(state.input(frame: seed(name, "oi"), from: a) == [errorLine(message, to: a), chatLine("guest-1", "oi", to: b)])
            #expect(state.nick(of: a) == "guest-1")
        }

        @Test("A new seed name is tried, an unchanged one is not")
        func seedNameChanges() {
            var state = chat(a, b)
            _ = state.input(frame: seed("ana", "oi"), from: a)
            state.run("/nick carla", from: a)
            #expect(state.input(frame: seed("ana", "oi"), from: a) == [chatLine("carla", "oi", to: b)])
            #expect(
                state.input(frame: seed("bia", "oi"), from: a) == [
                    notice("you are now known as bia", to: a), notice("carla is now known as bia", to: b),
                    chatLine("bia", "oi", to: b),
                ])
        }

        @Test("A seed Desconectar leaves")
        func seedDisconnect() {
            var state = chat(a, b)
            #expect(
                state.input(frame: seed("ana", "Desconectar"), from: a) == [
                    notice("you are now known as ana", to: a),
                    notice("guest-1 is now known as ana", to: b),
                    notice("goodbye", to: a),
                    .close(a),
                    notice("ana left (disconnected)", to: b),
                ])
            #expect(state.clients[a] == nil)
        }

        @Test("Lines after a disconnect in the same frame are dropped")
        func linesAfterDisconnect() {
            var state = chat(a, b)
            #expect(
                state.input(frame: "Desconectar\nstill here?", from: a) == [
                    notice("goodbye", to: a), .close(a), notice("guest-1 left (disconnected)", to: b),
                ])
        }
    }

    @Suite("/nick")
    struct NickCommand {
        @Test("A free nick renames the client and its room is told")
        func rename() {
            var state = chat(a, b)
            let effects = state.input("/nick ana", from: a)
            #expect(effects == [notice("you are now known as ana", to: a), notice("guest-1 is now known as ana", to: b)])
            #expect(transcript(effects) == [a: ["-!- you are now known as ana"], b: ["-!- guest-1 is now known as ana"]])
            #expect(state.nick(of: a) == "ana")
            #expect(state.input("hi", from: a) == [chatLine("ana", "hi", to: b)])
        }

        @Test("A nick taken in any case is refused")
        func takenNick() {
            var state = chat(a, b)
            state.run("/nick ana", from: a)
            #expect(state.input("/nick ANA", from: b) == [errorLine("the nick ANA is taken", to: b)])
            #expect(state.input("/nick ａｎａ", from: b) == [errorLine("the nick ａｎａ is taken", to: b)])
            #expect(state.nick(of: b) == "guest-2")
        }

        @Test("Changing only the case of one's own nick is allowed; the same nick is not")
        func ownNick() {
            var state = chat(a, b)
            state.run("/nick ana", from: a)
            #expect(state.input("/nick ana", from: a) == [errorLine("you are already ana", to: a)])
            #expect(
                state.input("/nick ANA", from: a) == [
                    notice("you are now known as ANA", to: a), notice("ana is now known as ANA", to: b),
                ])
            #expect(state.client(named: "ana")?.id == a)
        }

        @Test("Reserved names and guest-N are refused", arguments: ["admin", "Server", "ROOT", "guest-7", "GUEST-2", "ａｄｍｉｎ"])
        func reserved(name: String) {
            var state = chat(a, b)
            #expect(state.input("/nick \(name)", from: a) == [errorLine("\(name) is reserved", to: a)])
            #expect(state.nick(of: a) == "guest-1")
        }

        @Test(
            "Malformed nicks are refused with the reason",
            arguments: [
                ("/nick ana!", "a nick may only hold letters, digits, _ and - (not '!')"),
                ("/nick a.b", "a nick may only hold letters, digits, _ and - (not '.')"),
                ("/nick \u{1B}x", "a nick may only hold letters, digits, _ and - (not U+001B)"),
                ("/nick ana\u{202E}", "a nick may only hold letters, digits, _ and - (not U+202E)"),
                ("/nick " + String(repeating: "a", count: 25), "a nick has at most 24 characters"),
                ("/nick", "missing NAME. Usage: /nick NAME"),
                ("/nick ana maria", "too many arguments. Usage: /nick NAME"),
            ]
        )
        func malformed(line: String, message: String) {
            var state = chat(a)
            #expect(state.input(line, from: a) == [errorLine(message, to: a)])
        }

        @Test("An old nick is free again after a rename or a departure")
        func oldNickIsFreed() {
            var state = chat(a, b, c)
            state.run("/nick ana", "/nick bia", from: a)
            #expect(state.client(named: "ana") == nil)
            state.run("/nick ana", from: b)
            #expect(state.nick(of: b) == "ana")
            _ = state.disconnect(a, reason: Message(.reasonConnectionClosed))
            state.run("/nick Bia", from: c)
            #expect(state.nick(of: c) == "Bia")
        }
    }

    @Suite("/list and /rooms")
    struct Listing {
        @Test("/list shows the room's members in join order, @ for moderators and + for voiced users")
        func listWithPrefixes() {
            var state = chat(a, b, c, d)
            state.clients[a]?.role = .moderator
            state.clients[a]?.isVoiced = true
            state.clients[b]?.isVoiced = true
            #expect(state.input("/list", from: c) == [notice("#lobby (4): @guest-1 +guest-2 guest-3 guest-4", to: c)])
            #expect(state.input("/names", from: d) == [notice("#lobby (4): @guest-1 +guest-2 guest-3 guest-4", to: d)])
        }

        @Test("/list shows only the caller's room")
        func listOwnRoom() {
            var state = chat(a, b)
            state.run("/join #Math", from: a)
            #expect(state.input("/list", from: a) == [notice("#Math (1): guest-1", to: a)])
            #expect(state.input("/list", from: b) == [notice("#lobby (1): guest-2", to: b)])
        }

        @Test("/rooms lists every room sorted, with member counts, modes and topics")
        func rooms() {
            var state = chat(a, b, c)
            state.run("/join #zoo", from: a)
            state.run("/join #Math", "/topic algebra", from: b)
            #expect(
                state.input("/rooms", from: c) == [
                    notice("3 rooms:", to: c), notice("  #lobby (1 member)", to: c), notice("  #Math (1 member): algebra", to: c),
                    notice("  #zoo (1 member)", to: c),
                ])
            // A quiet room and slow mode show as the room's modes.
            state.clients[b]?.role = .moderator
            state.run("/quiet on", "/slow 10", from: b)
            #expect(state.input("/rooms", from: c)[2] == notice("  #Math (1 member) [quiet, slow 10s]: algebra", to: c))
        }

        @Test("/rooms counts in the singular and lists an empty lobby")
        func roomsSingular() {
            var state = chat(a, b)
            #expect(state.input("/rooms", from: a) == [notice("1 room:", to: a), notice("  #lobby (2 members)", to: a)])
            state.run("/join #x", from: a)
            state.run("/join #x", from: b)
            #expect(
                state.input("/rooms", from: a) == [
                    notice("2 rooms:", to: a), notice("  #lobby (0 members)", to: a), notice("  #x (2 members)", to: a),
                ])
        }
    }

    @Suite("/join and /part")
    struct Joining {
        @Test("Joining a new room creates it; the old room hears where the client went")
        func joinNewRoom() {
            var state = chat(a, b, c)
            let effects = state.input("/join #math", from: a)
            #expect(effects == [notice("guest-1 left for #math", to: b, c), notice("you are now in #math (1 member)", to: a)])
            #expect(transcript(effects)[b] == ["-!- guest-1 left for #math"])
            #expect(state.room(of: a) == "#math")
            #expect(state.members(of: "#math") == [a])
            #expect(state.members(of: "#lobby") == [b, c])
        }

        @Test("Joining an existing room tells its members, in the room's own spelling")
        func joinExistingRoom() {
            var state = chat(a, b, c)
            state.run("/join #Math", from: a)
            let effects = state.input("/join math", from: b)
            #expect(
                effects == [
                    notice("guest-2 left for #Math", to: c), notice("you are now in #Math (2 members)", to: b),
                    notice("guest-2 joined #Math", to: a),
                ])
            #expect(transcript(effects)[a] == ["-!- guest-2 joined #Math"])
            #expect(state.members(of: "#math") == [a, b])
        }

        @Test("Joining shows the room's topic")
        func joinShowsTopic() {
            var state = chat(a, b)
            state.run("/join #math", "/topic algebra", from: b)
            #expect(
                state.input("/j #MATH", from: a) == [
                    notice("you are now in #math (2 members)", to: a), notice("topic: algebra", to: a),
                    notice("guest-1 joined #math", to: b),
                ])
        }

        @Test("A room is removed when its last member leaves; its settings are kept for its return")
        func emptyRoomIsRemoved() {
            var state = chat(a)
            state.run("/join #Math", "/topic algebra", from: a)
            #expect(state.input("/join #art", from: a) == [notice("you are now in #art (1 member)", to: a)])
            #expect(state.rooms["#math"] == nil)
            #expect(
                state.input("/join #math", from: a) == [
                    notice("you are now in #Math (1 member)", to: a), notice("topic: algebra", to: a),
                ])
            #expect(state.rooms["#math"]?.topic?.text == "algebra")
            // A room that never had settings returns plain.
            state.run("/join #plain", "/join #art", from: a)
            #expect(state.input("/join #plain", from: a) == [notice("you are now in #plain (1 member)", to: a)])
        }

        @Test("#lobby is never removed")
        func lobbyStays() {
            var state = chat(a)
            state.run("/join #math", from: a)
            #expect(state.members(of: "#lobby") == [])
            _ = state.disconnect(a, reason: Message(.reasonConnectionClosed))
            #expect(state.rooms.keys.sorted() == ["#lobby"])
        }

        @Test(
            "Bad joins are refused",
            arguments: [
                ("/join #lobby", "you are already in #lobby"),
                ("/join LOBBY", "you are already in #lobby"),
                ("/join #a!b", "a room name may only hold letters, digits, _ and - (not '!')"),
                ("/join #", "a room name cannot be empty"),
                ("/join #" + String(repeating: "r", count: 33), "a room name has at most 32 characters"),
                ("/join", "missing ROOM. Usage: /join ROOM"),
                ("/join #a #b", "too many arguments. Usage: /join ROOM"),
            ]
        )
        func badJoins(line: String, message: String) {
            var state = chat(a, b)
            #expect(state.input(line, from: a) == [errorLine(message, to: a)])
            #expect(state.room(of: a) == "#lobby")
        }

        @Test("/part goes back to #lobby and both rooms are told")
        func part() {
            var state = chat(a, b, c)
            state.run("/join #math", from: a)
            state.run("/join #math", from: b)
            #expect(
                state.input("/part", from: a) == [
                    notice("guest-1 left for #lobby", to: b), notice("you are now in #lobby (2 members)", to: a),
                    notice("guest-1 joined #lobby", to: c),
                ])
            #expect(state.input("/leave", from: b) == [notice("you are now in #lobby (3 members)", to: b), notice("guest-2 joined #lobby", to: c, a)])
            #expect(state.rooms["#math"] == nil)
        }

        @Test("/part in #lobby is refused")
        func partInLobby() {
            var state = chat(a)
            #expect(state.input("/part", from: a) == [errorLine("you are in #lobby already; /quit leaves the chat", to: a)])
        }
    }

    @Suite("/msg and /me")
    struct Messaging {
        @Test("A private message reaches its target only, and the sender sees an echo")
        func privateMessage() {
            var state = chat(a, b, c)
            let effects = state.input("/msg guest-2 hi", from: a)
            #expect(
                effects == [
                    .deliver(.privateMessage(from: "guest-1", text: "hi"), to: [b]),
                    .deliver(.privateEcho(to: "guest-2", text: "hi"), to: [a]),
                ])
            #expect(transcript(effects) == [b: ["*guest-1* hi"], a: ["-> *guest-2* hi"]])
            #expect(state.clients[a]?.messagesSent == 1)
        }

        @Test("A private message crosses rooms, finds the nick in any case and keeps inner spaces")
        func privateMessageAcrossRooms() {
            var state = chat(a, b)
            state.run("/nick Bia", "/join #math", from: b)
            #expect(
                transcript(state.input("/tell BIA  see   you \u{1B}[5m", from: a)) == [
                    b: ["*guest-1* see   you [5m"], a: ["-> *Bia* see   you [5m"],
                ])
            #expect(transcript(state.input("/m guest-1 ok", from: b)) == [a: ["*Bia* ok"], b: ["-> *guest-1* ok"]])
        }

        @Test(
            "Bad private messages are refused",
            arguments: [
                ("/msg zed hi", "no such nick: zed"),
                ("/msg guest-1 hi", "that is you; /msg sends to someone else"),
                ("/msg guest-2", "missing TEXT. Usage: /msg NICK TEXT"),
                ("/msg guest-2 \u{1B}\u{7}", "missing TEXT. Usage: /msg NICK TEXT"),
                ("/msg", "missing NICK. Usage: /msg NICK TEXT"),
                ("/msg " + String(repeating: "x", count: 40) + " hi", "no such nick: " + String(repeating: "x", count: 30) + "…"),
            ]
        )
        func badMessages(line: String, message: String) {
            var state = chat(a, b)
            #expect(state.input(line, from: a) == [errorLine(message, to: a)])
            #expect(state.clients[a]?.messagesSent == 0)
        }

        @Test("/me describes an action to the rest of the room")
        func action() {
            var state = chat(a, b, c)
            let effects = state.input("/me waves  hello", from: a)
            #expect(effects == [.deliver(.action(from: "guest-1", text: "waves  hello", room: "#lobby"), to: [b, c])])
            #expect(transcript(effects)[b] == ["* guest-1 waves  hello"])
            #expect(state.input("/me", from: a) == [errorLine("missing ACTION. Usage: /me ACTION", to: a)])
            #expect(state.input("/me \u{1B}", from: a) == [errorLine("missing ACTION. Usage: /me ACTION", to: a)])
        }
    }

    @Suite("/topic")
    struct TopicCommand {
        @Test("A room without a topic says how to set one")
        func noTopic() {
            var state = chat(a)
            #expect(state.input("/topic", from: a) == [notice("#lobby has no topic; /topic TEXT sets one", to: a)])
            #expect(state.input("/topic \u{7}", from: a) == [notice("#lobby has no topic; /topic TEXT sets one", to: a)])
        }

        @Test("Setting a topic tells the whole room, setter included")
        func setTopic() {
            var state = chat(a, b, c, d)
            state.run("/join #math", from: a)
            state.run("/join #math", from: b)
            let effects = state.input("/topic  Prova na sexta ", from: a)
            #expect(effects == [notice("guest-1 set the topic of #math: Prova na sexta", to: a, b)])
            #expect(state.rooms["#math"]?.topic == Room.Topic(text: "Prova na sexta", setBy: "guest-1", setAt: start))
        }

        @Test("Only moderators may set the lobby's topic")
        func lobbyTopicNeedsModerator() {
            var state = chat(a, b)
            #expect(state.input("/topic hi", from: b) == [errorLine("setting the topic of #lobby needs moderator rights", to: b)])
            #expect(state.rooms["#lobby"]?.topic == nil)
            state.clients[a]?.role = .moderator
            #expect(state.input("/topic hi", from: a) == [notice("guest-1 set the topic of #lobby: hi", to: a, b)])
        }

        @Test("The topic is shown with who set it and how long ago")
        func showTopic() {
            var state = chat(a, b)
            state.clients[a]?.role = .moderator
            state.run("/topic Prova na sexta", from: a)
            #expect(
                state.input("/topic", from: b, at: start + 125) == [
                    notice("topic of #lobby: Prova na sexta (set by guest-1, 2m 5s ago)", to: b)
                ])
        }

        @Test("A topic is cleaned and has at most 300 characters")
        func topicLimits() {
            var state = chat(a)
            state.run("/join #math", from: a)
            #expect(
                state.input("/topic " + String(repeating: "t", count: 301), from: a) == [
                    errorLine("a topic has at most 300 characters", to: a)
                ])
            #expect(state.rooms["#math"]?.topic == nil)
            _ = state.input("/topic " + String(repeating: "t", count: 300), from: a)
            #expect(state.rooms["#math"]?.topic?.text.count == 300)
            #expect(state.input("/topic \u{1B}[5mblink", from: a) == [notice("guest-1 set the topic of #math: [5mblink", to: a)])
        }

        @Test("Each room has its own topic")
        func topicsPerRoom() {
            var state = chat(a, b)
            state.run("/join #math", "/topic algebra", from: a)
            #expect(state.input("/topic", from: b) == [notice("#lobby has no topic; /topic TEXT sets one", to: b)])
        }
    }

    @Suite("/who")
    struct WhoCommand {
        @Test("/who shows room, address, connection time and idle time")
        func who() {
            var state = chat(a, b)
            _ = state.input("hi", from: a, at: start + 60)
            #expect(
                state.input("/who guest-1", from: b, at: start + 3725) == [
                    notice(
                        "guest-1 is in #lobby, from 10.0.0.1, connected since 2027-01-15 08:00:00 UTC (1h 2m), idle 1h 1m",
                        to: b)
                ])
        }

        @Test("/who shows a moderator's or voiced user's standing")
        func whoRoles() {
            var state = chat(a, b)
            state.clients[a]?.role = .moderator
            state.clients[b]?.isVoiced = true
            state.run("/join #math", from: b)
            #expect(
                transcript(state.input("/whois GUEST-1", from: b))[b] == [
                    "-!- guest-1 is in #lobby, moderator, from 10.0.0.1, connected since 2027-01-15 08:00:00 UTC (0s), idle 0s"
                ])
            #expect(
                transcript(state.input("/who guest-2", from: b))[b] == [
                    "-!- guest-2 is in #math, voiced, from 10.0.0.2, connected since 2027-01-15 08:00:00 UTC (0s), idle 0s"
                ])
        }

        @Test("/who of someone unknown is refused")
        func whoUnknown() {
            var state = chat(a)
            #expect(state.input("/who zed", from: a) == [errorLine("no such nick: zed", to: a)])
            #expect(state.input("/who", from: a) == [errorLine("missing NICK. Usage: /who NICK", to: a)])
        }
    }

    @Suite("Leaving")
    struct Leaving {
        @Test("/quit says goodbye, closes the connection and tells the room", arguments: ["/quit", "/exit", "/bye", "/QUIT  "])
        func quit(line: String) {
            var state = chat(a, b)
            let effects = state.input(line, from: a)
            #expect(effects == [notice("goodbye, guest-1", to: a), .close(a), notice("guest-1 left (quit)", to: b)])
            #expect(transcript(effects) == [a: ["-!- goodbye, guest-1"], b: ["-!- guest-1 left (quit)"]])
            #expect(state.clients[a] == nil)
            #expect(state.members(of: "#lobby") == [b])
            #expect(state.client(named: "guest-1") == nil)
        }

        @Test("/quit passes on a cleaned reason, at most 200 characters")
        func quitReason() {
            var state = chat(a, b, c)
            #expect(
                state.input("/quit gotta go", from: a) == [
                    notice("goodbye, guest-1", to: a), .close(a), notice("guest-1 left (quit: gotta go)", to: b, c),
                ])
            let long = String(repeating: "r", count: 250)
            #expect(transcript(state.input("/quit \(long)", from: b))[c] == ["-!- guest-2 left (quit: \(String(repeating: "r", count: 200)))"])
            var other = chat(a, b)
            #expect(transcript(other.input("/quit \u{1B}", from: a))[b] == ["-!- guest-1 left (quit)"])
        }

        @Test("Desconectar leaves, whatever its case", arguments: ["Desconectar", "desconectar", "  DESCONECTAR  "])
        func desconectar(line: String) {
            var state = chat(a, b)
            let effects = state.input(line, from: a)
            #expect(effects == [notice("goodbye", to: a), .close(a), notice("guest-1 left (disconnected)", to: b)])
            #expect(state.clients[a] == nil)
        }

        @Test("The bare disconnect word after frames leaves")
        func bareDisconnect() {
            var state = chat(a, b)
            #expect(
                state.receive(.bareDisconnect, from: a, at: start).withoutUpdates == [
                    notice("goodbye", to: a), .close(a), notice("guest-1 left (disconnected)", to: b),
                ])
        }

        @Test("Desconectar with more words is just chat")
        func desconectarInASentence() {
            var state = chat(a, b)
            #expect(state.input("Desconectar agora", from: a) == [chatLine("guest-1", "Desconectar agora", to: b)])
        }

        @Test("Whitespace around a line is trimmed, Unicode spaces too; inner spacing stays")
        func trimsWhitespace() {
            var state = chat(a, b)
            #expect(state.input("\u{3000} olá  mundo\t\u{00A0}", from: a) == [chatLine("guest-1", "olá  mundo", to: b)])
            #expect(state.input("x", from: a) == [chatLine("guest-1", "x", to: b)])
            #expect(state.input(" \u{3000} ", from: a) == [])
        }

        @Test("Leaving from a room tells that room and removes it when empty")
        func leavingFromARoom() {
            var state = chat(a, b, c)
            state.run("/join #math", from: a)
            state.run("/join #math", from: b)
            #expect(transcript(state.input("/quit", from: a)) == [a: ["-!- goodbye, guest-1"], b: ["-!- guest-1 left (quit)"]])
            _ = state.disconnect(b, reason: Message(.reasonConnectionClosed))
            #expect(state.rooms["#math"] == nil)
        }

        @Test("A dropped connection tells the room once; a second disconnect does nothing")
        func disconnectIsIdempotent() {
            var state = chat(a, b)
            #expect(state.disconnect(a, reason: Message(.reasonConnectionReset)).withoutUpdates == [notice("guest-1 left (connection reset)", to: b)])
            #expect(state.disconnect(a, reason: Message(.reasonConnectionReset)).withoutUpdates == [])
            #expect(state.clients[a] == nil)
            #expect(state.input("hi", from: a) == [])
        }

        @Test("After /quit the transport's disconnect does nothing")
        func disconnectAfterQuit() {
            var state = chat(a, b)
            state.run("/quit", from: a)
            #expect(state.disconnect(a, reason: Message(.reasonConnectionClosed)) == [])
            #expect(state.disconnect(ClientID(99), reason: Message(.reasonConnectionClosed)) == [])
        }
    }

    @Suite("Errors and commands")
    struct Commands {
        @Test(
            "An unknown or empty command is an error and the connection stays",
            arguments: [
                ("/frob", "unknown command /frob. Type /help for the list"),
                ("/frob with args", "unknown command /frob. Type /help for the list"),
                ("/", "empty command. Type /help for the list"),
                ("/   ", "empty command. Type /help for the list"),
            ]
        )
        func unknownCommand(line: String, message: String) {
            var state = chat(a, b)
            let effects = state.input(line, from: a)
            #expect(effects == [errorLine(message, to: a)])
            #expect(closed(effects).isEmpty)
            #expect(state.clients[a] != nil)
            #expect(transcript(effects)[a] == ["-!- error: \(message)"])
        }

        @Test("Command names ignore case and leading spaces")
        func commandCase() {
            var state = chat(a)
            _ = state.input("/NICK ana", from: a)
            #expect(state.nick(of: a) == "ana")
            _ = state.input("  /  nick bia", from: a)
            #expect(state.nick(of: a) == "bia")
        }

        @Test("/help lists every command, aligned, with Desconectar and a hint")
        func help() {
            var state = chat(a, b, table: CommandTable([HelpCommand.spec] + UserCommands.specs))
            let lines = transcript(state.input("/help", from: a))
            #expect(lines.keys.sorted() == [a])
            #expect(
                lines[a] == [
                    "-!- Commands (type /help COMMAND for details):",
                    "-!-   /help [COMMAND]   List the commands, or show how to use one",
                    "-!-   /nick NAME        Change your nick",
                    "-!-   /list             List the members of your room (@ moderator, + voiced)",
                    "-!-   /rooms            List the rooms with their member counts, modes and topics",
                    "-!-   /join ROOM        Move to a room, creating it if it does not exist",
                    "-!-   /part             Leave your room and go back to #lobby",
                    "-!-   /msg NICK TEXT    Send a private message to someone, in whatever room they are",
                    "-!-   /me ACTION        Describe an action: /me waves shows * nick waves",
                    "-!-   /topic [TEXT]     Show your room's topic, or set it",
                    "-!-   /who NICK         Show someone's room, address, time connected and idle time",
                    "-!-   /quit [REASON]    Leave the chat, with an optional reason",
                    "-!-   /lang [LANGUAGE]  Show or change the language papod speaks to you: en or pt-BR",
                    "-!-   Desconectar       Leave the chat (same as /quit)",
                    "-!- Anything else you type is said to your room; start a line with // to say something beginning with /.",
                ])
            #expect(state.input("/?", from: a) == state.input("/h", from: a))
        }

        @Test(
            "/help COMMAND shows its usage, details and aliases",
            arguments: [
                (
                    "/help nick",
                    [
                        "/nick NAME: Change your nick", "  1–24 letters, digits, _ or -; not taken by anyone else (case does not matter)",
                        "  also: /apelido",
                    ]
                ),
                (
                    "/help /msg",
                    [
                        "/msg NICK TEXT: Send a private message to someone, in whatever room they are",
                        "  Now: open (anyone may send anyone private messages)", "  also: /m, /tell, /privado",
                    ]
                ),
                (
                    "/help JOIN",
                    [
                        "/join ROOM: Move to a room, creating it if it does not exist",
                        "  ROOM is # and 1–32 letters, digits, _ or -, as in #math", "  also: /j, /entrar",
                    ]
                ),
                ("/help rooms", ["/rooms: List the rooms with their member counts, modes and topics", "  also: /salas"]),
                ("/help Desconectar", ["Desconectar: leave the chat, as the assignment's client does"]),
            ]
        )
        func helpForOne(line: String, notices: [String]) {
            var state = chat(a, table: CommandTable([HelpCommand.spec] + UserCommands.specs))
            #expect(state.input(line, from: a) == notices.map { .deliver(.notice($0), to: [a]) })
        }

        @Test("/help of an unknown command is refused")
        func helpUnknown() {
            var state = chat(a)
            #expect(state.input("/help frob", from: a) == [errorLine("no such command: frob. Type /help for the list", to: a)])
        }

        /// The standard table plus a moderator-only command and an operator-only one.
        static let table = CommandTable(
            [HelpCommand.spec] + UserCommands.specs + [
                CommandSpec(
                    name: "hush", scopes: [.user], requiredRole: .moderator, arguments: [.nick()], summary: "help.mute",
                    handler: { state, invocation throws(CommandError) in
                        guard let id = invocation.clientID else { return }
                        state.reply(id, .notice("hushed \(invocation.required(0))"))
                    }),
                CommandSpec(
                    name: "announce", scopes: [.operator], requiredRole: .moderator, arguments: [.rest("TEXT")],
                    summary: "help.announce",
                    handler: { state, invocation throws(CommandError) in
                        state.tellEveryone(in: .lobby, .notice(invocation.required(0)))
                    }),
            ])

        @Test("Moderator commands are refused to users, hidden from their help and run for moderators")
        func moderatorOnly() {
            var state = chat(a, b, table: Self.table)
            #expect(state.input("/hush guest-2", from: a) == [errorLine("/hush needs moderator rights", to: a)])
            #expect(state.input("/help hush", from: a) == [errorLine("no such command: hush. Type /help for the list", to: a)])
            #expect(!(transcript(state.input("/help", from: a))[a] ?? []).contains { $0.contains("/hush") })
            state.clients[a]?.role = .moderator
            #expect(state.input("/hush guest-2", from: a) == [notice("hushed guest-2", to: a)])
            #expect(transcript(state.input("/help", from: a))[a]?.contains {
                $0.hasPrefix("-!-   /hush NICK ") && $0.hasSuffix("Silence someone: they read but cannot speak, act or send private messages")
            } == true)
        }

        @Test("The operator passes every role check and its errors go to the operator")
        func operatorCommands() {
            var state = chat(a, b, table: Self.table)
            state.execute("announce  back in 5 minutes", actor: .operator, scope: .operator, at: start)
            #expect(state.takeEffects() == [notice("back in 5 minutes", to: a, b)])
            state.execute("announce", actor: .operator, scope: .operator, at: start)
            state.execute("frob", actor: .operator, scope: .operator, at: start)
            // Only the operator hears of the errors.
            #expect(
                state.takeEffects() == [
                    .answerOperator(.line(.error("missing TEXT. Usage: announce TEXT"))),
                    .answerOperator(.line(.error("unknown command frob. Type help for the list"))),
                ])
            #expect(state.input("/announce hi", from: a) == [errorLine("unknown command /announce. Type /help for the list", to: a)])
        }
    }

    @Suite("Protocol errors and shutdown")
    struct Ending {
        @Test("A framing error is reported, then the connection closes and the room is told")
        func reject() {
            var state = chat(a, b)
            let effects = state.reject(a, error: .lineTooLong(limit: 8192)).withoutUpdates
            #expect(
                effects == [
                    errorLine("line exceeds the limit of 8192 bytes", to: a), .close(a), notice("guest-1 left (protocol error)", to: b),
                ])
            #expect(transcript(effects)[a] == ["-!- error: line exceeds the limit of 8192 bytes"])
            #expect(state.clients[a] == nil)
            #expect(state.disconnect(a, reason: Message(.reasonConnectionClosed)) == [])
            #expect(state.reject(a, error: .emptyHeader) == [])
        }

        @Test("Shutting down says goodbye to each client with no notices to others")
        func shutDown() {
            var state = chat(a, b, c)
            state.run("/join #math", from: c)
            #expect(state.shutDown(a) == [notice("papod is shutting down. Goodbye!", to: a), .close(a)])
            #expect(state.isShuttingDown)
            #expect(state.disconnect(b, reason: Message(.reasonConnectionClosed)) == [], "departures are no longer announced")
            #expect(state.shutDown(c) == [notice("papod is shutting down. Goodbye!", to: c), .close(c)])
            #expect(state.shutDown(c) == [])
            #expect(state.clients.isEmpty)
            #expect(state.rooms.keys.sorted() == ["#lobby"])
        }
    }

    @Suite("Consistency")
    struct Consistency {
        /// Clients, nicks and rooms agree with one another.
        static func checkInvariants(_ state: ChatState, sourceLocation: SourceLocation = #_sourceLocation) {
            var seen: [ClientID] = []
            for (key, room) in state.rooms {
                #expect(room.name.key == key, sourceLocation: sourceLocation)
                #expect(!room.members.isEmpty || room.name == .lobby, "empty \(room.name)", sourceLocation: sourceLocation)
                for id in room.members {
                    #expect(state.clients[id]?.room == room.name, sourceLocation: sourceLocation)
                }
                seen += room.members
            }
            #expect(seen.sorted() == state.clients.keys.sorted(), "each client is in exactly one room", sourceLocation: sourceLocation)
            #expect(state.rooms[RoomName.lobby.key] != nil, sourceLocation: sourceLocation)
            #expect(state.nickOwners.count == state.clients.count, sourceLocation: sourceLocation)
            for (id, client) in state.clients {
                #expect(state.nickOwners[client.nick.key] == id, sourceLocation: sourceLocation)
            }
        }

        @Test("Random sessions keep clients, nicks and rooms consistent and never echo chat")
        func randomSessions() {
            var rng = SplitMix64(seed: 7)
            let inputs = [
                "hello", "/join #r1", "/join #R2", "/part", "/nick n1", "/nick N2", "/nick n3", "/msg n1 hi", "/me waves",
                "/topic t", "/topic", "/list", "/rooms", "/who n2", "/help", "/quit", "Desconectar", "//x", "/frob", "",
            ]
            for round in 0..<50 {
                var state = ChatState()
                var nextID: UInt64 = 1
                var now = start
                for _ in 0..<200 {
                    now += Double(Int.random(in: 0...100, using: &rng))
                    let before = Set(state.clients.keys)
                    let effects: [Effect]
                    var sender: ClientID?
                    switch Int.random(in: 0..<20, using: &rng) {
                    case 0..<3:
                        effects = state.connect(ClientID(nextID), address: "10.0.0.\(nextID)", at: now)
                        nextID += 1
                    case 3:
                        effects = state.disconnect(ClientID(UInt64.random(in: 1...nextID, using: &rng)), reason: Message(.reasonConnectionClosed))
                    case 4:
                        let id = ClientID(UInt64.random(in: 1...nextID, using: &rng))
                        sender = id
                        let name = ["n1", "n2", "Ana Maria", "admin", "x!"].randomElement(using: &rng)!
                        effects = state.input(frame: seed(name, inputs.randomElement(using: &rng)!), from: id, at: now)
                    default:
                        let id = ClientID(UInt64.random(in: 1...nextID, using: &rng))
                        sender = id
                        effects = state.input(inputs.randomElement(using: &rng)!, from: id, at: now)
                    }
                    Self.checkInvariants(state)
                    let reachable = before.union(state.clients.keys)
                    for effect in effects {
                        if case .deliver(let line, let recipients) = effect {
                            #expect(!recipients.isEmpty, "round \(round)")
                            #expect(reachable.isSuperset(of: recipients), "round \(round)")
                            if case .chat = line, let sender {
                                #expect(!recipients.contains(sender), "chat echoed in round \(round)")
                            }
                        } else if case .close(let id) = effect {
                            #expect(before.contains(id) && state.clients[id] == nil, "round \(round)")
                        }
                    }
                }
            }
        }
    }
}
