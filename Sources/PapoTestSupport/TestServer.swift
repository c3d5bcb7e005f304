import Logging
import NIOCore
import NIOPosix
import PapoApplication
import PapoServer
import ServiceLifecycle

/// papod running in-process on 127.0.0.1 and free ports, for one test: the same
/// `PapodApplication` that `papod` runs, so the store, the control socket and TLS are covered
/// without a subprocess.
public struct TestServer: Sendable {
    /// The assignment door's port.
    public let port: Int
    /// The TLS door's port, when the configuration has one.
    public let tlsPort: Int?
    /// The web door's port, when the configuration has one.
    public let webPort: Int?
    /// The web door's HTTPS port, when the configuration has a web door and TLS.
    public let webTLSPort: Int?
    /// The IRC door's ports, plain and TLS, when the configuration has them.
    public var ircPort: Int?
    public var ircTLSPort: Int?
    public let chatServer: ChatServer
    public let group: any EventLoopGroup

    /// Runs `body` against a fresh server with the chat configuration given, then shuts the
    /// server down gracefully and waits for it.
    public static func withServer<T: Sendable>(
        configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        try await self.withServer(papod: PapodConfiguration(server: configuration, threads: 2), body)
    }

    /// Runs `body` against a fresh papod built from `papod` (every door on 127.0.0.1 and port 0).
    public static func withServer<T: Sendable>(
        papod: PapodConfiguration,
        logger: Logger = Logger(label: "papod-test", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        var configuration = papod
        configuration.server.host = "127.0.0.1"
        configuration.server.port = 0
        configuration.tls?.port = 0
        configuration.web?.port = 0
        configuration.web?.securePort = 0
        configuration.irc?.port = 0
        configuration.irc?.securePort = 0
        let (servers, serverSink) = AsyncStream<RunningServer>.makeStream()
        let application = PapodApplication(configuration: configuration, logger: logger) { running in
            serverSink.yield(running)
            serverSink.finish()
        }
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: application, successTerminationBehavior: .gracefullyShutdownGroup)], logger: logger))

        let result: Result<T, any Error> = await withTaskGroup(of: (any Error)?.self) { tasks in
            tasks.addTask {
                defer { serverSink.finish() }
                do {
                    try await serviceGroup.run()
                    return nil
                } catch {
                    return error
                }
            }
            var iterator = servers.makeAsyncIterator()
            let result: Result<T, any Error>
            if let running = await iterator.next(), let port = running.addresses["assignment"]?.port {
                var server = TestServer(
                    port: port, tlsPort: running.addresses["TLS"]?.port, webPort: running.addresses["web"]?.port,
                    webTLSPort: running.addresses["web TLS"]?.port,
                    chatServer: running.chatServer,
                    group: running.group)
                server.ircPort = running.addresses["IRC"]?.port
                server.ircTLSPort = running.addresses["IRC TLS"]?.port
                do {
                    result = .success(try await body(server))
                } catch {
                    result = .failure(error)
                }
            } else {
                // The server did not start: its own error says why.
                let error = await tasks.next() ?? nil
                result = .failure(error ?? TimeoutError(what: "the test server to listen"))
            }
            await serviceGroup.triggerGracefulShutdown()
            await tasks.waitForAll()
            return result
        }
        return try result.get()
    }

    /// Returns once every event loop has twice run what was queued on it: bytes that a client
    /// has finished sending by now have been read and handled, so a test may then move its
    /// clock without racing the server to them.
    public func settle() async throws {
        for _ in 0..<2 {
            for loop in self.group.makeIterator() {
                try await loop.submit {}.get()
            }
        }
    }

    /// A new client connected to this server, from `localHost` if given (another 127.x address).
    public func connect(from localHost: String? = nil) async throws -> LineClient {
        try await LineClient.connect(to: self.port, from: localHost, group: self.group)
    }

    /// A new client that has read its welcome line, so it is in `#lobby` and knows its nick.
    public func connectWelcomed(from localHost: String? = nil) async throws -> (client: LineClient, nick: String) {
        let client = try await self.connect(from: localHost)
        let welcome = try await client.waitForLine { $0.hasPrefix("-!- Welcome to ") }
        // "-!- Welcome to papod, guest-1! You are in …"
        let afterComma = welcome.split(separator: ", ", maxSplits: 1).last ?? ""
        let nick = afterComma.split(separator: "!").first.map(String.init) ?? ""
        return (client, nick)
    }

    /// A welcomed client that has taken `nick`.
    public func connect(as nick: String, from localHost: String? = nil) async throws -> LineClient {
        let (client, _) = try await self.connectWelcomed(from: localHost)
        try await client.sendLine("/nick \(nick)")
        try await client.waitForLine("-!- you are now known as \(nick)")
        return client
    }
}
