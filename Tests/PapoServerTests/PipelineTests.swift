import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOTestUtils
import PapoCore
import Testing

@testable import PapoServer

/// The real handlers in EmbeddedChannels: bytes in, bytes out, no sockets.
@Suite("Connection pipeline")
struct PipelineTests {
    let server = ChatServer(
        configuration: ServerConfiguration(
            limits: FramingLimits(maxFrameBytes: 100, maxLineBytes: 50),
            now: { Date(timeIntervalSince1970: 1_800_000_000) }),
        logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))

    /// A connected channel with papod's pipeline, its welcome already read.
    func connectedChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: self.server))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).wait()
        _ = try self.output(channel)
        return channel
    }

    /// Everything written to `channel` since the last call, as one string.
    func output(_ channel: EmbeddedChannel) throws -> String {
        channel.embeddedEventLoop.run()
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    @Test("replies end in CRLF for a client whose lines do, LF otherwise")
    func lineEndingsFollowTheClient() throws {
        let telnet = try self.connectedChannel()
        let netcat = try self.connectedChannel()
        _ = try self.output(telnet)
        try telnet.writeInbound(ByteBuffer(string: "/nick tel\r\n"))
        #expect(try self.output(telnet) == "-!- you are now known as tel\r\n")
        #expect(try self.output(netcat) == "-!- guest-1 is now known as tel\n")
        try netcat.writeInbound(ByteBuffer(string: "hi\n"))
        #expect(try self.output(telnet) == "<guest-2> hi\r\n")
        _ = try telnet.finish()
        _ = try netcat.finish()
    }

    /// Connections on one loop, so that one drain carries everything they are sent; each named
    /// with its own line ending (in the order given), its earlier output already read.
    func channelsOnOneLoop(_ endings: KeyValuePairs<String, String>, firstPort: Int) throws -> (
        EmbeddedEventLoop, [EmbeddedChannel]
    ) {
        let loop = EmbeddedEventLoop()
        var channels: [EmbeddedChannel] = []
        for (index, (nick, ending)) in endings.enumerated() {
            let channel = EmbeddedChannel(loop: loop)
            try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: self.server))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: firstPort + index)).wait()
            try channel.writeInbound(ByteBuffer(string: "/nick \(nick)\(ending)"))
            channels.append(channel)
        }
        loop.run()
        for channel in channels { _ = try self.output(channel) }
        return (loop, channels)
    }

    @Test("lines decided before one drain reach each member in order, runs to the same members and not")
    func oneDrainKeepsEveryMembersOrder() throws {
        let (loop, channels) = try self.channelsOnOneLoop(["ana": "\n", "bob": "\n", "cris": "\n"], firstPort: 40_100)
        let (ana, bob, cris) = (channels[0], channels[1], channels[2])
        // ana's burst, bob's line between, ana again, cris leaves, ana once more: all decided
        // before the loop runs its drain.
        try ana.writeInbound(ByteBuffer(string: "1\n2\n3\n"))
        try bob.writeInbound(ByteBuffer(string: "x\n"))
        try ana.writeInbound(ByteBuffer(string: "4\n"))
        try cris.writeInbound(ByteBuffer(string: "/quit\n"))
        try ana.writeInbound(ByteBuffer(string: "5\n"))
        loop.run()
        #expect(try self.output(bob) == "<ana> 1\n<ana> 2\n<ana> 3\n<ana> 4\n-!- cris left (quit)\n<ana> 5\n")
        #expect(try self.output(ana) == "<bob> x\n-!- cris left (quit)\n")
        let crisOutput = try self.output(cris)
        #expect(crisOutput.hasPrefix("<ana> 1\n<ana> 2\n<ana> 3\n<bob> x\n<ana> 4\n"), "\(crisOutput)")
        #expect(!crisOutput.contains("<ana> 5"))
        for channel in channels { _ = try? channel.finish() }
        loop.run()
    }

    @Test("members sent the same lines in one drain are written one shared buffer; senders their own")
    func sameLinesShareOneBuffer() throws {
        let (loop, channels) = try self.channelsOnOneLoop(
            ["ana": "\n", "bob": "\n", "cris": "\n", "dan": "\n", "eva": "\r\n"], firstPort: 40_300)
        let (ana, bob, cris, dan, eva) = (channels[0], channels[1], channels[2], channels[3], channels[4])
        try ana.writeInbound(ByteBuffer(string: "1\n"))
        try bob.writeInbound(ByteBuffer(string: "x\n"))
        try ana.writeInbound(ByteBuffer(string: "2\n"))
        loop.run()
        let crisBytes = try #require(try cris.readOutbound(as: ByteBuffer.self))
        let danBytes = try #require(try dan.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: crisBytes) == "<ana> 1\n<bob> x\n<ana> 2\n")
        #expect(crisBytes.withUnsafeReadableBytes { $0.baseAddress } == danBytes.withUnsafeReadableBytes { $0.baseAddress })
        #expect(try self.output(eva) == "<ana> 1\r\n<bob> x\r\n<ana> 2\r\n")
        #expect(try self.output(ana) == "<bob> x\n")
        #expect(try self.output(bob) == "<ana> 1\n<ana> 2\n")
        #expect(try self.output(cris) == "")
        for channel in channels { _ = try? channel.finish() }
        loop.run()
    }

    @Test("a burst reaches LF and CRLF members in one drain, each line with the member's own ending")
    func burstKeepsEachMembersLineEnding() throws {
        let (loop, channels) = try self.channelsOnOneLoop(["ana": "\n", "bob": "\r\n", "cris": "\n"], firstPort: 40_200)
        let (ana, bob, cris) = (channels[0], channels[1], channels[2])
        // Twice: the first burst is each member's whole batch, the second follows bob's line.
        try ana.writeInbound(ByteBuffer(string: "1\n2\n3\n"))
        loop.run()
        #expect(try self.output(bob) == "<ana> 1\r\n<ana> 2\r\n<ana> 3\r\n")
        #expect(try self.output(cris) == "<ana> 1\n<ana> 2\n<ana> 3\n")
        try bob.writeInbound(ByteBuffer(string: "x\r\n"))
        try ana.writeInbound(ByteBuffer(string: "4\n5\n"))
        loop.run()
        #expect(try self.output(bob) == "<ana> 4\r\n<ana> 5\r\n")
        #expect(try self.output(cris) == "<bob> x\n<ana> 4\n<ana> 5\n")
        #expect(try self.output(ana) == "<bob> x\n")
        for channel in channels { _ = try? channel.finish() }
        loop.run()
    }

    @Test("a quiescing door makes each connection say goodbye, and newcomers are refused")
    func quiescingSaysGoodbye() throws {
        let first = try self.connectedChannel()
        let second = try self.connectedChannel()
        _ = try self.output(first)
        // What NIOExtras' ServerQuiescingHelper sends every child channel of a closing door.
        first.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(try self.output(first).contains("is shutting down. Goodbye!"))
        // Everyone is leaving: the others are not told of each departure.
        #expect(try self.output(second) == "")
        second.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(try self.output(second).contains("is shutting down. Goodbye!"))
        let late = EmbeddedChannel()
        try late.pipeline.syncOperations.addHandler(ConnectionHandler(server: self.server))
        try late.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_001)).wait()
        let lateOutput = try self.output(late)
        #expect(lateOutput.contains("is shutting down"), "\(lateOutput)")
        #expect(self.server.snapshot.clients.isEmpty)
        for channel in [first, second, late] {
            _ = try? channel.finish()
        }
    }

    @Test("a frame delivered one byte at a time arrives as one message", arguments: [1, 3, 63, 64, 65])
    func framesSplitAnywhere(chunkSize: Int) throws {
        let sender = try self.connectedChannel()
        let listener = try self.connectedChannel()
        _ = try self.output(sender)
        let bytes = Array(String(11).utf8) + Array(repeating: UInt8(ascii: " "), count: 62) + Array("hello world".utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            try sender.writeInbound(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
        }
        #expect(try self.output(listener) == "<guest-1> hello world\n")
        _ = try sender.finish()
        _ = try listener.finish()
    }

    @Test("a framing error sends one error line and closes the connection")
    func framingErrorCloses() throws {
        let watcher = try self.connectedChannel()
        let offender = try self.connectedChannel()
        _ = try self.output(watcher)
        // The connection handler answers the decoder's error itself; it does not go further.
        try offender.writeInbound(ByteBuffer(string: String(repeating: "z", count: 60) + "\n"))
        #expect(try self.output(offender) == "-!- error: line exceeds the limit of 50 bytes\n")
        #expect(!offender.isActive)
        #expect(try self.output(watcher) == "-!- guest-2 left (protocol error)\n")
        #expect(self.server.snapshot.clients.count == 1)
        _ = try watcher.finish()
    }

    @Test("a connection that ends mid-frame leaves once and disturbs nobody")
    func closeMidFrame() throws {
        let watcher = try self.connectedChannel()
        let leaver = try self.connectedChannel()
        _ = try self.output(watcher)
        try leaver.writeInbound(ByteBuffer(string: "20" + String(repeating: " ", count: 62) + "partial"))
        _ = try leaver.finish()
        #expect(try self.output(watcher) == "-!- guest-2 left (connection closed)\n")
        #expect(self.server.snapshot.clients.count == 1)
        _ = try watcher.finish()
    }

    @Test("the frame decoder gives the same messages however its input is split")
    func decoderVerifier() throws {
        let frame: (String) -> ByteBuffer = { payload in
            let body = Array(payload.utf8)
            let header = Array(String(body.count).utf8)
            return ByteBuffer(bytes: header + Array(repeating: UInt8(ascii: " "), count: 64 - header.count) + body)
        }
        var framed = frame("um")
        var second = frame("dois\ntrês")
        framed.writeBuffer(&second)
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (framed, [.frame("um"), .frame("dois\ntrês")]),
            ],
            decoderFactory: { FrameDecoder() })
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (ByteBuffer(string: "oi\r\n/list\n"), [.line("oi", .crlf), .line("/list", .lf)]),
            ],
            decoderFactory: { FrameDecoder() })
    }
}
