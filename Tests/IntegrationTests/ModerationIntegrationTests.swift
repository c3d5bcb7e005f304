import Foundation
import NIOCore
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// Moderation over real sockets against an in-process server.
@Suite("Moderation over real sockets")
struct ModerationIntegrationTests {
    static var configuration: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.chat.moderatorPassword = "segredo"
        return configuration
    }

    /// A client logged in as a moderator under `nick`.
    static func moderator(_ server: TestServer, _ nick: String, from localHost: String? = nil) async throws -> LineClient {
        let client = try await server.connect(as: nick, from: localHost)
        try await client.sendLine("/login segredo")
        try await client.waitForLine("-!- you are now a moderator; /help lists your commands")
        return client
    }

    @Test("login succeeds with the right password and fails with the wrong one")
    func login() async throws {
        try await TestServer.withServer(configuration: Self.configuration) { server in
            let ana = try await server.connect(as: "ana")
            try await ana.sendLine("/login errada")
            #expect(try await ana.nextLine() == "-!- error: wrong password (2 attempts left)")
            try await ana.sendLine("/kick nobody")
            #expect(try await ana.nextLine() == "-!- error: /kick needs moderator rights")
            try await ana.sendLine("/login segredo")
            #expect(try await ana.nextLine() == "-!- you are now a moderator; /help lists your commands")
            try await ana.sendLine("/list")
            #expect(try await ana.nextLine() == "-!- #lobby (1): @ana")
            #expect(server.chatServer.snapshot.audit.map(\.action) == ["login-failed", "login"])
        }
    }

    @Test("a kicked client's socket is closed and the room sees the reason")
    func kick() async throws {
        try await TestServer.withServer(configuration: Self.configuration) { server in
            let prof = try await Self.moderator(server, "prof")
            let bob = try await server.connect(as: "bob")
            let ana = try await server.connect(as: "ana")
            try await prof.sendLine("/kick bob stop spamming")
            #expect(try await bob.waitForClose().last == "-!- error: you were kicked by prof: stop spamming")
            try await ana.waitForLine("-!- bob was kicked by prof: stop spamming")
            try await prof.waitForLine("-!- bob was kicked by prof: stop spamming")
        }
    }

    @Test("an address ban closes connections from it and refuses new ones with a message")
    func addressBan() async throws {
        try await TestServer.withServer(configuration: Self.configuration) { server in
            let prof = try await Self.moderator(server, "prof", from: "127.0.0.1")
            let student = try await server.connect(as: "rui", from: "127.0.0.2")
            try await prof.sendLine("/ban 127.0.0.2 10m disruptive")
            #expect(try await student.waitForClose().last == "-!- error: you were banned by prof: disruptive")
            try await prof.waitForLine { $0.hasPrefix("-!- banned 127.0.0.2 until ") }

            let again = try await server.connect(from: "127.0.0.2")
            let refused = try await again.waitForClose()
            #expect(refused.count == 1)
            #expect(refused.first?.hasPrefix("-!- error: you are banned from this server (by prof, until ") == true)
            #expect(refused.first?.hasSuffix("): disruptive") == true)

            // Others still get in.
            _ = try await server.connect(as: "ana", from: "127.0.0.3")
        }
    }

    @Test("/breakout 2 1 splits a room of students and brings them back after a minute")
    func breakout() async throws {
        let clock = TestClock()
        var configuration = Self.configuration
        configuration.use(clock)
        try await TestServer.withServer(configuration: configuration) { server in
            let prof = try await Self.moderator(server, "prof")
            var students: [LineClient] = []
            for name in ["ana", "bia", "caio", "duda"] {
                students.append(try await server.connect(as: name))
            }
            try await prof.sendLine("/breakout 2 1")
            try await prof.waitForLine { $0.hasPrefix("-!- prof split 4 students into #breakout-1, #breakout-2 for 1 minute") }
            var rooms: [String] = []
            for student in students {
                let line = try await student.waitForLine { $0.hasPrefix("-!- you are now in #breakout-") }
                rooms.append(String(line.dropFirst("-!- you are now in ".count).prefix("#breakout-1".count)))
            }
            #expect(rooms.filter { $0 == "#breakout-1" }.count == 2)
            #expect(rooms.filter { $0 == "#breakout-2" }.count == 2)

            // Not over before the minute is.
            clock.advance(by: 59)
            server.chatServer.tick()
            #expect(server.chatServer.snapshot.breakout != nil)
            clock.advance(by: 2)
            server.chatServer.tick()
            for student in students {
                try await student.waitForLine { $0.hasPrefix("-!- you are now in #lobby (") }
            }
            try await prof.waitForLine("-!- the breakout is over; everyone is back in #lobby")
            #expect(server.chatServer.snapshot.breakout == nil)
        }
    }

    @Test("after /move and /gather, students' next messages reach the new room only")
    func moveAndGather() async throws {
        try await TestServer.withServer(configuration: Self.configuration) { server in
            let prof = try await Self.moderator(server, "prof")
            let ana = try await server.connect(as: "ana")
            let bia = try await server.connect(as: "bia")

            try await prof.sendLine("/move ana #lab")
            try await ana.waitForLine("-!- you are now in #lab (1 member)")
            try await bia.waitForLine("-!- ana was moved to #lab by prof")
            try await prof.sendLine("/join #lab")
            try await ana.waitForLine("-!- prof joined #lab")
            try await ana.sendLine("hello lab")
            try await prof.waitForLine("<ana> hello lab")
            try await bia.sendLine("marker")
            try await bia.sendLine("/list")
            #expect(try await bia.waitForLine { $0.hasPrefix("-!- #lobby") } == "-!- #lobby (1): bia")
            #expect(!bia.receivedLines.contains("<ana> hello lab"))

            try await prof.sendLine("/gather #lab")
            try await bia.waitForLine("-!- you are now in #lab (3 members)")
            try await bia.sendLine("here now")
            try await ana.waitForLine("<bia> here now")
            try await prof.waitForLine("<bia> here now")
        }
    }

    @Test("/announce reaches every room")
    func announce() async throws {
        try await TestServer.withServer(configuration: Self.configuration) { server in
            let prof = try await Self.moderator(server, "prof")
            let ana = try await server.connect(as: "ana")
            try await ana.sendLine("/join #math")
            try await ana.waitForLine("-!- you are now in #math (1 member)")
            let bia = try await server.connect(as: "bia")
            try await prof.sendLine("/announce exam on Friday")
            for client in [prof, ana, bia] {
                try await client.waitForLine("-!- announcement from prof: exam on Friday")
            }
        }
    }
}
