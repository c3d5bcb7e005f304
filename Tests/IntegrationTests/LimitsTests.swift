import Foundation
import NIOCore
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Each limit refuses what it must, and everyone else chats on undisturbed.
@Suite("Limits over real sockets")
struct LimitsTests {
    static func configuration(_ change: (inout ServerConfiguration) -> Void) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.tickInterval = .milliseconds(20)
        change(&configuration)
        return configuration
    }

    @Test("a flooder gets a notice, then is disconnected after the grace period; others chat on")
    func flood() async throws {
        let clock = TestClock()
        let configuration = Self.clocked(clock) {
            $0.chat.flood = FloodBucket.Limits(burst: 3, rate: 2, grace: 1.5)
        }
        try await TestServer.withServer(configuration: configuration) { server in
            let ana = try await server.connect(as: "ana")
            let bob = try await server.connect(as: "bob")
            // Framed: each frame's lines are taken at once, so a line of it that others see
            // shows that the whole frame has been judged, refused lines included.
            let (flooder, nick) = try await server.connectWelcomed()
            // Three lines pass, the fourth is refused with a notice, the rest silently.
            try await flooder.sendFrame((0..<6).map { "spam \($0)" }.joined(separator: "\n"))
            try await flooder.waitForLine(
                "-!- error: you are sending too fast (at most 2 lines a second); lines are being dropped")
            try await ana.waitForLine("<\(nick)> spam 2")
            // Still flooding within the grace: one line passes (1.8 lines refilled), one is refused.
            clock.advance(by: 0.9)
            try await flooder.sendFrame("spam 6\nspam 7")
            try await ana.waitForLine("<\(nick)> spam 6")
            // Past the grace, never a second without refusals: two pass, and the third closes it.
            clock.advance(by: 0.9)
            try await flooder.sendFrame("spam 8\nspam 9\nspam 10")
            #expect(try await flooder.waitForClose().last == "-!- error: disconnected for flooding")
            // One notice a second at most, not one per dropped line.
            #expect(flooder.receivedLines.filter { $0.hasPrefix("-!- error: you are sending too fast") }.count == 1)
            try await ana.waitForLine("-!- \(nick) left (flooding)")
            let seen = ana.receivedLines.filter { $0.hasPrefix("<\(nick)> ") }
            #expect(seen == ["spam 0", "spam 1", "spam 2", "spam 6", "spam 8", "spam 9"].map { "<\(nick)> \($0)" })
            try await bob.sendLine("calm again")
            try await ana.waitForLine("<bob> calm again")
        }
    }

    @Test("a client that stops reading is closed as a slow consumer; readers get every line")
    func slowReader() async throws {
        let configuration = Self.configuration {
            $0.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
            $0.connectionLimits.sendQueueBytes = 256 * 1024
        }
        try await TestServer.withServer(configuration: configuration) { server in
            let reader = try await server.connect(as: "reader")
            let stalled = try StalledSocket(port: server.port)
            defer { stalled.close() }
            try await reader.waitForLine { $0.hasSuffix(" joined #lobby") }
            // A framed connection: its first bytes are a frame header.
            let (senderNick, count) = try await Self.sendPastSocketBuffers(on: server, readBy: reader)
            #expect(reader.receivedLines.contains { $0.hasSuffix(" left (send queue exceeded)") })
            let received = reader.receivedLines.filter { $0.hasPrefix("<\(senderNick)> ") }
            #expect(received.count == count)
            #expect(received.enumerated().allSatisfy { index, line in line.hasPrefix("<\(senderNick)> \(index) ") })
        }
    }

    @Test("the operator's clients shows the bytes queued for a client that stopped reading")
    func queuedBytesOfAStalledClient() async throws {
        let configuration = Self.configuration {
            $0.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
            $0.connectionLimits.sendQueueBytes = 64 * 1024 * 1024
        }
        try await TestServer.withServer(configuration: configuration) { server in
            let reader = try await server.connect(as: "reader")
            let stalled = try StalledSocket(port: server.port)
            defer { stalled.close() }
            try await reader.waitForLine { $0.hasSuffix(" is now known as stalled") }
            // A framed connection: its first bytes are a frame header.
            let (sender, senderNick) = try await server.connectWelcomed()
            let payload = String(repeating: "x", count: 1500)
            // Lines until the kernel's buffers are full and the rest waits in papod.
            var stalledQueued = 0
            for batch in 0..<400 where stalledQueued < 100_000 {
                let text = (0..<40).map { "\(batch).\($0) \(payload)" }.joined(separator: "\n")
                try await sender.sendFrame(text)
                try await reader.waitForLine { $0.hasPrefix("<\(senderNick)> \(batch).39 ") }
                stalledQueued = Self.queuedBytes(in: await server.chatServer.executeOperator("clients"))["stalled"] ?? 0
            }
            #expect(stalledQueued >= 100_000)
            let queued = Self.queuedBytes(in: await server.chatServer.executeOperator("clients"))
            #expect(queued["reader"] == 0)
        }
    }

    /// Each nick's `queuedBytes` in the operator's `clients` data.
    static func queuedBytes(in result: OperatorResult) -> [String: Int] {
        guard case .array(let rows)? = result.data else { return [:] }
        var queued: [String: Int] = [:]
        for case .object(let fields) in rows {
            if case .string(let nick)? = fields["nick"], case .number(let bytes)? = fields["queuedBytes"] {
                queued[nick] = Int(bytes)
            }
        }
        return queued
    }

    /// A server whose time moves only when the test moves it (`clock`); ticks only when the
    /// test calls `tick`.
    static func clocked(_ clock: TestClock, _ change: (inout ServerConfiguration) -> Void) -> ServerConfiguration {
        Self.configuration {
            $0.use(clock)
            change(&$0)
        }
    }

    @Test("a message left unfinished past the frame deadline closes the connection; others stay")
    func frameDeadline() async throws {
        let clock = TestClock()
        let configuration = Self.clocked(clock) { $0.connectionLimits.frameDeadline = 30 }
        try await TestServer.withServer(configuration: configuration) { server in
            let ana = try await server.connect(as: "ana")
            let slowloris = try await server.connect(as: "slow")
            try await slowloris.sendRaw("this line never end")
            // The partial line reaches papod (an answer to a later line shows its read has run).
            try await ana.sendLine("/list")
            try await ana.waitForLine { $0.hasPrefix("-!- #lobby") }
            clock.advance(by: 29)
            server.chatServer.tick()
            clock.advance(by: 2)
            server.chatServer.tick()
            #expect(try await slowloris.waitForClose().last == "-!- error: a message was left unfinished for 30s; closing")
            try await ana.waitForLine("-!- slow left (incomplete message)")

            let framed = try await server.connect()
            try await framed.sendRaw(Array(LineClient.frame("hello").prefix(40)))
            try await ana.sendLine("/list")
            try await ana.waitForLine { $0.hasPrefix("-!- #lobby") }
            clock.advance(by: 31)
            server.chatServer.tick()
            #expect(try await framed.waitForClose().last == "-!- error: a message was left unfinished for 30s; closing")
            try await ana.sendLine("/list")
            #expect(try await ana.waitForLine { $0.hasPrefix("-!- #lobby") } == "-!- #lobby (1): ana")
        }
    }

    @Test("a connection that says nothing is closed after the silent deadline; one that spoke may idle")
    func silentDeadline() async throws {
        // Time moves only when the test moves it, so a loaded machine (or ThreadSanitizer)
        // cannot make the talker's first line late.
        let clock = TestClock()
        let configuration = Self.clocked(clock) { $0.connectionLimits.silentDeadline = 60 }
        try await TestServer.withServer(configuration: configuration) { server in
            let talker = try await server.connect(as: "talker")
            let silent = try await server.connect()
            try await talker.waitForLine { $0.hasSuffix(" joined #lobby") }
            clock.advance(by: 59)
            server.chatServer.tick()
            try await talker.sendLine("/list")
            try await talker.waitForLine { $0.hasPrefix("-!- #lobby (2)") }
            clock.advance(by: 2)
            server.chatServer.tick()
            let lines = try await silent.waitForClose()
            #expect(lines.last == "-!- error: nothing received within 1m 0s of connecting; closing", "\(lines)")
            try await talker.waitForLine { $0.hasSuffix(" left (silent)") }
            // Well past the deadline, the talker still chats.
            let other = try await server.connect(as: "other")
            try await other.sendLine("still here?")
            try await talker.waitForLine("<other> still here?")
        }
    }

    @Test("connections over the per-address and total caps get one line saying why")
    func connectionCaps() async throws {
        let configuration = Self.configuration {
            $0.connectionLimits.maxConnectionsPerAddress = 2
            $0.connectionLimits.maxConnections = 3
        }
        try await TestServer.withServer(configuration: configuration) { server in
            let first = try await server.connect(as: "um", from: "127.0.0.1")
            _ = try await server.connect(as: "dois", from: "127.0.0.1")
            let third = try await server.connect(from: "127.0.0.1")
            #expect(try await third.waitForClose() == ["-!- error: too many connections from your address (limit 2)"])
            _ = try await server.connect(as: "tres", from: "127.0.0.2")
            let fourth = try await server.connect(from: "127.0.0.3")
            #expect(try await fourth.waitForClose() == ["-!- error: the server is full (3 connections); try again later"])
            try await first.sendLine("/list")
            #expect(try await first.waitForLine { $0.hasPrefix("-!- #lobby") } == "-!- #lobby (3): um dois tres")
        }
    }
}

extension LimitsTests {
    /// A new client says 5,000 lines of 1.5 KB (7.5 MB: more than every socket buffer on the
    /// way), 40 at a time (60 KB, under the frame limit), each batch once `reader` has it: the
    /// reader keeps up while a client that stopped reading only falls behind. Returns the
    /// sender's nick and the number of lines.
    static func sendPastSocketBuffers(on server: TestServer, readBy reader: LineClient) async throws -> (String, Int) {
        let (sender, senderNick) = try await server.connectWelcomed()
        let payload = String(repeating: "x", count: 1500)
        let count = 5000
        for batch in stride(from: 0, to: count, by: 40) {
            let text = (batch..<(batch + 40)).map { "\($0) \(payload)" }.joined(separator: "\n")
            try await sender.sendFrame(text)
            try await reader.waitForLine { $0.hasPrefix("<\(senderNick)> \(batch + 39) ") }
        }
        return (senderNick, count)
    }
}

/// A TCP client that connects and never reads, with a small receive buffer.
final class StalledSocket: Sendable {
    let descriptor: Int32

    /// It sends `opening` (by default a line, for the assignment's door) and never reads.
    init(port: Int, opening: [UInt8] = Array("/nick stalled\n".utf8)) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var size: Int32 = 4096
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw TimeoutError(what: "a stalled connection") }
        self.descriptor = descriptor
        // It must not be closed as silent: it says something, then never reads again.
        _ = opening.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    func close() {
        Glibc.close(self.descriptor)
    }
}
