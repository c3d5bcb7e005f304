import Foundation
import LineEditor
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PapoConsole
import PapoCore
import PapoServer
import PapoStore
import ServiceLifecycle

/// The whole of papod built from one `PapodConfiguration` and run as one service: the store,
/// the chat, every door, the control socket and the console. `papod` only parses its options
/// into a configuration and runs this; the tests run the same thing in-process.
public struct PapodApplication: Service {
    public let configuration: PapodConfiguration
    private let logger: Logger
    private let onRunning: @Sendable (RunningServer) async -> Void

    public init(
        configuration: PapodConfiguration, logger: Logger,
        onRunning: @escaping @Sendable (RunningServer) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onRunning = onRunning
    }

    /// Starts everything, serves until graceful shutdown (or the operator's `shutdown`), and
    /// stops everything in order. What cannot start (a taken port, a bad certificate) throws
    /// `PapodStartupError` before any client is served.
    public func run() async throws {
        var configuration = self.configuration
        if configuration.tunesAllocator { AllocatorTuning.apply() }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let directory = configuration.dataDirectory {
            try Self.createDataDirectory(directory)
        }
        if configuration.server.store == nil {
            let store: (any PersistentStore)?
            if let database = configuration.database {
                store = try await self.openPostgres(database, configuration: &configuration)
            } else if let directory = configuration.dataDirectory {
                store = self.openStore(in: directory, configuration: &configuration)
            } else {
                store = nil
            }
            if let store {
                // First in the group, so it stops last: it writes what the others left queued.
                services.append(.init(service: StoreService(store: store)))
            }
        }
        var clusterLog: PostgresChatLog?
        if let database = configuration.database, let name = database.node {
            do {
                let log = try await PostgresChatLog.open(
                    url: database.url, password: database.password, node: name, logger: self.logger)
                configuration.server.cluster = try await ClusterService.join(log, name: name)
                clusterLog = log
            } catch {
                throw PapodStartupError("cannot join the cluster on \(database.url): \(error)")
            }
        }
        let tls = try configuration.tls.map { try TLSDoorMaterial.load($0, dataDirectory: configuration.dataDirectory, logger: self.logger) }
        if let tls {
            configuration.server.tlsStatus = { tls.status() }
        } else if configuration.server.chat.moderatorPassword != nil {
            self.logger.warning(
                "moderator passwords travel in clear text: papod has no TLS door (give it --tls-cert and --tls-key, or --tls-self-signed)")
        }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads)
        do {
            try await self.serve(configuration, tls: tls, group: group, services: services, clusterLog: clusterLog)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
        self.logger.notice("papod stopped")
    }

    private func serve(
        _ configuration: PapodConfiguration, tls: TLSDoorMaterial?, group: MultiThreadedEventLoopGroup,
        services: [ServiceGroupConfiguration.ServiceConfiguration], clusterLog: PostgresChatLog?
    ) async throws {
        var services = services
        try await Self.schedule(group, as: configuration.server.loopScheduling, logger: self.logger)
        let server = ChatServer(
            configuration: configuration.server, logger: self.logger,
            eventLoopThreads: Array(group.makeIterator()).count)
        if configuration.server.directSend {
            // Each loop's io_uring now, from its own thread, rather than at its first batch.
            await server.prepareDirectSends(on: group)
        }
        services.append(
            .init(
                service: ChatServerService(server: server, eventLoopGroup: group, logger: self.logger),
                successTerminationBehavior: .gracefullyShutdownGroup))
        if let reloader = tls?.reloader {
            services.append(.init(service: reloader))
        }
        if let clusterLog, let seat = configuration.server.cluster {
            // The chat as the cluster has it, before any client of this node is served.
            do {
                try await ClusterService.catchUp(server, log: clusterLog, seat: seat, logger: self.logger)
            } catch {
                throw PapodStartupError("cannot read the cluster's chat log: \(error)")
            }
        }

        // Every door is bound before anything is served: a taken port stops papod here.
        var doors = [Door.assignment(host: configuration.server.host, port: configuration.server.port)]
        if let tls, let settings = configuration.tls {
            doors.append(.assignmentTLS(host: configuration.server.host, port: settings.port, context: tls.context))
        }
        if let web = configuration.web {
            doors.append(.web(host: configuration.server.host, port: web.port, settings: web))
            if let tls {
                doors.append(.webTLS(host: configuration.server.host, port: web.securePort, context: tls.context, settings: web))
            }
        }
        if let irc = configuration.irc {
            doors.append(.irc(host: configuration.server.host, port: irc.port))
            if let tls {
                doors.append(.ircTLS(host: configuration.server.host, port: irc.securePort, context: tls.context))
            }
        }
        var listeners: [DoorListener] = []
        do {
            for door in doors {
                listeners.append(try await DoorListener.bind(door, server: server, group: group, logger: self.logger))
            }
        } catch let error as DoorBindError {
            for listener in listeners { await listener.close() }
            throw PapodStartupError(error.description)
        }
        for listener in listeners {
            services.append(.init(service: listener, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let clusterLog, let seat = configuration.server.cluster {
            // After the doors, so it stops before them: the node's goodbye goes through the log
            // while its connections are still open.
            var cluster = ClusterService(log: clusterLog, server: server, node: seat.node, logger: self.logger)
            cluster.checkpointEntries = configuration.database?.checkpointEntries ?? ClusterService.defaultCheckpointEntries
            services.append(.init(service: cluster))
        }
        for listener in listeners where listener.door.name.hasPrefix("web") {
            self.logger.notice("\(StudentAddresses.line(for: listener))")
        }
        let tlsPorts = listeners.filter(\.door.isSecure).compactMap(\.address.port)
        tls?.servedPorts.withLockedValue { $0 = tlsPorts }
        if let port = listeners.first(where: { $0.door.name == "TLS" })?.address.port, !configuration.allowsPlaintextLogin {
            let webPort = listeners.first { $0.door.name == "web TLS" }?.address.port
            let ircPort = listeners.first { $0.door.name == "IRC TLS" }?.address.port
            server.requireTLSForLogin(port: port, webPort: webPort, ircPort: ircPort)
        }

        if let path = configuration.controlSocketPath {
            do {
                try ControlSocketService.removeStaleSocket(at: path)
            } catch {
                for listener in listeners { await listener.close() }
                throw PapodStartupError("\(error)")
            }
            services.append(
                .init(
                    service: ControlSocketService(path: path, server: server, eventLoopGroup: group, logger: self.logger),
                    successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let output = configuration.console {
            let history = HistoryStore(
                path: HistoryPolicy.defaultPath(fileName: "papod_history", environment: ProcessInfo.processInfo.environment))
            services.append(
                .init(
                    service: OperatorConsoleService(server: server, output: output, history: history),
                    successTerminationBehavior: .gracefullyShutdownGroup))
        }

        let running = RunningServer(
            chatServer: server, group: group,
            addresses: Dictionary(uniqueKeysWithValues: listeners.map { ($0.door.name, $0.address) }))
        // Any service that finishes (the operator's shutdown, the console's confirmed quit)
        // shuts the others down gracefully, in reverse order: console, control socket, doors
        // (each says goodbye to its clients), the chat, and last the store.
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, logger: self.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await serviceGroup.run() }
            await self.onRunning(running)
            try await tasks.waitForAll()
        }
    }

    /// Puts every loop thread of `group` under `scheduling`, each from the thread itself.
    private static func schedule(
        _ group: any EventLoopGroup, as scheduling: LoopScheduling, logger: Logger
    ) async throws {
        guard scheduling != .normal else { return }
        for loop in group.makeIterator() {
            let applied = try await loop.submit { scheduling.applyToCurrentThread() }.get()
            if !applied {
                logger.warning(
                    "an event loop thread keeps the default scheduling",
                    metadata: ["requested": "\(scheduling.rawValue)"])
            }
        }
    }

    /// Opens the database in the data directory and restores what it kept into the server's
    /// configuration. Without it papod still runs (chat matters more), keeping nothing, and says so.
    private func openStore(in directory: String, configuration: inout PapodConfiguration) -> SQLiteStore? {
        let path = (directory as NSString).appendingPathComponent(SQLiteStore.fileName)
        let store: SQLiteStore
        do {
            store = try SQLiteStore(
                configuration: SQLiteStore.Configuration(path: path, settings: Self.storeSettings(configuration)),
                logger: self.logger)
        } catch {
            self.logger.error(
                "cannot open the database \(path): \(error); papod runs without it: bans, settings and the transcript will not be kept")
            return nil
        }
        do {
            configuration.server.restored = try store.load()
        } catch {
            self.logger.error("cannot read the database \(path): \(error); papod starts without what it kept")
        }
        self.adopt(store, configuration: &configuration, at: ["store.path": "\(path)"])
        return store
    }

    /// Opens the PostgreSQL database and restores what it kept. Unlike the SQLite file, a
    /// database the operator named must be there: papod does not start without it.
    private func openPostgres(
        _ database: DatabaseSettings, configuration: inout PapodConfiguration
    ) async throws -> PostgresStore {
        let store: PostgresStore
        do {
            (store, configuration.server.restored) = try await PostgresStore.open(
                configuration: PostgresStore.Configuration(
                    url: database.url, password: database.password, settings: Self.storeSettings(configuration)),
                logger: self.logger)
        } catch {
            throw PapodStartupError("\(error)")
        }
        self.adopt(store, configuration: &configuration, at: ["store.database": "\(database.url)"])
        return store
    }

    /// Makes `store` the chat's, and says so with where it is.
    private func adopt(_ store: any PersistentStore, configuration: inout PapodConfiguration, at location: Logger.Metadata) {
        configuration.server.store = store
        configuration.server.chat.recording = configuration.recording
        self.logger.info(
            "database open",
            metadata: location.merging([
                "store.history_days": "\(configuration.recording.historyDays)",
                "store.replay": "\(configuration.recording.replayLines)",
            ]) { first, _ in first })
    }

    /// What either store keeps, from papod's configuration.
    private static func storeSettings(_ configuration: PapodConfiguration) -> StoreSettings {
        StoreSettings(recording: configuration.recording, auditCapacity: configuration.server.chat.auditCapacity)
    }

    /// Creates the data directory owner-only.
    static func createDataDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw PapodStartupError("the data directory \(path) exists and is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PapodStartupError("cannot create the data directory \(path): \(error.localizedDescription)")
        }
    }
}

/// What a running papod hands whoever started it (tests, mostly): the chat and the real
/// address of each door, by the door's name ("assignment", "TLS").
public struct RunningServer: Sendable {
    public let chatServer: ChatServer
    public let group: any EventLoopGroup
    public let addresses: [String: SocketAddress]
}

/// Why papod could not start, as the one line it prints before exiting.
public struct PapodStartupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
