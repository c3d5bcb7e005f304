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

        // Chat, actions and private messages, across nodes and doors.
        try await prof.sendRaw("PRIVMSG #lobby :bom dia, turma\r\nPRIVMSG #lobby :\u{1}ACTION sorri\u{1}\r\n")
        try await bia.waitForLine("<prof> bom dia, turma")
        try await caio.waitForLine("* prof sorri")
        try await web.waitForMessage { $0.contains("\"sorri\"") && $0.contains("\"action\"") }
        try await web.send("bom dia, prof")
        try await IRCDoorTests.expect(prof) { $0.hasPrefix(":dani!~u@") && $0.hasSuffix(" PRIVMSG #lobby :bom dia, prof") }
        try await prof.sendRaw("PRIVMSG dani :tudo bem?\r\n")
        try await web.waitForMessage { $0.contains("tudo bem?") && $0.contains("\"private\"") }

        // Topic, quiet and voice.
        try await prof.sendRaw("TOPIC #lobby :Aula 3: TCP\r\n")
        try await bia.waitForLine { $0.contains("Aula 3: TCP") }
        try await prof.sendRaw("MODE #lobby +m\r\n")
        try await bia.waitForLine { $0.contains("quiet") }
        try await bia.sendLine("posso falar?")
        try await bia.waitForLine("-!- error: #lobby is quiet: only moderators and voiced users may speak")
        try await prof.sendRaw("MODE #lobby +v bia\r\n")
        // The voice and bia's line come from different nodes: the log orders them as it gets them.
        try await bia.waitForLine("-!- prof gave bia a voice")
        try await bia.sendLine("agora posso")
        try await IRCDoorTests.expect(prof) { $0.hasSuffix(" PRIVMSG #lobby :agora posso") }
        try await prof.sendRaw("MODE #lobby -m\r\n")
        try await bia.waitForLine { $0.contains("ended quiet mode") }

        // A hand, a breakout and a gather.
        try await bia.sendLine("/hand")
        try await IRCDoorTests.expect(prof) { $0.contains("NOTICE") && $0.contains("bia") && $0.contains("hand") }
        try await prof.sendRaw("PRIVMSG papo :breakout 2 10\r\n")
        try await bia.waitForLine { $0.contains("breakout") }
        try await web.waitForMessage { $0.contains("breakout") }
        try await prof.sendRaw("PRIVMSG papo :gather\r\n")
        try await bia.waitForLine { $0.contains("you are now in #lobby") }

        // A kick and a ban reach the student on another node.
        try await prof.sendRaw("KICK #lobby dani :chega\r\n")
        try await web.waitForMessage { $0.contains("chega") }
        try await prof.sendRaw("MODE #lobby +b caio!*@*\r\n")
        try await caio.waitForLine { $0.contains("banned") || $0.contains("caio left") || $0.contains("kicked") }
    }
}
