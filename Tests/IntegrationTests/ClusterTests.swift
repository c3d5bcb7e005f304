import Foundation
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Three papod processes with `--node` on one PostgreSQL (`TestDatabase`) are one chat.
@Suite("A cluster of papods", .enabled(if: TestDatabase.serverURL != nil), .serialized)
struct ClusterTests {
    /// A node: its process, its assignment door's port and its data directory.
    struct Node {
        let papod: ChildProcess
        let port: Int
        let directory: URL

        var socket: String { PersistenceTests.socket(self.directory) }
        var ircPort: Int? { PapodProcess.listeningPort(in: self.papod.standardError, after: "listening for IRC on ") }
        var webPort: Int? { PapodProcess.listeningPort(in: self.papod.standardError, after: "serving the web client on ") }
    }

    static func startNode(_ name: String, database url: String, arguments: [String] = []) async throws -> Node {
        let directory = PapodProcess.temporaryDataDirectory()
        let (papod, port) = try await PersistenceTests.start(
            directory, arguments: ["--database", url, "--node", name] + arguments)
        return Node(papod: papod, port: port, directory: directory)
    }

    static func withCluster(
        _ names: [String] = ["a", "b", "c"], arguments: [String] = [], _ body: ([Node], String) async throws -> Void
    ) async throws {
        try await TestDatabase.withFreshDatabase { url in
            var nodes: [Node] = []
            // Killed outright: their output is no longer read once the test ends.
            defer { for node in nodes { node.papod.signal(SIGKILL) } }
            for name in names {
                nodes.append(try await Self.startNode(name, database: url, arguments: arguments))
            }
            try await body(nodes, url)
        }
    }

    /// A client of `node` named `nick`, in `room`, once the whole cluster has seen it there.
    static func client(_ node: Node, as nick: String, in room: String = "#math") async throws -> LineClient {
        let client = try await PersistenceTests.client(node.port, as: nick)
        try await client.sendLine("/join \(room)")
        try await client.waitForLine { $0.hasPrefix("-!- you are now in \(room)") }
        return client
    }

    @Test("clients on three nodes share a room: lines, actions, topics, nicks and private messages, in one order everywhere")
    func oneChat() async throws {
        try await Self.withCluster { nodes, _ in
            let ana = try await Self.client(nodes[0], as: "ana")
            let bia = try await Self.client(nodes[1], as: "bia")
            try await ana.waitForLine("-!- bia joined #math")
            let caio = try await Self.client(nodes[2], as: "caio")
            try await ana.waitForLine("-!- caio joined #math")
            try await bia.waitForLine("-!- caio joined #math")

            // Each says two things at once; all three read the same six lines in one order.
            try await ana.sendLine("a1")
            try await bia.sendLine("b1")
            try await caio.sendLine("c1")
            try await ana.sendLine("a2")
            try await bia.sendLine("/me b2")
            try await caio.sendLine("c2")
            // Each reads everyone else's lines; any two read the lines they share in one order.
            let said = ["<ana> a1", "<bia> b1", "<caio> c1", "<ana> a2", "* bia b2", "<caio> c2"]
            var seen: [[String]] = []
            for (client, nick) in [(ana, "ana"), (bia, "bia"), (caio, "caio")] {
                let others = Set(said.filter { !$0.hasPrefix("<\(nick)>") && !$0.hasPrefix("* \(nick) ") })
                var lines: [String] = []
                while !others.isSubset(of: lines) {
                    let line = try await client.nextLine()
                    if said.contains(line) { lines.append(line) }
                }
                seen.append(lines)
            }
            for first in seen.indices {
                for second in seen.indices where second > first {
                    let shared = Set(seen[first]).intersection(seen[second])
                    #expect(seen[first].filter(shared.contains) == seen[second].filter(shared.contains), "\(seen)")
                }
            }

            try await bia.sendLine("/topic frações")
            try await caio.waitForLine { $0.contains("frações") }
            try await ana.sendLine("/nick ana_maria")
            try await caio.waitForLine("-!- ana is now known as ana_maria")
            try await caio.sendLine("/msg ana_maria oi, só pra você")
            #expect(try await ana.waitForLine { $0.contains("só pra você") }.contains("caio"))
            // Nicks are the cluster's: one node's is taken on every node.
            try await bia.sendLine("/nick caio")
            #expect(try await bia.waitForLine { $0.hasPrefix("-!- error:") }.contains("caio"))

            try await ana.sendLine("/who caio")
            try await ana.waitForLine { $0.hasPrefix("-!- caio is in #math, from 127.0.0.1, on server c, connected since ") }
            // papoctl on any node sees everyone, with the node each is on.
            let clients = try await PersistenceTests.papoctl(["--socket", nodes[1].socket, "clients"])
            for (nick, node) in [("ana_maria", "a"), ("bia", "b"), ("caio", "c")] {
                let row = clients.output.split(separator: "\n").first { $0.contains(" \(nick) ") }
                #expect(row?.contains(" on \(node) since ") == true, "\(clients.output)")
            }
        }
    }

    /// A moderator on the first node and two students on the second and third, all in #math.
    static func classAcrossNodes(_ nodes: [Node]) async throws -> (teacher: LineClient, rui: LineClient, eva: LineClient) {
        let teacher = try await PersistenceTests.moderator(nodes[0].port, as: "prof")
        try await teacher.sendLine("/join #math")
        let rui = try await Self.client(nodes[1], as: "rui")
        let eva = try await Self.client(nodes[2], as: "eva")
        try await teacher.waitForLine("-!- eva joined #math")
        return (teacher, rui, eva)
    }

    @Test("moderation acts across nodes: a kick, a ban and a mute from one node reach clients on the others")
    func moderationAcrossNodes() async throws {
        try await Self.withCluster { nodes, _ in
            let (teacher, rui, eva) = try await Self.classAcrossNodes(nodes)
            try await teacher.sendLine("/mute eva 10m")
            try await eva.waitForLine { $0.contains("muted") }
            try await eva.sendLine("hello?")
            try await eva.waitForLine { $0.hasPrefix("-!- error:") }
            try await teacher.sendLine("/kick rui chega")
            let kicked = try await rui.waitForLine { $0.contains("kicked") }
            #expect(kicked.contains("chega"))
            try await teacher.sendLine("/ban rui 1h cola")
            try await teacher.waitForLine { $0.hasPrefix("-!- banned rui") }
            let again = try await PersistenceTests.client(nodes[2].port, as: "rui")
            #expect(again.receivedLines.contains("-!- error: the nick rui is banned"), "\(again.receivedLines)")
        }
    }

    @Test("two nodes racing for one nick: exactly one client gets it")
    func nickRace() async throws {
        try await Self.withCluster(["a", "b"]) { nodes, _ in
            for round in 0..<5 {
                let one = try await LineClient.connect(to: nodes[0].port)
                let two = try await LineClient.connect(to: nodes[1].port)
                try await one.waitForLine { $0.hasPrefix("-!- Welcome") }
                try await two.waitForLine { $0.hasPrefix("-!- Welcome") }
                let nick = "racer\(round)"
                async let first: Void = one.sendLine("/nick \(nick)")
                async let second: Void = two.sendLine("/nick \(nick)")
                _ = try await (first, second)
                let renamed = "you are now known as \(nick)"
                var outcomes: [String] = []
                for client in [one, two] {
                    outcomes.append(try await client.waitForLine { $0.hasSuffix(renamed) || $0.hasPrefix("-!- error:") })
                }
                #expect(outcomes.filter { $0.hasSuffix(renamed) }.count == 1, "\(outcomes)")
                await one.close()
                await two.close()
            }
        }
    }

    @Test("a node stopped with SIGTERM says goodbye to its clients; the others see them leave")
    func gracefulStop() async throws {
        try await Self.withCluster(["a", "b"]) { nodes, _ in
            let ana = try await Self.client(nodes[0], as: "ana")
            let bia = try await Self.client(nodes[1], as: "bia")
            try await ana.waitForLine("-!- bia joined #math")
            nodes[1].papod.signal(SIGTERM)
            let goodbye = try await bia.waitForClose()
            #expect(goodbye.contains { $0.contains("is shutting down") }, "\(goodbye)")
            try await ana.waitForLine("-!- bia left (server shutting down)")
            #expect(try await nodes[1].papod.waitForExit() == 0)
        }
    }

    @Test("a node killed with -9 is noticed within seconds: its clients leave as 'server lost', and may come back on another node")
    func killedNode() async throws {
        try await Self.withCluster(["a", "b"]) { nodes, _ in
            let ana = try await Self.client(nodes[0], as: "ana")
            let bia = try await Self.client(nodes[1], as: "bia")
            try await ana.waitForLine("-!- bia joined #math")
            try await bia.sendLine("mid-sentence")
            try await ana.waitForLine("<bia> mid-sentence")
            nodes[1].papod.signal(SIGKILL)
            try await ana.waitForLine("-!- bia left (server lost)", timeout: .seconds(15))
            // Reconnecting through the balancer, bia lands on node a and gets its nick back.
            let back = try await Self.client(nodes[0], as: "bia")
            try await back.sendLine("back")
            try await ana.waitForLine("<bia> back")
        }
    }

    @Test("a node that starts late loads the latest checkpoint, and the log before the one before it is gone")
    func checkpoints() async throws {
        try await Self.withCluster(["a", "b"], arguments: ["--checkpoint-entries", "10"]) { nodes, url in
            let ana = try await Self.client(nodes[0], as: "ana")
            let bia = try await Self.client(nodes[1], as: "bia")
            try await ana.waitForLine("-!- bia joined #math")
            try await ana.sendLine("/topic frações")
            // Under flood control's 5 lines a second.
            for number in 1...12 {
                try await bia.sendLine("linha \(number)")
                try await ana.waitForLine("<bia> linha \(number)")
                try await Task.sleep(for: .milliseconds(250))
            }
            // Heartbeats alone reach the next checkpoints within seconds.
            try await ClusterOutageTests.eventually {
                try await TestDatabase.count("SELECT count(*) FROM chat_checkpoints", on: url) >= 2
            }
            #expect(try await TestDatabase.count("SELECT min(sequence) FROM chat_log", on: url) > 10)

            let late = try await Self.startNode("c", database: url, arguments: ["--checkpoint-entries", "10"])
            defer { late.papod.signal(SIGKILL) }
            let joined = late.papod.standardError.split(separator: "\n").first { $0.contains("node c joined the cluster") }
            #expect(joined?.contains("cluster.checkpoint=") == true && joined?.contains("cluster.checkpoint=0 ") == false, "\(late.papod.standardError)")
            let caio = try await PersistenceTests.client(late.port, as: "caio")
            try await caio.sendLine("/nick ana")
            try await caio.waitForLine("-!- error: the nick ana is taken")
            try await caio.sendLine("/join #math")
            try await caio.waitForLine { $0.hasPrefix("-!- you are now in #math (3 members)") }
            try await caio.waitForLine("-!- topic: frações")
            try await caio.waitForLine { $0.hasSuffix("<bia> linha 12") }
            try await ana.waitForLine("-!- caio joined #math")
        }
    }

    @Test("the per-address cap counts the clients an address has on every node")
    func perAddressCapAcrossNodes() async throws {
        try await Self.withCluster(["a", "b"], arguments: ["--max-connections-per-address", "2"]) { nodes, _ in
            let ana = try await Self.client(nodes[0], as: "ana")
            let bia = try await Self.client(nodes[0], as: "bia")
            try await ana.waitForLine("-!- bia joined #math")
            // 127.0.0.1 has its two on node a: node b refuses a third.
            let third = try await LineClient.connect(to: nodes[1].port)
            let refused = try await third.waitForClose()
            #expect(refused.contains("-!- error: too many connections from your address (limit 2)"), "\(refused)")
            await ana.close()
            try await bia.waitForLine { $0.hasPrefix("-!- ana left") }
            // Node b lets a client in once it has applied ana's leaving (within moments).
            var again: LineClient?
            for _ in 0..<100 where again == nil {
                let client = try await LineClient.connect(to: nodes[1].port)
                if try await client.nextLine().hasPrefix("-!- Welcome") {
                    again = client
                } else {
                    await client.close()
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let caio = try #require(again)
            try await caio.sendLine("/nick caio")
            try await caio.sendLine("/join #math")
            try await bia.waitForLine("-!- caio joined #math")
        }
    }

    @Test("more moderation across nodes: slow mode, a move, an announcement, and IP and CIDR bans refusing arrivals on other nodes")
    func moreModerationAcrossNodes() async throws {
        try await Self.withCluster { nodes, _ in
            let (teacher, rui, eva) = try await Self.classAcrossNodes(nodes)

            try await teacher.sendLine("/slow 30")
            try await eva.waitForLine { $0.contains("set slow mode in #math") }
            try await eva.sendLine("first")
            try await rui.waitForLine("<eva> first")
            try await eva.sendLine("second, too soon")
            #expect(try await eva.waitForLine { $0.hasPrefix("-!- error:") }.contains("slow"))

            try await teacher.sendLine("/announce prova amanhã")
            try await rui.waitForLine { $0.contains("prova amanhã") }
            try await eva.waitForLine { $0.contains("prova amanhã") }

            try await teacher.sendLine("/move rui #lab")
            try await rui.waitForLine { $0.hasPrefix("-!- you are now in #lab") }

            // An address and a block banned on node a refuse arrivals on b and c.
            try await teacher.sendLine("/ban 127.0.0.2 1h")
            try await teacher.waitForLine { $0.hasPrefix("-!- banned 127.0.0.2") }
            try await teacher.sendLine("/ban 127.0.1.0/24 1h")
            try await teacher.waitForLine { $0.hasPrefix("-!- banned 127.0.1.0/24") }
            for (node, address) in [(nodes[1], "127.0.0.2"), (nodes[2], "127.0.1.7")] {
                let banned = try await LineClient.connect(to: node.port, from: address)
                let lines = try await banned.waitForClose()
                #expect(lines.contains { $0.hasPrefix("-!- error: you are banned from this server") }, "\(lines)")
            }
        }
    }
}
