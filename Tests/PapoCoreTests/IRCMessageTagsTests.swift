import Foundation
import Testing

@testable import PapoCore

/// IRCv3 message-tags in the chat: each chat line's id and its sender's client-only tags, for
/// the IRC clients that took the capability; TAGMSG; nothing for anyone else.
@Suite("IRC message-tags")
struct IRCMessageTagsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    /// IRC, message-tags.
    let alice = ClientID(1)
    /// IRC, message-tags and echo-message.
    let bob = ClientID(2)
    /// IRC, no capabilities.
    let carol = ClientID(3)
    /// IRC, server-time only.
    let dave = ClientID(4)
    /// A line client.
    let erin = ClientID(5)

    func irc(_ line: String, by id: ClientID, in state: inout ChatState) throws -> [Effect] {
        state.receive(.irc(try IRCMessage(parsing: line[...])), from: id, at: Self.start)
    }

    func connectIRC(
        _ id: ClientID, _ nick: String, _ capabilities: Set<IRCCapabilities.Capability>, in state: inout ChatState
    ) throws {
        _ = state.connect(
            id, address: "10.0.0.\(id.rawValue)", nick: try Nick(nick), presenceAsEvents: true,
            ircCapabilities: IRCCapabilities(capabilities), at: Self.start)
    }

    func room(tagReaders: Bool = true) throws -> ChatState {
        var state = ChatState(
            configuration: ChatConfiguration(moderatorPassword: "segredo", flood: FloodBucket.Limits(burst: 0, rate: 0)),
            random: RandomSource(seed: 7))
        if tagReaders {
            try self.connectIRC(self.alice, "alice", [.messageTags], in: &state)
            try self.connectIRC(self.bob, "bob", [.messageTags, .echoMessage], in: &state)
        }
        try self.connectIRC(self.carol, "carol", [], in: &state)
        try self.connectIRC(self.dave, "dave", [.serverTime], in: &state)
        _ = state.connect(self.erin, address: "10.0.0.5", at: Self.start)
        _ = state.receive(.line("/nick erin", .lf), from: self.erin, at: Self.start)
        return state
    }

    /// The lines delivered to `id`.
    /// The lines `id` is sent, each chat line without the number it carries for web pages.
    func delivered(_ effects: [Effect], to id: ClientID) -> [ServerLine] {
        effects.withoutLineNumbers.compactMap { effect in
            guard case .deliver(let line, let recipients) = effect, recipients.contains(id) else { return nil }
            return line
        }
    }

    @Test("a PRIVMSG's client-only tags and an id go with the line; server tags from a client are dropped")
    func relaysClientOnlyTags() throws {
        var state = try self.room()
        let effects = try self.irc("@+baz=bat;fizz=buzz PRIVMSG #lobby hi", by: self.alice, in: &state)
        let toBob = self.delivered(effects, to: self.bob)
        #expect(toBob.count == 1)
        guard case .tagged(.chat(from: "alice", text: "hi", room: "#lobby"), let tags) = toBob.first else {
            Issue.record("not a tagged chat line: \(toBob)")
            return
        }
        #expect(tags.clientTags == [IRCTag(key: "+baz", value: "bat")])
        #expect(tags.messageID == "#\(state.lastLineNumber)", "a room line's id is its number, which /delete takes")
        #expect(ChatState.ircTags(of: toBob[0]) == [IRCTag(key: "+baz", value: "bat"), IRCTag(key: "msgid", value: tags.messageID)])
        // One line for the whole room: the same id for every reader; the text doors' form is plain.
        #expect(self.delivered(effects, to: self.carol) == toBob)
        #expect(effects.lines(for: self.erin) == ["<alice> hi"])
        #expect(state.ircMessages(for: toBob[0], to: [self.carol]).map(\.serialized).allSatisfy { !$0.hasPrefix("@") })
    }

    @Test("an echo-message sender's echo has the id its readers got; each line a new id")
    func echoSharesTheID() throws {
        var state = try self.room()
        let effects = try self.irc("@+bat=baz PRIVMSG #lobby :hi yourself", by: self.bob, in: &state)
        let echo = self.delivered(effects, to: self.bob)
        let relay = self.delivered(effects, to: self.alice)
        #expect(echo.count == 1 && relay.count == 1)
        #expect(echo == relay)
        let next = try self.irc("PRIVMSG #lobby again", by: self.bob, in: &state)
        let second = self.delivered(next, to: self.alice)
        guard case .tagged(_, let first) = relay[0], case .tagged(_, let later) = second.first else {
            Issue.record("untagged lines")
            return
        }
        #expect(first.messageID != later.messageID)
        #expect(later.clientTags.isEmpty, "tags belong to the message that carried them")
    }

    @Test("private messages: the recipient's line and the sender's echo share their tags")
    func privateMessages() throws {
        var state = try self.room()
        let effects = try self.irc("@+typing=done PRIVMSG alice :psst", by: self.bob, in: &state)
        let toAlice = self.delivered(effects, to: self.alice)
        let toBob = self.delivered(effects, to: self.bob)
        guard case .tagged(.privateMessage("bob", "psst"), let tags) = toAlice.first,
            case .tagged(.privateEcho("alice", "psst"), let echoTags) = toBob.first
        else {
            Issue.record("untagged private lines: \(toAlice) \(toBob)")
            return
        }
        #expect(tags == echoTags)
        #expect(tags.clientTags == [IRCTag(key: "+typing", value: "done")])
        let echoed = state.ircMessages(for: toBob[0], to: [self.bob]).map(\.serialized)
        #expect(echoed.map { $0.replacing(/@[0-9a-f]{8}\.papo/, with: "@cloak") } == [":bob!~u@cloak PRIVMSG alice :psst"])
    }

    @Test("TAGMSG reaches the room's message-tags readers (and the sender's echo) and nobody else")
    func tagMessageToRoom() throws {
        var state = try self.room()
        let effects = try self.irc(#"@+buzz=fizz\:buzz;cat=dog;+steel=wootz TAGMSG #lobby"#, by: self.bob, in: &state)
        let toAlice = self.delivered(effects, to: self.alice)
        #expect(toAlice.count == 1)
        #expect(self.delivered(effects, to: self.bob) == toAlice)
        for other in [self.carol, self.dave, self.erin] {
            #expect(self.delivered(effects, to: other).isEmpty)
        }
        let tags = ChatState.ircTags(of: toAlice[0]) ?? []
        #expect(tags.map(\.key) == ["+buzz", "+steel", "msgid"])
        #expect(tags.first?.value == "fizz;buzz")
        let messages = state.ircMessages(for: toAlice[0], to: [self.alice]).map(\.serialized)
        #expect(messages.map { $0.replacing(/@[0-9a-f]{8}\.papo/, with: "@cloak") } == [":bob!~u@cloak TAGMSG #lobby"])
    }

    @Test("TAGMSG: without client-only tags, from a muted client or in a quiet room it is dropped; to a nick, it goes to that nick")
    func tagMessageRules() throws {
        var state = try self.room()
        #expect(try self.irc("@cat=dog TAGMSG #lobby", by: self.alice, in: &state).isEmpty)
        let direct = try self.irc("@+typing=active TAGMSG bob", by: self.alice, in: &state)
        #expect(self.delivered(direct, to: self.bob).count == 1)
        #expect(self.delivered(direct, to: self.alice).isEmpty, "alice has no echo-message")
        #expect(state.ircMessages(for: self.delivered(direct, to: self.bob)[0], to: [self.bob]).first?.parameters == ["bob"])
        // To a nick that does not read tags: nothing; to no one: 401.
        #expect(self.delivered(try self.irc("@+typing=active TAGMSG carol", by: self.alice, in: &state), to: self.carol).isEmpty)
        let unknown = try self.irc("@+typing=active TAGMSG nobody", by: self.alice, in: &state)
        #expect(state.ircMessages(for: self.delivered(unknown, to: self.alice)[0], to: [self.alice]).first?.command == "401")
        // A muted client's tags are dropped as its lines would be, and so are a student's in a quiet room.
        _ = state.receive(.line("/login segredo", .lf), from: self.erin, at: Self.start)
        _ = state.receive(.line("/mute bob", .lf), from: self.erin, at: Self.start)
        #expect(try self.irc("@+typing=active TAGMSG #lobby", by: self.bob, in: &state).isEmpty)
        _ = state.receive(.line("/unmute bob", .lf), from: self.erin, at: Self.start)
        #expect(self.delivered(try self.irc("@+typing=active TAGMSG #lobby", by: self.bob, in: &state), to: self.alice).count == 1)
        _ = state.receive(.line("/quiet on", .lf), from: self.erin, at: Self.start)
        #expect(self.delivered(try self.irc("@+typing=active TAGMSG #lobby", by: self.bob, in: &state), to: self.alice).isEmpty)
    }

    @Test("with no message-tags reader connected, lines carry no tags and no id is used up")
    func noReadersNoTags() throws {
        var state = try self.room(tagReaders: false)
        let effects = try self.irc("@+baz=bat PRIVMSG #lobby hi", by: self.carol, in: &state)
        #expect(self.delivered(effects, to: self.dave) == [.chat(from: "carol", text: "hi", room: "#lobby")])
        #expect(state.lastMessageNumber == 0)
        #expect(state.messageTagsReaders == 0)
        try self.connectIRC(self.alice, "alice", [.messageTags], in: &state)
        #expect(state.messageTagsReaders == 1)
        _ = state.disconnect(self.alice, reason: Message(.reasonDisconnected), at: Self.start)
        #expect(state.messageTagsReaders == 0)
    }
}
