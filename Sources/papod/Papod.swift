import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import LineEditor
import PapoConsole
import PapoCore
import PapoServer
import PapoStore
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// papod: the Papo chat server.
@main
struct Papod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papod",
        abstract: "Papo, a multi-room chat server for moderated classroom chat.",
        discussion: """
            Clients connect over TCP with the assignment's framing (a 64-byte length header, then \
            the payload) or with plain lines (nc, telnet). Every option can also be set through the \
            environment variable named in its help; the flag wins.
            """
    )

    @Option(help: "Address to listen on (env: PAPOD_HOST; default: 0.0.0.0).")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one (env: PAPOD_PORT; default: 5050).")
    var port: Int?

    @Option(help: "Server name shown in the welcome line (env: PAPOD_NAME; default: papod).")
    var name: String?

    @Option(help: "Event loop threads (env: PAPOD_THREADS; default: half the cores, at least one).")
    var threads: Int?

    @Option(help: "trace, debug, info, notice, warning, error or critical (env: PAPOD_LOG_LEVEL; default: info).")
    var logLevel: Logger.Level?

    @Option(help: "Directory for papod's files, created with mode 0700 (env: PAPOD_DATA_DIR; default: ./papo-data).")
    var dataDir: String?

    @Option(
        help: ArgumentHelp(
            "File holding the moderator password for /login (env: PAPOD_MODERATOR_PASSWORD holds the password itself).",
            discussion: "Without either, moderator login is disabled. A trailing newline in the file is not part of the password.",
            valueName: "path"))
    var moderatorPasswordFile: String?

    @Option(help: "The operator's control socket, for papoctl (env: PAPOD_CONTROL_SOCKET; default: papod.sock in the data directory).")
    var controlSocket: String?

    @Flag(help: "No operator prompt on this terminal, even when it is one.")
    var noConsole = false

    @Option(help: "Largest framed payload in bytes (env: PAPOD_MAX_FRAME_BYTES; default: 65536).")
    var maxFrameBytes: Int?

    @Option(help: "Longest line in bytes for line clients (env: PAPOD_MAX_LINE_BYTES; default: 8192).")
    var maxLineBytes: Int?

    @Option(help: "Flood control: lines a client may send at once; 0 turns it off (env: PAPOD_FLOOD_BURST; default: 10).")
    var floodBurst: Int?

    @Option(help: "Flood control: lines per second refilled; 0 turns it off (env: PAPOD_FLOOD_RATE; default: 5).")
    var floodRate: Double?

    @Option(help: "Seconds a client may keep flooding before it is disconnected (env: PAPOD_FLOOD_GRACE; default: 10).")
    var floodGrace: Double?

    @Option(help: "Bytes queued for one client before it is closed as a slow consumer; 0 is off (env: PAPOD_SENDQ_BYTES; default: 1048576).")
    var sendqBytes: Int?

    @Option(help: "Seconds a begun frame or line may take to complete; 0 is off (env: PAPOD_FRAME_DEADLINE; default: 30).")
    var frameDeadline: Double?

    @Option(help: "Seconds a new connection may stay silent; 0 is off (env: PAPOD_SILENT_DEADLINE; default: 60).")
    var silentDeadline: Double?

    @Option(help: "Most connections at once; 0 is no limit (env: PAPOD_MAX_CONNECTIONS; default: 10000).")
    var maxConnections: Int?

    @Option(help: "Most connections from one address; 0 is no limit (env: PAPOD_MAX_CONNECTIONS_PER_ADDRESS; default: 256).")
    var maxConnectionsPerAddress: Int?

    @Option(help: "Chat and action lines replayed to whoever joins a room; 0 replays none (env: PAPOD_REPLAY; default: 20).")
    var replay: Int?

    @Option(help: "Days of transcript kept in the database; 0 keeps no transcript at all (env: PAPOD_HISTORY_DAYS; default: 90).")
    var historyDays: Int?

    @Flag(help: "Keep private messages in the transcript too, with kind private (env: PAPOD_STORE_PRIVATE=1).")
    var storePrivate = false

    @Flag(help: "Send to each client with its own system call, never in batches through io_uring (env: PAPOD_NO_IO_URING=1).")
    var noIoUring = false

    @Option(
        help: """
            How Linux schedules the event loop threads: batch (SCHED_BATCH: they never preempt a \
            running process on waking, so a burst is read whole) or normal (env: PAPOD_LOOP_SCHEDULING; \
            default: batch).
            """)
    var loopScheduling: LoopScheduling?

    func validate() throws {
        let settings = try self.settings()
        guard (0...10_000).contains(settings.recording.replayLines) else {
            throw ValidationError("--replay must be between 0 and 10000")
        }
        guard (0...36_500).contains(settings.recording.historyDays) else {
            throw ValidationError("--history-days must be between 0 and 36500")
        }
        guard (0...65_535).contains(settings.server.port) else {
            throw ValidationError("--port must be between 0 and 65535")
        }
        guard settings.threads >= 1 && settings.threads <= 1024 else {
            throw ValidationError("--threads must be between 1 and 1024")
        }
        guard settings.server.limits.maxFrameBytes >= 1, settings.server.limits.maxLineBytes >= 1 else {
            throw ValidationError("--max-frame-bytes and --max-line-bytes must be at least 1")
        }
        let flood = settings.server.chat.flood
        let connection = settings.server.connectionLimits
        guard flood.burst >= 0, flood.rate >= 0, flood.grace >= 0, connection.sendQueueBytes >= 0,
            connection.frameDeadline >= 0, connection.silentDeadline >= 0, connection.maxConnections >= 0,
            connection.maxConnectionsPerAddress >= 0
        else {
            throw ValidationError("limits cannot be negative (0 turns a limit off)")
        }
        guard !settings.server.serverName.isEmpty,
            settings.server.serverName == TextSanitizer.clean(settings.server.serverName)
        else {
            throw ValidationError("--name must be non-empty printable text")
        }
    }

    /// Delivery buffers are allocated on one loop and freed on another, many times a second.
    /// glibc would hand freed heap tops back to the kernel and then fault fresh pages in for
    /// the next burst; keeping up to 32 MiB of freed memory cached removes that churn.
    static func tuneAllocator() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module leaves out.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        let arenaMax: Int32 = -8  // M_ARENA_MAX
        _ = mallopt(trimThreshold, 32 << 20)
        _ = mallopt(mmapThreshold, 4 << 20)
        // One arena: per-thread arenas each keep their own free memory, which idle
        // connections paid for in resident memory; allocation here is per batch, not per line.
        _ = mallopt(arenaMax, 1)
        #endif
    }

    /// Half the cores, at least one. Every message goes through one chat lock and fan-out is
    /// memory copying, so more loops mostly add contention; the cores left over run the
    /// store's writer, the kernel's network work and, often, the clients themselves. On the
    /// benchmark's 2 cores one loop delivered 9-11 M lines per CPU-second, two loops 6-8 M.
    static var defaultThreads: Int {
        max(1, System.coreCount / 2)
    }

    func run() async throws {
        var settings = try self.settings()
        Self.tuneAllocator()
        let hasConsole = !self.noConsole && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let output = ConsoleOutput()
        let logLevel = LogLevelSetting(settings.logLevel)
        LoggingSystem.bootstrap { label in
            PapodLogHandler(label: label, setting: logLevel, sink: hasConsole ? output.write : PapodLogHandler.standardError)
        }
        let logger = Logger(label: "papod")
        settings.server.onLogLevelChange = { name in
            if let level = Logger.Level(rawValue: name) { logLevel.current = level }
        }
        try Self.createDataDirectory(settings.dataDirectory, logger: logger)
        let socketPath = self.controlSocket ?? EnvironmentOptions(ProcessInfo.processInfo.environment)
            .string("PAPOD_CONTROL_SOCKET") ?? (settings.dataDirectory as NSString).appendingPathComponent("papod.sock")
        do {
            try ControlSocketService.removeStaleSocket(at: socketPath)
        } catch {
            logger.error("papod cannot start: \(error)")
            throw ExitCode.failure
        }

        let storeService = Self.openStore(settings: &settings, logger: logger)
        let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: settings.threads)
        let chatService = ChatServerService(
            configuration: settings.server, eventLoopGroup: eventLoopGroup, logger: logger)
        let controlService = ControlSocketService(
            path: socketPath, server: chatService.server, eventLoopGroup: eventLoopGroup, logger: logger)
        // Any service that finishes (the operator's shutdown, the console's confirmed quit)
        // shuts the others down gracefully.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: chatService, successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: controlService, successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if let storeService {
            // First in the group, so it stops last: it writes what the others left queued.
            services.insert(.init(service: storeService), at: 0)
        }
        if hasConsole {
            let history = HistoryStore(
                path: HistoryPolicy.defaultPath(fileName: "papod_history", environment: ProcessInfo.processInfo.environment))
            services.append(
                .init(
                    service: OperatorConsoleService(server: chatService.server, output: output, history: history),
                    successTerminationBehavior: .gracefullyShutdownGroup))
        }
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                // While the console runs, Ctrl-C belongs to it: it clears the line.
                gracefulShutdownSignals: hasConsole ? [.sigterm] : [.sigterm, .sigint],
                logger: logger
            ))
        do {
            try await serviceGroup.run()
        } catch let error as IOError {
            logger.error("papod cannot listen on \(settings.server.host):\(settings.server.port): \(error.description)")
            try await eventLoopGroup.shutdownGracefully()
            throw ExitCode.failure
        }
        try await eventLoopGroup.shutdownGracefully()
    }

    /// The options resolved against their environment variables and defaults.
    struct Settings {
        var server: ServerConfiguration
        var threads: Int
        var logLevel: Logger.Level
        var dataDirectory: String
        var recording: RecordingSettings
    }

    /// Opens the database in the data directory and restores what it kept into the server's
    /// configuration. Without it papod still runs (chat matters more), keeping nothing, and says so.
    static func openStore(settings: inout Settings, logger: Logger) -> StoreService? {
        let path = (settings.dataDirectory as NSString).appendingPathComponent(SQLiteStore.fileName)
        let store: SQLiteStore
        do {
            store = try SQLiteStore(
                configuration: SQLiteStore.Configuration(
                    path: path, recording: settings.recording, auditCapacity: settings.server.chat.auditCapacity),
                logger: logger)
        } catch {
            logger.error(
                "cannot open the database \(path): \(error); papod runs without it: bans, settings and the transcript will not be kept")
            return nil
        }
        do {
            settings.server.restored = try store.load()
        } catch {
            logger.error("cannot read the database \(path): \(error); papod starts without what it kept")
        }
        settings.server.store = store
        settings.server.chat.recording = settings.recording
        logger.info(
            "database open",
            metadata: [
                "store.path": "\(path)", "store.history_days": "\(settings.recording.historyDays)",
                "store.replay": "\(settings.recording.replayLines)",
            ])
        return StoreService(store: store)
    }

    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let env = EnvironmentOptions(environment)
        var limits = FramingLimits()
        limits.maxFrameBytes = try self.maxFrameBytes ?? env.int("PAPOD_MAX_FRAME_BYTES") ?? limits.maxFrameBytes
        limits.maxLineBytes = try self.maxLineBytes ?? env.int("PAPOD_MAX_LINE_BYTES") ?? limits.maxLineBytes
        var chat = ChatConfiguration(serverName: self.name ?? env.string("PAPOD_NAME") ?? "papod")
        chat.moderatorPassword = try self.moderatorPassword(env)
        chat.flood.burst = try self.floodBurst ?? env.int("PAPOD_FLOOD_BURST") ?? chat.flood.burst
        chat.flood.rate = try self.floodRate ?? env.double("PAPOD_FLOOD_RATE") ?? chat.flood.rate
        chat.flood.grace = try self.floodGrace ?? env.double("PAPOD_FLOOD_GRACE") ?? chat.flood.grace
        var connectionLimits = ConnectionLimits()
        connectionLimits.sendQueueBytes =
            try self.sendqBytes ?? env.int("PAPOD_SENDQ_BYTES") ?? connectionLimits.sendQueueBytes
        connectionLimits.frameDeadline =
            try self.frameDeadline ?? env.double("PAPOD_FRAME_DEADLINE") ?? connectionLimits.frameDeadline
        connectionLimits.silentDeadline =
            try self.silentDeadline ?? env.double("PAPOD_SILENT_DEADLINE") ?? connectionLimits.silentDeadline
        connectionLimits.maxConnections =
            try self.maxConnections ?? env.int("PAPOD_MAX_CONNECTIONS") ?? connectionLimits.maxConnections
        connectionLimits.maxConnectionsPerAddress =
            try self.maxConnectionsPerAddress ?? env.int("PAPOD_MAX_CONNECTIONS_PER_ADDRESS")
            ?? connectionLimits.maxConnectionsPerAddress
        var server = ServerConfiguration(
            host: self.host ?? env.string("PAPOD_HOST") ?? "0.0.0.0",
            port: try self.port ?? env.int("PAPOD_PORT") ?? ServerConfiguration.defaultPort,
            chat: chat,
            limits: limits,
            connectionLimits: connectionLimits
        )
        server.batchesSends = !(try self.noIoUring || (env.bool("PAPOD_NO_IO_URING") ?? false))
        server.loopScheduling =
            try self.loopScheduling ?? env.choice("PAPOD_LOOP_SCHEDULING", of: LoopScheduling.self) ?? server.loopScheduling
        return Settings(
            server: server,
            threads: try self.threads ?? env.int("PAPOD_THREADS") ?? Self.defaultThreads,
            logLevel: try self.logLevel ?? env.logLevel("PAPOD_LOG_LEVEL") ?? .info,
            dataDirectory: self.dataDir ?? env.string("PAPOD_DATA_DIR") ?? "./papo-data",
            recording: RecordingSettings(
                historyDays: try self.historyDays ?? env.int("PAPOD_HISTORY_DAYS") ?? RecordingSettings.defaultHistoryDays,
                replayLines: try self.replay ?? env.int("PAPOD_REPLAY") ?? RecordingSettings.defaultReplayLines,
                storesPrivateMessages: try self.storePrivate || (env.bool("PAPOD_STORE_PRIVATE") ?? false))
        )
    }

    /// The moderator password: from the file if given (never from the command line itself,
    /// where any user could read it in the process list), else from the environment.
    func moderatorPassword(_ env: EnvironmentOptions) throws -> String? {
        guard let path = self.moderatorPasswordFile else {
            return env.string("PAPOD_MODERATOR_PASSWORD")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the moderator password file \(path)")
        }
        var password = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character in Swift, so one removeLast drops either ending.
        if password.hasSuffix("\r\n") || password.hasSuffix("\n") { password.removeLast() }
        guard !password.isEmpty else {
            throw ValidationError("the moderator password file \(path) is empty")
        }
        return password
    }

    /// Creates the data directory owner-only; later features keep the control socket and the
    /// database there.
    static func createDataDirectory(_ path: String, logger: Logger) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                logger.error("the data directory \(path) exists and is not a directory")
                throw ExitCode.failure
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            logger.error("cannot create the data directory \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension LoopScheduling: ExpressibleByArgument {}
