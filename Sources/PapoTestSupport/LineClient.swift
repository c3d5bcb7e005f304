import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A test client over a real TCP socket that collects the server's lines.
///
/// It sends in either framing: `sendLine` as netcat would, `sendFrame` as the assignment's
/// client does (64-byte length header, then the payload), `sendRaw` for anything else.
public final class LineClient: Sendable {
    public let channel: any Channel
    private let inbox: Inbox

    public static let defaultTimeout: Duration = .seconds(20)

    public static func connect(
        to port: Int,
        host: String = "127.0.0.1",
        from localHost: String? = nil,
        tls: NIOSSLContext? = nil,
        serverHostname: String? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> LineClient {
        let inbox = Inbox()
        var bootstrap = ClientBootstrap(group: group)
        if let localHost {
            // Another loopback source address (127.0.0.2, …) looks like another machine to the server.
            bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: localHost, port: 0))
        }
        let channel = try await bootstrap
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        // Through TLS: the handshake first, then the same lines.
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(LineCollector(inbox: inbox))
                }
            }
            .connect(host: host, port: port).get()
        return LineClient(channel: channel, inbox: inbox)
    }

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    // MARK: Sending

    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    public func sendRaw(_ text: String) async throws {
        try await self.sendRaw(Array(text.utf8))
    }

    /// One line, `\n`-terminated (or `\r\n`).
    public func sendLine(_ text: String, crlf: Bool = false) async throws {
        try await self.sendRaw(text + (crlf ? "\r\n" : "\n"))
    }

    /// One frame of the assignment's protocol.
    public func sendFrame(_ payload: String) async throws {
        try await self.sendRaw(Self.frame(payload))
    }

    /// What the assignment's client sends for one typed message.
    public func sendSeedMessage(name: String, _ message: String) async throws {
        try await self.sendFrame("\n\(name) enviou: \(message)\nDigite sua mensagem:")
    }

    public static func frame(_ payload: String) -> [UInt8] {
        let body = Array(payload.utf8)
        let header = Array(String(body.count).utf8)
        return header + Array(repeating: UInt8(ascii: " "), count: 64 - header.count) + body
    }

    public func close() async {
        try? await self.channel.close()
    }

    // MARK: Receiving

    /// The next line from the server, in order.
    public func nextLine(timeout: Duration = LineClient.defaultTimeout) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch self.inbox.pop() {
            case .line(let line):
                return line
            case .closed:
                throw ConnectionClosedError(received: self.inbox.history())
            case .empty:
                guard ContinuousClock.now < deadline else {
                    throw TimeoutError(what: "a line (received so far: \(Self.summary(self.inbox.history())))")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Skips lines until one satisfies `predicate`, and returns it.
    @discardableResult
    public func waitForLine(
        timeout: Duration = LineClient.defaultTimeout,
        where predicate: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let line = try await self.nextLine(timeout: deadline - ContinuousClock.now)
            if predicate(line) { return line }
        }
    }

    /// Skips lines until one equals `expected`.
    @discardableResult
    public func waitForLine(_ expected: String, timeout: Duration = LineClient.defaultTimeout) async throws -> String {
        try await self.waitForLine(timeout: timeout) { $0 == expected }
    }

    /// Reads lines until the server closes the connection; returns the lines read.
    @discardableResult
    public func waitForClose(timeout: Duration = LineClient.defaultTimeout) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var lines: [String] = []
        while true {
            switch self.inbox.pop() {
            case .line(let line):
                lines.append(line)
            case .closed:
                return lines
            case .empty:
                guard ContinuousClock.now < deadline else {
                    throw TimeoutError(what: "the server to close the connection (read: \(Self.summary(lines)))")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Every line received so far, including ones already read.
    public var receivedLines: [String] { self.inbox.history() }
}

public struct ConnectionClosedError: Error, CustomStringConvertible {
    public let received: [String]
    public var description: String {
        "the server closed the connection (received: \(LineClient.summary(self.received)))"
    }
}

extension LineClient {
    /// The last few lines, each shortened, for error messages that stay readable.
    static func summary(_ lines: [String]) -> String {
        let shown = lines.suffix(10).map { $0.count > 120 ? $0.prefix(120) + "…" : Substring($0) }
        return (lines.count > 10 ? "\(lines.count - 10) earlier lines, then " : "") + "\(shown)"
    }
}

/// Lines received on the event loop, read from the test's task.
final class Inbox: Sendable {
    enum Next {
        case line(String)
        case empty
        case closed
    }

    private struct State {
        var unread: [String] = []
        var readIndex = 0
        var all: [String] = []
        var isClosed = false
    }

    private let state = NIOLockedValueBox(State())

    func push(_ line: String) {
        self.state.withLockedValue {
            $0.unread.append(line)
            $0.all.append(line)
        }
    }

    func close() {
        self.state.withLockedValue { $0.isClosed = true }
    }

    func pop() -> Next {
        self.state.withLockedValue { state in
            if state.readIndex < state.unread.count {
                defer { state.readIndex += 1 }
                return .line(state.unread[state.readIndex])
            }
            return state.isClosed ? .closed : .empty
        }
    }

    func history() -> [String] {
        self.state.withLockedValue { $0.all }
    }
}

/// Splits the server's bytes into lines (`\n`, with an optional `\r` dropped).
final class LineCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let inbox: Inbox
    private var pending: [UInt8] = []

    init(inbox: Inbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                if self.pending.last == UInt8(ascii: "\r") { self.pending.removeLast() }
                self.inbox.push(String(decoding: self.pending, as: UTF8.self))
                self.pending.removeAll(keepingCapacity: true)
            } else {
                self.pending.append(byte)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.inbox.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension LineCollector: Sendable {}
