import Foundation
import Testing

@testable import PapoCore

/// IRC clients in the chat: their commands mapped onto Papo's rules, and the chat's lines as
/// IRC messages, against the state directly (as the IRC door's server encodes them).
@Suite("IRC in the chat")
struct IRCChatTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let teacher = ClientID(1)
    /// An IRC client.
    let ana = ClientID(2)
    /// A line client.
    let bia = ClientID(3)
    /// Another IRC client.
    let caio = ClientID(4)

    func type(_ line: String, by id: ClientID, in state: inout ChatState) -> [Effect] {
        state.receive(.line(line, .lf), from: id, at: Self.start)
    }

    func irc(_ line: String, by id: ClientID, in state: inout ChatState) throws -> [Effect] {
        state.receive(.irc(try IRCMessage(parsing: line[...])), from: id, at: Self.start)
    }

    func connectIRC(_ id: ClientID, _ nick: String, in state: inout ChatState) throws -> [Effect] {
        state.connect(
            id, address: "10.0.0.\(id.rawValue)", nick: try Nick(nick), presenceAsEvents: true,
            at: Self.start)
    }

    /// mestre (a moderator, line client), ana (IRC), bia (line client) in #lobby.
    func classroom() throws -> ChatState {
        // Flood control off: these tests send many commands at one instant.
        var state = ChatState(
            configuration: ChatConfiguration(moderatorPassword: "segredo", flood: FloodBucket.Limits(burst: 0, rate: 0)),
            random: RandomSource(seed: 7))
        _ = state.connect(self.teacher, address: "10.0.0.1", at: Self.start)
        _ = self.type("/nick mestre", by: self.teacher, in: &state)
        _ = self.type("/login segredo", by: self.teacher, in: &state)
        _ = try self.connectIRC(self.ana, "ana", in: &state)
        _ = state.connect(self.bia, address: "10.0.0.3", at: Self.start)
        _ = self.type("/nick bia", by: self.bia, in: &state)
        return state
    }

    /// What `id` is sent over IRC, serialized, encoded as the server encodes each line.
    func ircLines(_ effects: [Effect], for id: ClientID, in state: ChatState) -> [String] {
        effects.flatMap { effect -> [String] in
            guard case .deliver(let line, let recipients) = effect, recipients.contains(id) else { return [] }
            return state.ircMessages(for: line, to: recipients).map(\.serialized)
        }
    }

    /// `ana!~u@<cloak>` for a line's source.
    func masked(_ line: String) -> String {
        line.replacing(/@[0-9a-f]{8}\.papo/, with: "@cloak")
    }

    @Test("a cloak is eight hex digits and .papo, the same for one address, different for others")
    func cloaks() throws {
        let state = try self.classroom()
        var seen: Set<String> = []
        for last in 0..<256 {
            let cloak = state.ircCloak(of: "10.1.2.\(last)")
            #expect(cloak.wholeMatch(of: /[0-9a-f]{8}\.papo/) != nil, "\(cloak)")
            #expect(cloak == state.ircCloak(of: "10.1.2.\(last)"))
            seen.insert(cloak)
        }
        #expect(seen.count == 256)
        #expect(state.ircMask(of: "ana") == "ana!~u@\(state.ircCloak(of: "10.0.0.2"))")
    }

    @Test("an IRC client registers with its nick and user, and joins #lobby as IRC shows it")
    func registers() throws {
        var state = try self.classroom()
        let effects = try self.connectIRC(self.caio, "caio", in: &state)
        #expect(state.clients[self.caio]?.nick.name == "caio")
        let lines = self.ircLines(effects, for: self.caio, in: state).map(self.masked)
        #expect(lines.contains(":caio!~u@cloak JOIN #lobby"))
        #expect(lines.contains(":papod 353 caio = #lobby :@mestre ana bia caio"))
        #expect(lines.contains(":papod 366 caio #lobby :End of /NAMES list."))
        #expect(lines.contains { $0.hasPrefix(":papod NOTICE caio :Welcome to papod, caio!") })
        // Presence is shown as IRC events, not also as notices; the line client reads a notice.
        #expect(self.ircLines(effects, for: self.ana, in: state).map(self.masked) == [":caio!~u@cloak JOIN #lobby"])
        #expect(effects.lines(for: self.bia) == ["-!- caio joined #lobby"])
    }

    @Test("a nick someone has makes the IRC client a guest, never a second owner")
    func takenNick() throws {
        var state = try self.classroom()
        _ = try self.connectIRC(self.caio, "bia", in: &state)
        #expect(state.clients[self.caio]?.nick.name.hasPrefix("guest-") == true)
    }

    @Test("room chat both ways: PRIVMSG to the room, <nick> text to line clients, actions as CTCP ACTION")
    func chat() throws {
        var state = try self.classroom()
        var effects = try self.irc("PRIVMSG #lobby :bom dia, turma", by: self.ana, in: &state)
        #expect(effects.lines(for: self.bia) == ["<ana> bom dia, turma"])
        effects = self.type("oi ana", by: self.bia, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).map(self.masked) == [":bia!~u@cloak PRIVMSG #lobby :oi ana"])
        effects = try self.irc("PRIVMSG #lobby :\u{1}ACTION acena\u{1}", by: self.ana, in: &state)
        #expect(effects.lines(for: self.bia) == ["* ana acena"])
        effects = self.type("/me sorri", by: self.bia, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).map(self.masked) == [":bia!~u@cloak PRIVMSG #lobby :\u{1}ACTION sorri\u{1}"])
        // A text starting with a slash is chat, not a command; the disconnect word too.
        effects = try self.irc("PRIVMSG #lobby :/kick bia", by: self.ana, in: &state)
        #expect(effects.lines(for: self.bia) == ["<ana> /kick bia"])
        effects = try self.irc("PRIVMSG #lobby :Desconectar", by: self.ana, in: &state)
        #expect(effects.lines(for: self.bia) == ["<ana> Desconectar"])
        #expect(state.clients[self.ana] != nil)
    }

    @Test("PRIVMSG to a room the client is not in is refused with 404, and nobody sees it")
    func otherRoom() throws {
        var state = try self.classroom()
        let effects = try self.irc("PRIVMSG #redes :oi", by: self.ana, in: &state)
        let lines = self.ircLines(effects, for: self.ana, in: state)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix(":papod 404 ana #redes :you are in #lobby, not #redes") == true)
        #expect(effects.lines(for: self.bia).isEmpty)
    }

    @Test("private messages both ways, and the service user takes Papo's commands")
    func privateMessages() throws {
        var state = try self.classroom()
        var effects = try self.irc("PRIVMSG bia :psiu", by: self.ana, in: &state)
        #expect(effects.lines(for: self.bia) == ["*ana* psiu"])
        // The sender's own echo is not sent over IRC (clients show what they sent).
        #expect(self.ircLines(effects, for: self.ana, in: state).isEmpty)
        effects = self.type("/msg ana oi", by: self.bia, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).map(self.masked) == [":bia!~u@cloak PRIVMSG ana :oi"])
        effects = try self.irc("PRIVMSG papo :hand", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod NOTICE ana :your hand is raised (1 waiting)"])
        #expect(state.rooms[RoomName.lobby.key]?.hands == [self.ana])
        // The Portuguese names too, and the language an IRC client cannot say as it connects.
        effects = try self.irc("PRIVMSG papo :idioma pt-BR", by: self.ana, in: &state)
        #expect(state.clients[self.ana]?.language == .portuguese)
        effects = try self.irc("PRIVMSG papo :mão", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod NOTICE ana :sua mão está abaixada"])
    }

    @Test("JOIN moves: PART of the old room, then the new room's burst; the old room sees PART or a notice")
    func join() throws {
        var state = try self.classroom()
        _ = try self.connectIRC(self.caio, "caio", in: &state)
        let effects = try self.irc("JOIN #redes", by: self.ana, in: &state)
        let lines = self.ircLines(effects, for: self.ana, in: state).map(self.masked)
        #expect(lines.first == ":ana!~u@cloak PART #lobby :moved to #redes")
        #expect(lines.contains(":ana!~u@cloak JOIN #redes"))
        #expect(lines.contains(":papod 353 ana = #redes :ana"))
        #expect(self.ircLines(effects, for: self.caio, in: state).map(self.masked) == [":ana!~u@cloak PART #lobby"])
        #expect(effects.lines(for: self.bia) == ["-!- ana left for #redes"])
        // JOIN to the room it is in changes nothing (clients rejoin on connecting).
        #expect(try self.irc("JOIN #redes", by: self.ana, in: &state).isEmpty)
    }

    @Test("QUIT: the room's IRC clients see QUIT, its line clients a notice")
    func quit() throws {
        var state = try self.classroom()
        _ = try self.connectIRC(self.caio, "caio", in: &state)
        let effects = try self.irc("QUIT :tchau", by: self.ana, in: &state)
        #expect(effects.closed == [self.ana])
        #expect(self.ircLines(effects, for: self.caio, in: state) == [":ana!~u@gone.papo QUIT :quit: tchau"])
        #expect(effects.lines(for: self.bia).first?.hasPrefix("-!- ana left") == true)
    }

    @Test("NICK renames: NICK from the old mask for IRC, a notice for line clients")
    func nick() throws {
        var state = try self.classroom()
        let effects = try self.irc("NICK aninha", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).map(self.masked) == [":ana!~u@cloak NICK aninha"])
        #expect(effects.lines(for: self.bia) == ["-!- ana is now known as aninha"])
    }

    @Test("KICK and MODE are the moderation commands, with their rules")
    func moderation() throws {
        var state = try self.classroom()
        // ana is no moderator: 482, as IRC says it, and nothing happens.
        var effects = try self.irc("KICK #lobby bia :chega", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 482 ana #lobby :You're not channel operator"])
        #expect(state.clients[self.bia] != nil)
        effects = try self.irc("MODE #lobby +m", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 482 ana #lobby :You're not channel operator"])
        effects = try self.irc("PRIVMSG zed :oi", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 401 ana zed :No such nick/channel"])
        // Made a moderator with MODE +o by mestre (a line client), ana's IRC sees the mode.
        effects = self.type("/op ana", by: self.teacher, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).contains(":papod MODE #lobby +o ana"))
        effects = try self.irc("MODE #lobby +v bia", by: self.ana, in: &state)
        #expect(state.clients[self.bia]?.isVoiced == true)
        effects = try self.irc("MODE #lobby +m", by: self.ana, in: &state)
        #expect(state.rooms[RoomName.lobby.key]?.isQuiet == true)
        #expect(self.ircLines(effects, for: self.ana, in: state).contains(":papod MODE #lobby +m"))
        effects = try self.irc("MODE #lobby +S 30", by: self.ana, in: &state)
        #expect(state.rooms[RoomName.lobby.key]?.slowSeconds == 30)
        #expect(self.ircLines(effects, for: self.ana, in: state).contains(":papod MODE #lobby +S 30"))
        effects = try self.irc("MODE #lobby", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 324 ana #lobby +mS :30"])
        effects = try self.irc("MODE #lobby -S", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).contains(":papod MODE #lobby -S"))
        // A topic set by a line client reaches IRC as TOPIC from its setter.
        effects = self.type("/topic Aula 3", by: self.teacher, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).map(self.masked).contains(":mestre!~u@cloak TOPIC #lobby :Aula 3"))
        // Moderators cannot act on each other.
        effects = try self.irc("KICK #lobby mestre", by: self.ana, in: &state)
        #expect(state.clients[self.teacher] != nil)
        effects = try self.irc("KICK #lobby nobody", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 401 ana nobody :No such nick/channel"])
        effects = try self.irc("KICK #lobby bia :chega", by: self.ana, in: &state)
        #expect(effects.closed == [self.bia])
        #expect(effects.lines(for: self.bia).contains { $0.contains("chega") })
    }

    @Test("bans by IRC mask: a nick mask, an address mask; others are refused; the list, to moderators, ends with 368")
    func bans() throws {
        var state = try self.classroom()
        _ = try self.connectIRC(self.caio, "caio", in: &state)
        _ = self.type("/op ana", by: self.teacher, in: &state)
        var effects = try self.irc("MODE #lobby +b bia!*@*", by: self.ana, in: &state)
        #expect(state.clients[self.bia] == nil)
        effects = try self.irc("MODE #lobby +b *!*@10.9.8.7", by: self.ana, in: &state)
        effects = try self.irc("MODE #lobby +b *bi*!*@*", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).first?.hasPrefix(":papod 472 ana b :") == true)
        // Students see no bans: the list names addresses.
        let students = try self.irc("MODE #lobby b", by: self.caio, in: &state)
        #expect(self.ircLines(students, for: self.caio, in: state) == [":papod 368 caio #lobby :End of channel ban list"])
        effects = try self.irc("MODE #lobby b", by: self.ana, in: &state)
        let lines = self.ircLines(effects, for: self.ana, in: state)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix(":papod 367 ana #lobby bia!*@* ana "))
        #expect(lines[1].hasPrefix(":papod 367 ana #lobby *!*@10.9.8.7 ana "))
        #expect(lines[2] == ":papod 368 ana #lobby :End of channel ban list")
        #expect(IRCChatTests.banTargets == ["bia", "1.2.3.4", nil, nil, "2001:db8::/32"])
    }

    static let banTargets = ["bia!*@*", "*!*@1.2.3.4", "b*!*@*", "*!*@10.*", "*!*@2001:db8::/32"].map(ChatState.banTarget(ofMask:))

    @Test("queries: WHO, NAMES, WHOIS, TOPIC, LIST, ISON, USERHOST, unknown commands")
    func queries() throws {
        var state = try self.classroom()
        var effects = try self.irc("WHO #lobby", by: self.ana, in: &state)
        let lines = self.ircLines(effects, for: self.ana, in: state).map(self.masked)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix(":papod 352 ana #lobby ~u ") && lines[0].hasSuffix(" papod mestre H@ :0 mestre"))
        #expect(lines[1].contains(" papod ana H :0 ana"))
        #expect(lines[3] == ":papod 315 ana #lobby :End of /WHO list.")
        effects = try self.irc("NAMES #lobby", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 353 ana = #lobby :@mestre ana bia", ":papod 366 ana #lobby :End of /NAMES list."])
        effects = try self.irc("WHOIS nobody", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).first == ":papod 401 ana nobody :No such nick")
        effects = try self.irc("TOPIC #lobby", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 331 ana #lobby :No topic is set"])
        effects = try self.irc("ISON bia nobody mestre", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 303 ana :bia mestre"])
        effects = try self.irc("USERHOST mestre", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).map(self.masked) == [":papod 302 ana :mestre*=+~u@cloak"])
        // A moderator sees the address (to ban by it); a student the cloak.
        _ = self.type("/op ana", by: self.teacher, in: &state)
        effects = try self.irc("USERHOST bia", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 302 ana :bia=+~u@10.0.0.3"])
        effects = try self.irc("LIST", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state).contains(":papod 322 ana #lobby 3 :"))
        effects = try self.irc("FROB x", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 421 ana FROB :unknown command FROB"])
        effects = try self.irc("USER a b c d", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 462 ana :You may not reregister"])
        effects = try self.irc("AWAY :almoço", by: self.ana, in: &state)
        effects = try self.irc("WHO ana", by: self.ana, in: &state)
        let who = self.ircLines(effects, for: self.ana, in: state).first ?? ""
        // ana is a moderator now, and away.
        #expect(who == ":papod 352 ana #lobby ~u 10.0.0.2 papod ana G@ :0 ana")
    }

    @Test("LUSERS counts every door's users, the moderators and the rooms in use; PING needs a token")
    func lusers() throws {
        var state = try self.classroom()
        _ = try self.connectIRC(self.caio, "caio", in: &state)
        _ = try self.irc("JOIN #lab", by: self.caio, in: &state)
        var effects = try self.irc("LUSERS", by: self.ana, in: &state)
        #expect(
            self.ircLines(effects, for: self.ana, in: state) == [
                ":papod 251 ana :There are 0 users and 4 invisible on 1 servers",
                ":papod 252 ana 1 :operator(s) online",
                ":papod 254 ana 2 :channels formed",
                ":papod 255 ana :I have 4 clients and 0 servers",
            ])
        // The welcome's counts: a client the chat does not know yet is counted too.
        let arriving = ClientID(9)
        #expect(
            state.ircUserCounts(on: arriving.node, arriving: arriving)
                == IRCUserCounts(users: 5, moderators: 1, rooms: 2, localUsers: 5, servers: 1))
        #expect(
            state.ircUserCounts(on: self.ana.node, arriving: self.ana)
                == IRCUserCounts(users: 4, moderators: 1, rooms: 2, localUsers: 4, servers: 1))
        _ = self.type("/quit", by: self.teacher, in: &state)
        effects = try self.irc("LUSERS", by: self.ana, in: &state)
        #expect(
            self.ircLines(effects, for: self.ana, in: state) == [
                ":papod 251 ana :There are 0 users and 3 invisible on 1 servers",
                ":papod 254 ana 2 :channels formed",
                ":papod 255 ana :I have 3 clients and 0 servers",
            ], "no 252 without moderators")
        effects = try self.irc("PING", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod 461 ana PING :Not enough parameters"])
        effects = try self.irc("PING :x", by: self.ana, in: &state)
        #expect(self.ircLines(effects, for: self.ana, in: state) == [":papod PONG papod :x"])
    }

    @Test("a long line from another door reaches IRC in messages of at most 512 bytes, cut between characters")
    func longLines() throws {
        var state = try self.classroom()
        let text = String(repeating: "ação ", count: 300)
        let effects = self.type(text, by: self.bia, in: &state)
        let lines = self.ircLines(effects, for: self.ana, in: state)
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { $0.utf8.count + 2 <= 512 })
        let joined = lines.map { $0.split(separator: " :", maxSplits: 1)[1] }.joined()
        #expect(joined == text.trimmingCharacters(in: .whitespaces))
    }
}
