import Foundation
import NIOCore
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// papod writes each batch straight to the client's socket while NIO holds nothing for it,
/// and through NIO behind whatever a full socket did not take.
@Suite("Writes over real sockets")
struct DirectWriteTests {
    /// Flood control off and a large send queue; batches through io_uring or one `send` each.
    static func configuration(batchingSends: Bool = true) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
        configuration.connectionLimits.sendQueueBytes = 64 * 1024 * 1024
        configuration.batchesSends = batchingSends
        return configuration
    }

    /// Whether this system gives papod an io_uring for batched sends.
    static let systemHasRing = SendBatching.isAvailable

    /// The operator's write counts: straight to the socket, queued behind a full one, and the
    /// system calls that carried batches.
    static func writes(of server: TestServer) async -> (direct: Int, queued: Int, batches: Int) {
        let data = await server.chatServer.executeOperator("stats").data
        guard case .object(let fields)? = data, case .number(let direct)? = fields["writesDirect"],
            case .number(let queued)? = fields["writesQueued"], case .number(let batches)? = fields["sendBatches"]
        else { return (-1, -1, -1) }
        return (Int(direct), Int(queued), Int(batches))
    }

    @Test("a client that keeps up is written straight to its socket")
    func keepingUpIsDirect() async throws {
        try await TestServer.withServer(configuration: Self.configuration()) { server in
            let ana = try await server.connect(as: "ana")
            let bob = try await server.connect(as: "bob")
            let before = await Self.writes(of: server)
            for index in 0..<20 {
                try await bob.sendLine("line \(index)")
                try await ana.waitForLine("<bob> line \(index)")
            }
            let after = await Self.writes(of: server)
            #expect(after.direct >= before.direct + 20)
            #expect(after.queued == before.queued)
        }
    }

    // One case at a time: each floods a paused client with megabytes, and two at once miss
    // their line deadlines under ThreadSanitizer.
    @Test(
        "a paused reader's lines queue behind its full socket, arrive whole and in order, then go straight again",
        .serialized, arguments: [true, false])
    func pausedReaderKeepsOrder(batchingSends: Bool) async throws {
        try await TestServer.withServer(configuration: Self.configuration(batchingSends: batchingSends)) { server in
            let paused = try await server.connect(as: "paused")
            let watcher = try await server.connect(as: "watcher")
            let (sender, senderNick) = try await server.connectWelcomed()
            try await paused.waitForLine { $0.hasSuffix(" joined #lobby") }
            try await paused.channel.setOption(ChannelOptions.autoRead, value: false).get()
            let before = await Self.writes(of: server)
            // 60 KB at a time until papod has had to queue some for the paused client.
            let payload = String(repeating: "x", count: 1500)
            var sent = 0
            var queued = before.queued
            while queued == before.queued && sent < 200 * 40 {
                let text = (sent..<(sent + 40)).map { "\($0) \(payload)" }.joined(separator: "\n")
                try await sender.sendFrame(text)
                sent += 40
                try await watcher.waitForLine { $0.hasPrefix("<\(senderNick)> \(sent - 1) ") }
                queued = await Self.writes(of: server).queued
            }
            #expect(queued > before.queued)

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
            let drained = await Self.writes(of: server)
            for index in 0..<5 {
                try await sender.sendFrame("after \(index)")
                try await paused.waitForLine("<\(senderNick)> after \(index)")
            }
            let after = await Self.writes(of: server)
            #expect(after.queued == drained.queued)
            #expect(after.direct >= drained.direct + 5)
            // Each line went to two clients: in one system call where batching is on.
            if batchingSends && Self.systemHasRing {
                #expect(after.batches >= drained.batches + 5)
            } else {
                #expect(after.batches == 0)
            }
        }
    }

    @Test("a client taking over a departed client's socket number never gets that client's lines", arguments: [true, false])
    func reusedSocketGetsNothingOfTheOld(batchingSends: Bool) async throws {
        try await TestServer.withServer(configuration: Self.configuration(batchingSends: batchingSends)) { server in
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
