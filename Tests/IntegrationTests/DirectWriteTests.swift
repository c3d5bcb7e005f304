import Foundation
import NIOCore
import PapoApplication
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// `--direct-send` (opt-in): papod writes each plaintext batch straight to the client's socket
/// while NIO holds nothing for it, through NIO behind whatever a full socket did not take, and
/// never around a TLS connection's pipeline.
@Suite("Direct sends over real sockets")
struct DirectWriteTests {
    /// Flood control off and a large send queue, with direct sends on (or not).
    static func configuration(directSend: Bool = true) -> ServerConfiguration {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
        configuration.connectionLimits.sendQueueBytes = 64 * 1024 * 1024
        configuration.directSend = directSend
        return configuration
    }

    /// The operator's write counts: straight to the socket, through pipelines, and the
    /// io_uring system calls that carried direct ones.
    static func writes(of server: TestServer) async -> (direct: Int, pipeline: Int, calls: Int) {
        let data = await server.chatServer.executeOperator("stats").data
        guard case .object(let fields)? = data, case .number(let direct)? = fields["directWrites"],
            case .number(let pipeline)? = fields["writes"], case .number(let calls)? = fields["sendBatches"]
        else { return (-1, -1, -1) }
        return (Int(direct), Int(pipeline), Int(calls))
    }

    /// The write counts before and after `body`.
    static func writes(
        of server: TestServer, around body: () async throws -> Void
    ) async throws -> (before: (direct: Int, pipeline: Int, calls: Int), after: (direct: Int, pipeline: Int, calls: Int)) {
        let before = await Self.writes(of: server)
        try await body()
        return (before, await Self.writes(of: server))
    }

    @Test("a client that keeps up is written straight to its socket, several in one system call")
    func keepingUpIsDirect() async throws {
        try await TestServer.withServer(configuration: Self.configuration()) { server in
            let ana = try await server.connect(as: "ana")
            let bob = try await server.connect(as: "bob")
            let cid = try await server.connect(as: "cid")
            try await ana.waitForLine { $0.hasSuffix(" is now known as cid") }
            let (before, after) = try await Self.writes(of: server) {
                for index in 0..<20 {
                    try await bob.sendLine("line \(index)")
                    try await ana.waitForLine("<bob> line \(index)")
                    try await cid.waitForLine("<bob> line \(index)")
                }
            }
            #expect(after.direct >= before.direct + 40)
            #expect(after.pipeline == before.pipeline)
            // Two recipients per line, on two loops (the test server has two): a loop with both
            // sends them in one call where the system has io_uring.
            if ServerConfiguration.directSendsBatch {
                #expect(after.calls > before.calls)
            }
            let text = await server.chatServer.executeOperator("stats").lines.joined(separator: "\n")
            #expect(text.contains("direct writes: \(after.direct) batches straight to sockets"))
        }
    }

    /// A process's open io_uring instances.
    static func openRings(of pid: Int32) -> Int {
        let directory = "/proc/\(pid)/fd"
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return descriptors.filter { name in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(name)")) == "anon_inode:[io_uring]"
        }.count
    }

    @Test("each loop's io_uring is made at start-up, so papod's descriptors do not grow with the first batch")
    func ringsAtStartUp() async throws {
        guard ServerConfiguration.directSendsBatch else { return }
        // papod as a process of its own: the rings counted are its own, not other tests'.
        let (papod, port) = try await PapodProcess.start(arguments: ["--direct-send", "--threads", "2"])
        defer { papod.kill() }
        let ringsBefore = Self.openRings(of: papod.processIdentifier)
        #expect(ringsBefore == 2)
        var clients: [LineClient] = []
        for _ in 0..<3 {
            let client = try await LineClient.connect(to: port)
            try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
            clients.append(client)
        }
        try await clients[0].sendLine("hello")
        try await clients[1].waitForLine { $0.hasSuffix("> hello") }
        try await clients[2].waitForLine { $0.hasSuffix("> hello") }
        #expect(Self.openRings(of: papod.processIdentifier) == ringsBefore)
    }

    @Test("without the flag every batch goes through the pipeline")
    func offByDefault() async throws {
        #expect(ServerConfiguration().directSend == false)
        try await TestServer.withServer(configuration: Self.configuration(directSend: false)) { server in
            let ana = try await server.connect(as: "ana")
            let bob = try await server.connect(as: "bob")
            try await bob.sendLine("hello")
            try await ana.waitForLine("<bob> hello")
            let counts = await Self.writes(of: server)
            #expect(counts.direct == 0 && counts.calls == 0)
            #expect(counts.pipeline > 0)
            let text = await server.chatServer.executeOperator("stats").lines.joined(separator: "\n")
            #expect(!text.contains("direct writes"))
        }
    }

    @Test("TLS connections go through their pipeline even with direct sends on")
    func neverAroundTLS() async throws {
        let files = try CertificateFiles()
        var papod = files.papod(server: Self.configuration())
        papod.server.directSend = true
        try await TestServer.withServer(papod: papod) { server in
            let ana = try await TLSDoorTests.connectTLS(server).client
            let bob = try await TLSDoorTests.connectTLS(server).client
            try await ana.sendLine("/nick ana")
            try await bob.sendLine("/nick bob")
            try await ana.waitForLine { $0.hasSuffix(" is now known as bob") }
            let (before, after) = try await Self.writes(of: server) {
                for index in 0..<10 {
                    try await bob.sendLine("secret \(index)")
                    try await ana.waitForLine("<bob> secret \(index)")
                }
            }
            #expect(after.direct == before.direct)
            #expect(after.pipeline >= before.pipeline + 10)
        }
    }

    // Floods a paused client with megabytes of lines.
    @Test("a paused reader's lines queue behind its full socket, arrive whole and in order, then go straight again")
    func pausedReaderKeepsOrder() async throws {
        try await TestServer.withServer(configuration: Self.configuration()) { server in
            let paused = try await server.connect(as: "paused")
            let watcher = try await server.connect(as: "watcher")
            let (sender, senderNick) = try await server.connectWelcomed()
            try await paused.waitForLine { $0.hasSuffix(" joined #lobby") }
            try await paused.channel.setOption(ChannelOptions.autoRead, value: false).get()
            let before = await Self.writes(of: server)
            // 60 KB at a time until papod has had to hand some to NIO for the paused client.
            let payload = String(repeating: "x", count: 1500)
            var sent = 0
            var pipeline = before.pipeline
            while pipeline == before.pipeline && sent < 200 * 40 {
                let text = (sent..<(sent + 40)).map { "\($0) \(payload)" }.joined(separator: "\n")
                try await sender.sendFrame(text)
                sent += 40
                try await watcher.waitForLine { $0.hasPrefix("<\(senderNick)> \(sent - 1) ") }
                pipeline = await Self.writes(of: server).pipeline
            }
            #expect(pipeline > before.pipeline)

            // Lines keep coming while the paused client catches up: none may overtake what
            // NIO still holds for it.
            try await paused.channel.setOption(ChannelOptions.autoRead, value: true).get()
            for index in 0..<200 {
                try await sender.sendFrame("during \(index)")
            }
            try await paused.waitForLine("<\(senderNick)> during 199")
            let expected = (0..<sent).map { "<\(senderNick)> \($0) \(payload)" } + (0..<200).map { "<\(senderNick)> during \($0)" }
            let received = paused.receivedLines.filter { $0.hasPrefix("<\(senderNick)> ") }
            #expect(received.count == expected.count)
            // (Where they first differ, rather than thousands of 1.5 KB lines.)
            #expect(zip(received, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset == nil)

            // NIO has written everything it held: the next lines go straight to the socket.
            let (drained, after) = try await Self.writes(of: server) {
                for index in 0..<5 {
                    try await sender.sendFrame("after \(index)")
                    try await paused.waitForLine("<\(senderNick)> after \(index)")
                }
            }
            #expect(after.pipeline == drained.pipeline)
            #expect(after.direct >= drained.direct + 5)
        }
    }

    @Test("a client taking over a departed client's socket number never gets that client's lines")
    func reusedSocketGetsNothingOfTheOld() async throws {
        try await TestServer.withServer(configuration: Self.configuration()) { server in
            let talker = try await server.connect(as: "talker")
            let listener = try await server.connect(as: "listener")
            try await talker.sendLine("/join #busy")
            try await listener.sendLine("/join #busy")
            try await talker.waitForLine("-!- listener joined #busy")
            var newcomers: [LineClient] = []
            for round in 0..<20 {
                let leaver = try await server.connect(as: "leaver\(round)")
                try await leaver.sendLine("/join #busy")
                try await talker.waitForLine("-!- leaver\(round) joined #busy")
                // Lines for the leaver are being decided and written while it goes, and the
                // next connection most likely gets the socket number it had.
                let burst = (0..<50).map { "busy \(round).\($0)" }.joined(separator: "\n")
                try await talker.sendRaw(burst + "\n")
                await leaver.close()
                let newcomer = try await server.connectWelcomed().client
                newcomers.append(newcomer)
                try await listener.waitForLine("<talker> busy \(round).49")
            }
            // Every newcomer is in #lobby: a line from #busy would be another client's.
            for newcomer in newcomers {
                try await newcomer.sendLine("/rooms")
                try await newcomer.waitForLine("-!- 2 rooms:")
                #expect(!newcomer.receivedLines.contains { $0.contains("<talker>") })
            }
        }
    }
}
