import Foundation
import PapoTestSupport
import Testing

/// IRCv3 message-tags through the IRC door: each client is sent the tags it asked for, no more.
@Suite("The IRC door's message tags")
struct IRCMessageTagsDoorTests {
    /// The next line that is a PRIVMSG or TAGMSG, whatever else comes first (joins, modes).
    static func nextMessage(_ client: LineClient) async throws -> String {
        try await IRCDoorTests.expect(client) { $0.contains(" PRIVMSG ") || $0.contains(" TAGMSG ") }
    }

    static func tags(of line: String) -> [String: String] {
        guard line.hasPrefix("@"), let space = line.firstIndex(of: " ") else { return [:] }
        var tags: [String: String] = [:]
        for pair in line[line.index(after: line.startIndex)..<space].split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            tags[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return tags
    }

    static func command(of line: String) -> String {
        let body = line.hasPrefix("@") ? String(line[line.index(after: line.firstIndex(of: " ")!)...]) : line
        return IRCDoorTests.plain(body).replacing(#/^:[^ ]+ /#, with: "")
    }

    @Test("tags for the readers that asked: client-only tags and msgid with message-tags, time with server-time, none without")
    func eachReaderItsTags() async throws {
        try await IRCDoorTests.withIRCServer { server, port in
            let alice = try await IRCDoorTests.register("alice", port: port, capabilities: "message-tags")
            let bob = try await IRCDoorTests.register("bob", port: port, capabilities: "message-tags echo-message")
            let carol = try await IRCDoorTests.register("carol", port: port)
            let dave = try await IRCDoorTests.register("dave", port: port, capabilities: "server-time")
            let erin = try await server.connect(as: "erin")
            try await IRCDoorTests.expect(alice) { $0.hasSuffix(" NICK erin") }

            try await alice.sendRaw("@+baz=bat;fizz=buzz PRIVMSG #lobby hi\r\n")
            let toBob = try await Self.nextMessage(bob)
            #expect(Self.command(of: toBob) == "PRIVMSG #lobby :hi")
            let bobTags = Self.tags(of: toBob)
            #expect(bobTags["+baz"] == "bat" && bobTags["fizz"] == nil && bobTags["msgid"]?.isEmpty == false)
            #expect(bobTags["time"] != nil, "message-tags readers are sent every tag")
            let toCarol = try await Self.nextMessage(carol)
            #expect(toCarol.hasPrefix(":alice!~u@") && Self.command(of: toCarol) == "PRIVMSG #lobby :hi")
            let toDave = try await Self.nextMessage(dave)
            #expect(Set(Self.tags(of: toDave).keys) == ["time"])
            try await erin.waitForLine("<alice> hi")

            // bob's echo and alice's copy: one id.
            try await bob.sendRaw("@+bat=baz;+fizz=buzz PRIVMSG #lobby :hi yourself\r\n")
            let echo = Self.tags(of: try await Self.nextMessage(bob))
            let relay = Self.tags(of: try await Self.nextMessage(alice))
            #expect(echo["+bat"] == "baz" && echo["+fizz"] == "buzz")
            #expect(echo["msgid"] == relay["msgid"] && relay["+bat"] == "baz")
            #expect(echo["msgid"] != bobTags["msgid"])

            // TAGMSG (escaped values kept as sent) to the message-tags readers only.
            try await bob.sendRaw(#"@+buzz=fizz\:buzz;cat=dog;+steel=wootz TAGMSG #lobby"# + "\r\n")
            let tagmsg = try await Self.nextMessage(alice)
            #expect(Self.command(of: tagmsg) == "TAGMSG #lobby")
            #expect(Self.tags(of: tagmsg)["+buzz"] == #"fizz\:buzz"# && Self.tags(of: tagmsg)["cat"] == nil)
            #expect(Self.command(of: try await Self.nextMessage(bob)) == "TAGMSG #lobby")
            try await bob.sendRaw("PRIVMSG #lobby :after\r\n")
            #expect(Self.command(of: try await Self.nextMessage(carol)) == "PRIVMSG #lobby :hi yourself")
            #expect(Self.command(of: try await Self.nextMessage(carol)) == "PRIVMSG #lobby :after")
            #expect(Self.command(of: try await Self.nextMessage(dave)) == "PRIVMSG #lobby :hi yourself")
            #expect(Self.command(of: try await Self.nextMessage(dave)) == "PRIVMSG #lobby :after")
            try await erin.waitForLine("<bob> after")
        }
    }

    @Test("a client's tags may take 4096 bytes with the @ and the space; one more gets 417 and nobody is sent it")
    func tagLengthLimit() async throws {
        try await IRCDoorTests.withIRCServer { _, port in
            let alice = try await IRCDoorTests.register("alice", port: port, capabilities: "message-tags echo-message")
            let bob = try await IRCDoorTests.register("bob", port: port, capabilities: "message-tags")
            try await IRCDoorTests.expect(alice) { $0.contains("bob") && $0.contains("JOIN") }
            let longest = "@foo=bar;+baz=\(String(repeating: "a", count: 4081)) TAGMSG #lobby"
            #expect(longest.utf8.firstIndex(of: UInt8(ascii: "T")) == longest.utf8.index(longest.utf8.startIndex, offsetBy: 4096))
            try await alice.sendRaw(longest + "\r\n")
            let relay = try await Self.nextMessage(bob)
            #expect(Self.tags(of: relay)["+baz"]?.count == 4081)
            #expect(Self.tags(of: try await Self.nextMessage(alice))["msgid"] == Self.tags(of: relay)["msgid"])

            let over = "@foo=bar;+baz=\(String(repeating: "a", count: 4082)) TAGMSG #lobby"
            try await alice.sendRaw(over + "\r\nPRIVMSG #lobby :still here\r\n")
            try await IRCDoorTests.expect(alice) { $0.hasPrefix(":papod 417 alice ") }
            #expect(Self.command(of: try await Self.nextMessage(bob)) == "PRIVMSG #lobby :still here")
        }
    }
}
