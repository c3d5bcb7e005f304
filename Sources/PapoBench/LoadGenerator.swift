import NIOCore
import NIOPosix
import PapoBenchCore

/// papo-bench's engine: opens the clients, has them join their rooms, waits out the warm-up,
/// sends for the duration, drains, and reports.
///
/// Every client runs on one event loop, like chatload's single epoll thread: the run's state
/// (who has seen what, each sender's window) is then touched by one thread only, with no lock,
/// no `Task` and no actor hop per message, and the other core stays with the server.
public enum LoadGenerator {
    /// Runs the load described by `options` against the server it names, and reports.
    /// With no `eventLoopGroup`, one of one thread is made for the run and shut down after it.
    public static func run(
        options: LoadOptions, eventLoopGroup: (any EventLoopGroup)? = nil
    ) async throws -> LoadReport {
        try Self.validate(options)
        let tls = try options.usesTLS ? LoadTLS(options: options) : nil
        let addresses = try options.ports.map { try SocketAddress.makeAddressResolvingHost(options.host, port: $0) }
        let group: any EventLoopGroup
        let ownGroup: MultiThreadedEventLoopGroup?
        if let eventLoopGroup {
            group = eventLoopGroup
            ownGroup = nil
        } else {
            let made = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            group = made
            ownGroup = made
        }
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: LoadReport.self)
        eventLoop.execute {
            LoadRun(options: options, addresses: addresses, tls: tls, eventLoop: eventLoop, promise: promise).start()
        }
        let result = await Result(catching: { try await promise.futureResult.get() })
        if let ownGroup {
            try await ownGroup.shutdownGracefully()
        }
        return try result.get()
    }

    /// Checks every option, `--tls-fingerprint`'s text included, naming the first that is wrong;
    /// every `--server-pid` must name a process whose CPU time can be read.
    public static func validate(_ options: LoadOptions) throws(LoadOptionsError) {
        try options.validate()
        _ = try LoadTLS.pinnedFingerprint(options)
        for id in options.serverProcessIDs where ProcessResources.cpuSeconds(ofProcess: id) == nil {
            throw LoadOptionsError("--server-pid \(id): no such process (or no /proc/\(id)/stat to read)")
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
