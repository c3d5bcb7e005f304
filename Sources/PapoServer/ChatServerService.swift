import Logging
import NIOConcurrencyHelpers
import NIOCore
import PapoCore
import ServiceLifecycle

/// The chat itself as a service: the one timer for every time-based rule, and the operator's
/// `shutdown`, which ends this service and so (as papod assembles its services) the others.
///
/// The doors are services of their own; this one holds no socket.
public struct ChatServerService: Service {
    public let server: ChatServer
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    public init(server: ChatServer, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.server = server
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    public func run() async throws {
        let server = self.server
        let interval = server.configuration.tickInterval
        // One shared timer for every time-based rule, not one per connection.
        let ticker = self.eventLoopGroup.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            server.tick()
        }
        defer { ticker.cancel() }

        let stopped = self.eventLoopGroup.next().makePromise(of: Void.self)
        let stop = ShutdownWait.once { stopped.succeed() }
        server.onShutdownRequest {
            // Departures are not announced from here on; the doors then say goodbye.
            server.beginShutdown()
            stop()
        }
        defer { server.onShutdownRequest(nil) }
        await ShutdownWait.wait(for: stopped.futureResult, stop: stop)
    }
}
