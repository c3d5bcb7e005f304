import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A test client for papod's browser door over a real socket: the HTTP upgrade, masked frames
/// out (well-formed or deliberately not), and the server's text messages and close frame in.
/// It speaks the wire by hand so that tests can send what no browser would.
public final class WebSocketClient: Sendable {
    public let channel: any Channel
    private let inbox: Inbox
    /// The code of the close frame the server sent, if it sent one.
    private let closeCode: NIOLockedValueBox<UInt16?>

    /// The upgrade was refused: the server's status line and body.
    public struct RefusedError: Error, CustomStringConvertible {
        public let response: String
        public var description: String { "the WebSocket upgrade was refused: \(self.response)" }
    }

    /// Connects and upgrades `path`; `origin` is sent as a browser would (nil sends none), and
    /// `headers` (`Accept-Language: pt-BR`) after it.
    public static func connect(
        to port: Int, path: String = "/ws", origin: String? = nil, hostHeader: String? = nil, headers: [String] = [],
        tls: NIOSSLContext? = nil, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> WebSocketClient {
        let inbox = Inbox()
        let closeCode = NIOLockedValueBox<UInt16?>(nil)
        let upgraded = group.any().makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        WebSocketReader(inbox: inbox, closeCode: closeCode, upgraded: upgraded), name: "reader")
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var request = "GET \(path) HTTP/1.1\r\nHost: \(hostHeader ?? "127.0.0.1:\(port)")\r\n"
        request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        if let origin { request += "Origin: \(origin)\r\n" }
        for header in headers { request += header + "\r\n" }
        request += "\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        try await withTimeout(LineClient.defaultTimeout, waitingFor: "the WebSocket upgrade") {
            try await upgraded.futureResult.get()
        }
        return WebSocketClient(channel: channel, inbox: inbox, closeCode: closeCode)
    }

    private init(channel: any Channel, inbox: Inbox, closeCode: NIOLockedValueBox<UInt16?>) {
        self.channel = channel
        self.inbox = inbox
        self.closeCode = closeCode
    }

    // MARK: Sending

    /// One final, masked text frame.
    public func send(_ text: String) async throws {
        try await self.sendFrame(opcode: 0x1, payload: Array(text.utf8))
    }

    /// One masked frame of any opcode, final or not, with any payload (valid or not).
    public func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true) async throws {
        try await self.sendRaw(Self.frame(opcode: opcode, payload: payload, fin: fin))
    }

    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// A client frame: masked, as RFC 6455 requires of clients.
    public static func frame(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        switch payload.count {
        case 0...125:
            bytes.append(0x80 | UInt8(payload.count))
        case 126...0xFFFF:
            bytes.append(0x80 | 126)
            bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            bytes.append(0x80 | 127)
            bytes += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        bytes += mask
        bytes += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return bytes
    }

    public func close() async {
        try? await self.channel.close()
    }

    // MARK: Receiving

    /// The next text message from the server.
    public func nextMessage(timeout: Duration = LineClient.defaultTimeout) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch self.inbox.pop() {
            case .line(let message):
                return message
            case .closed:
                throw ConnectionClosedError(received: self.inbox.history())
            case .empty:
                guard ContinuousClock.now < deadline else {
                    throw TimeoutError(what: "a message (received so far: \(LineClient.summary(self.inbox.history())))")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Skips messages until one satisfies `predicate`, and returns it.
    @discardableResult
    public func waitForMessage(
        timeout: Duration = LineClient.defaultTimeout, where predicate: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let message = try await self.nextMessage(timeout: deadline - ContinuousClock.now)
            if predicate(message) { return message }
        }
    }

    /// Reads until the socket closes; returns the messages read and the close frame's code, if
    /// the server sent one.
    public func waitForClose(timeout: Duration = LineClient.defaultTimeout) async throws -> (messages: [String], closeCode: UInt16?) {
        let deadline = ContinuousClock.now + timeout
        var messages: [String] = []
        while true {
            switch self.inbox.pop() {
            case .line(let message):
                messages.append(message)
            case .closed:
                return (messages, self.closeCode.withLockedValue { $0 })
            case .empty:
                guard ContinuousClock.now < deadline else {
                    throw TimeoutError(what: "the server to close (read: \(LineClient.summary(messages)))")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Every message received so far.
    public var receivedMessages: [String] { self.inbox.history() }
}

/// Reads the upgrade response, then server frames (unmasked): text payloads go to the inbox.
final class WebSocketReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let inbox: Inbox
    private let closeCode: NIOLockedValueBox<UInt16?>
    private var upgraded: EventLoopPromise<Void>?
    private var buffer = ByteBuffer()

    init(inbox: Inbox, closeCode: NIOLockedValueBox<UInt16?>, upgraded: EventLoopPromise<Void>) {
        self.inbox = inbox
        self.closeCode = closeCode
        self.upgraded = upgraded
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = Self.unwrapInboundIn(data)
        self.buffer.writeBuffer(&incoming)
        if let upgraded = self.upgraded {
            let view = self.buffer.readableBytesView
            guard let end = view.firstRange(of: [13, 10, 13, 10]) else { return }
            let head = String(decoding: view[view.startIndex..<end.upperBound], as: UTF8.self)
            self.buffer.moveReaderIndex(to: end.upperBound)
            self.upgraded = nil
            guard head.hasPrefix("HTTP/1.1 101") else {
                let body = String(decoding: self.buffer.readableBytesView, as: UTF8.self)
                upgraded.fail(WebSocketClient.RefusedError(response: head.split(separator: "\r\n").first.map(String.init) ?? head + body))
                context.close(promise: nil)
                return
            }
            upgraded.succeed()
        }
        while let (opcode, payload) = self.nextFrame() {
            switch opcode {
            case 0x1:
                self.inbox.push(String(decoding: payload, as: UTF8.self))
            case 0x8:
                let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
                self.closeCode.withLockedValue { $0 = code }
            default:
                break
            }
        }
    }

    private func nextFrame() -> (UInt8, [UInt8])? {
        let bytes = Array(self.buffer.readableBytesView.prefix(10))
        guard bytes.count >= 2 else { return nil }
        var length = Int(bytes[1] & 0x7F)
        var headerLength = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            headerLength = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
            headerLength = 10
        }
        guard self.buffer.readableBytes >= headerLength + length else { return nil }
        self.buffer.moveReaderIndex(forwardBy: headerLength)
        let payload = self.buffer.readBytes(length: length) ?? []
        return (bytes[0] & 0x0F, payload)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.upgraded?.fail(ConnectionClosedError(received: []))
        self.upgraded = nil
        self.inbox.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension WebSocketReader: Sendable {}
