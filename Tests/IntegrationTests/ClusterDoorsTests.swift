import Foundation
import PapoApplication
import PapoCore
import PapoServer
import PapoStore
import PapoTestSupport
import Testing

/// Every kind of client, each on a different node of one cluster (three in-process papods on
/// one PostgreSQL): the assignment's framed client, a line client, an IRC client and a browser.
@Suite("Every door on a cluster", .enabled(if: TestDatabase.serverURL != nil))
struct ClusterDoorsTests {
    static func node(_ name: String, database url: String) throws -> PapodConfiguration {
        var server = ServerConfiguration(host: "127.0.0.1", port: 0)
        server.chat.moderatorPassword = "segredo"
        var papod = PapodConfiguration(server: server, threads: 1)
        papod.irc = IRCSettings(port: 0)
        papod.web = WebSettings(port: 0)
        papod.database = DatabaseSettings(url: try DatabaseURL(url), password: TestDatabase.password, node: name)
        return papod
    }

    @Test("a teacher on IRC runs the class for framed and line students on one node and a browser on another")
    func everyDoor() async throws {
        try await TestDatabase.withFreshDatabase { url in
            try await TestServer.withServer(papod: try Self.node("a", database: url)) { a in
                try await TestServer.withServer(papod: try Self.node("b", database: url)) { b in
                    try await TestServer.withServer(papod: try Self.node("c", database: url)) { c in
                        try await Self.lesson(a: a, b: b, c: c)
                    }
                }
            }
        }
    }

    static func lesson(a: TestServer, b: TestServer, c: TestServer) async throws {
        let bia = try await a.connect(as: "bia")
        let caio = try await LineClient.connect(to: a.port)
        try await caio.sendSeedMessage(name: "caio", "cheguei")
        try await bia.waitForLine("<caio> cheguei")
        let prof = try await IRCDoorTests.register("prof", port: try #require(b.ircPort))
        try await prof.sendRaw("OPER prof segredo\r\n")
        try await bia.waitForLine("-!- prof is now a moderator")
        let web = try await WebSocketClient.connect(to: try #require(c.webPort))
        try await web.send("/nick dani")
        try await web.waitForMessage { $0.contains("you are now known as dani") }
        try await bia.waitForLine { $0.hasSuffix("is now known as dani") }

        try await IRCDoorTests.lesson(prof: prof, bia: bia, caio: caio, web: web)
    }
}
