import Logging
import NIOCore
import NIOPosix
import PapoServer
import ServiceLifecycle

/// papod's chat service running in-process on 127.0.0.1 and a free port, for one test.
public struct TestServer: Sendable {
    public let port: Int
    public let chatServer: ChatServer
    public let group: any EventLoopGroup

    /// Runs `body` against a fresh server, then shuts the server down gracefully and waits for it.
    public static func withServer<T: Sendable>(
        configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let logger = Logger(label: "papod-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let (addresses, addressSink) = AsyncStream<SocketAddress>.makeStream()
        let service = ChatServerService(
            configuration: configuration, eventLoopGroup: group, logger: logger,
            onServerRunning: { address in
                addressSink.yield(address)
                addressSink.finish()
            })
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: service)], logger: logger))

        let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do {
                    try await serviceGroup.run()
                } catch {
                    addressSink.finish()
                }
            }
            var iterator = addresses.makeAsyncIterator()
            let result: Result<T, any Error>
            if let port = await iterator.next()?.port {
                let server = TestServer(port: port, chatServer: service.server, group: group)
                do {
                    result = .success(try await body(server))
                } catch {
                    result = .failure(error)
                }
            } else {
                result = .failure(TimeoutError(what: "the test server to listen"))
            }
            await serviceGroup.triggerGracefulShutdown()
            await tasks.waitForAll()
            return result
        }
        try await group.shutdownGracefully()
        return try result.get()
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
