import Foundation
import PapoTestSupport
import Testing

/// Every kind of client, each on a different node of one cluster (three papod processes on
/// one PostgreSQL): the assignment's framed client, a line client, an IRC client and a browser.
@Suite("Every door on a cluster", .enabled(if: TestDatabase.serverURL != nil))
struct ClusterDoorsTests {
    @Test("a teacher on IRC runs the class for framed and line students on one node and a browser on another")
    func everyDoor() async throws {
        try await ClusterTests.withCluster { nodes, _ in
            let (a, b, c) = (nodes[0], nodes[1], nodes[2])
            let bia = try await PersistenceTests.client(a.port, as: "bia")
            let caio = try await LineClient.connect(to: a.port)
            try await caio.sendSeedMessage(name: "caio", "cheguei")
            try await bia.waitForLine("<caio> cheguei")
            let prof = try await IRCDoorTests.register("prof", port: try #require(b.ircPort))
            try await prof.sendRaw("OPER prof \(PersistenceTests.password)\r\n")
            try await bia.waitForLine("-!- prof is now a moderator")
            let web = try await WebSocketClient.connect(to: try #require(c.webPort))
            try await web.send("/nick dani")
            try await web.waitForMessage { $0.contains("you are now known as dani") }
            try await bia.waitForLine { $0.hasSuffix("is now known as dani") }

            try await IRCDoorTests.lesson(prof: prof, bia: bia, caio: caio, web: web)
        }
    }
}
