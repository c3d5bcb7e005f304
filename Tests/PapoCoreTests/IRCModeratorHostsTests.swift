import Foundation
import Testing

@testable import PapoCore

/// IRC moderators read messages' sources with the sender's address; everyone else a cloak.
@Suite("IRC moderators' hosts")
struct IRCModeratorHostsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let prof = ClientID(1)
    let ana = ClientID(2)
    let bia = ClientID(3)

    func classroom() throws -> ChatState {
        var state = ChatState(
            configuration: ChatConfiguration(moderatorPassword: "segredo", flood: FloodBucket.Limits(burst: 0, rate: 0)),
            random: RandomSource(seed: 7))
        _ = state.connect(self.prof, address: "10.0.0.1", nick: try Nick("prof"), presenceAsEvents: true, at: Self.start)
        _ = state.connect(self.ana, address: "10.0.0.2", nick: try Nick("ana"), presenceAsEvents: true, at: Self.start)
        _ = state.connect(self.bia, address: "::ffff:10.0.0.3", at: Self.start)
        _ = state.receive(.line("/nick bia", .lf), from: self.bia, at: Self.start)
        return state
    }

    func irc(_ line: String, by id: ClientID, in state: inout ChatState) throws -> [Effect] {
        state.receive(.irc(try IRCMessage(parsing: line[...])), from: id, at: Self.start)
    }

    @Test("an IRC client that becomes a moderator (OPER, /op, the password) is listed until it is deopped or leaves")
    func listed() throws {
        var state = try self.classroom()
        #expect(state.ircModerators.isEmpty)
        _ = try self.irc("OPER prof segredo", by: self.prof, in: &state)
        #expect(state.ircModerators == [self.prof])
        #expect(state.ircModerators(among: [self.bia, self.ana]).isEmpty)
        #expect(state.ircModerators(among: [self.ana, self.prof]) == [self.prof])
        _ = try self.irc("PRIVMSG papo :op ana", by: self.prof, in: &state)
        #expect(state.ircModerators == [self.prof, self.ana])
        _ = state.receive(.line("/login segredo", .lf), from: self.bia, at: Self.start)
        #expect(state.ircModerators == [self.prof, self.ana], "a line client reads no IRC sources")
        _ = try self.irc("PRIVMSG papo :deop", by: self.ana, in: &state)
        #expect(state.ircModerators == [self.prof])
        _ = state.disconnect(self.prof, reason: Message(.reasonDisconnected), at: Self.start)
        #expect(state.ircModerators.isEmpty)
    }

    @Test("sources naming a connected client get its address (IPv6 made a valid host); other messages are left alone")
    func revealed() throws {
        let state = try self.classroom()
        let said = state.ircMessages(for: .chat(from: "bia", text: "oi", room: "#lobby"), to: [self.prof, self.ana])
        #expect(said.first?.source?.hasSuffix(".papo") == true)
        let revealed = try #require(state.ircRevealingAddresses(in: said))
        #expect(revealed.map(\.serialized) == [":bia!~u@0::ffff:10.0.0.3 PRIVMSG #lobby :oi"])
        let fromAna = state.ircMessages(for: .action(from: "ana", text: "acena", room: "#lobby"), to: [self.prof])
        #expect(state.ircRevealingAddresses(in: fromAna)?.first?.source == "ana!~u@10.0.0.2")
        let notice = state.ircMessages(for: .notice("aviso"), to: [self.prof, self.ana])
        #expect(state.ircRevealingAddresses(in: notice) == nil, "the server's notices name nobody")
    }
}
