import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import PapoApplication
import PapoConsole
import PapoCore
import PapoServer
import PapoStore
import PapoTLS
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
            the payload) or with plain lines (nc, telnet), and, with a certificate, over TLS on \
            --tls-port. Every option can also be set through the \
            environment variable named in its help; the flag wins.
            """
    )

    @Option(help: "Address to listen on (env: PAPOD_HOST; default: 0.0.0.0).")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one (env: PAPOD_PORT; default: 5050).")
    var port: Int?

    @Option(help: "Server name shown in the welcome line (env: PAPOD_NAME; default: papod).")
    var name: String?

    @Option(
        help: ArgumentHelp(
            "pt-BR or en: the language papod speaks unless a client chooses its own (env: PAPOD_LANGUAGE).",
            discussion: "Without it, papod follows its locale as Unix programs do: LC_ALL, LC_MESSAGES, then LANG; pt… gives pt-BR, anything else English.",
            valueName: "tag"))
    var language: String?

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

    @Option(help: "Rooms with more members are not told of each join, leave and nick change, only their moderators; 0 always announces (env: PAPOD_ANNOUNCE_LIMIT; default: 100).")
    var announceLimit: Int?

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

    @Option(
        help: "Keep everything in PostgreSQL instead of the SQLite file: postgres://USER@HOST:PORT/DATABASE[?sslmode=require] (env: PAPOD_DATABASE_URL). The password comes from PGPASSWORD or --database-password-file.")
    var database: String?

    @Option(help: "File whose first line is the PostgreSQL password (env: PAPOD_DATABASE_PASSWORD_FILE; default: PGPASSWORD).")
    var databasePasswordFile: String?

    @Option(
        help: "This papod's name in a cluster: papods with --database on the same PostgreSQL and a --node name each share one chat (env: PAPOD_NODE).")
    var node: String?

    @Option(
        help: "In a cluster: log entries between two checkpoints of the chat; a starting node loads the latest and the log before it is deleted (env: PAPOD_CHECKPOINT_ENTRIES; default: 50000).")
    var checkpointEntries: Int?

    @Option(help: "TLS port for the same protocol, when a certificate is configured; 0 picks a free one (env: PAPOD_TLS_PORT; default: 5051).")
    var tlsPort: Int?

    @Option(help: "TLS certificate: PEM file with the full chain, reloaded when it changes (env: PAPOD_TLS_CERT).")
    var tlsCert: String?

    @Option(help: "TLS private key: PEM file, reloaded with the certificate (env: PAPOD_TLS_KEY).")
    var tlsKey: String?

    @Flag(
        help: "Serve TLS with a self-signed certificate that papod makes on first start and keeps in the data directory (env: PAPOD_TLS_SELF_SIGNED=1).")
    var tlsSelfSigned = false

    @Option(help: "Port of the web client (page and WebSocket); 0 picks a free one (env: PAPOD_HTTP_PORT; default: 8080).")
    var httpPort: Int?

    @Option(help: "Port of the web client over TLS, when a certificate is configured; 0 picks a free one (env: PAPOD_HTTPS_PORT; default: 8443).")
    var httpsPort: Int?

    @Flag(help: "No web client: papod serves no page and no WebSocket (env: PAPOD_NO_WEB=1).")
    var noWeb = false

    @Option(help: "Port of the IRC door, for IRC clients (irssi, WeeChat, HexChat); 0 picks a free one (env: PAPOD_IRC_PORT; default: 6667).")
    var ircPort: Int?

    @Option(help: "Port of the IRC door over TLS, when a certificate is configured; 0 picks a free one (env: PAPOD_IRCS_PORT; default: 6697).")
    var ircsPort: Int?

    @Flag(help: "No IRC door (env: PAPOD_NO_IRC=1).")
    var noIrc = false

    @Option(
        help: ArgumentHelp(
            "Another origin whose pages may open the chat's WebSocket, such as a reverse proxy's https://chat.school.br; repeatable (env: PAPOD_HTTP_ALLOWED_ORIGINS, comma-separated).",
            valueName: "origin"))
    var httpAllowedOrigin: [String] = []

    @Option(
        help: ArgumentHelp(
            "Addresses besides this machine that may read /metrics, as CIDR blocks (10.0.0.0/24) or addresses; repeatable (env: PAPOD_METRICS_FROM, comma-separated).",
            valueName: "cidr"))
    var metricsFrom: [String] = []

    @Flag(help: "Accept /login on plaintext connections even when a TLS door exists (env: PAPOD_ALLOW_PLAINTEXT_LOGIN=1).")
    var allowPlaintextLogin = false

    @Option(
        help: """
            Benchmark tuning: how Linux schedules the event loop threads: normal, or batch (SCHED_BATCH: \
            they never preempt a running process on waking, so a burst is read whole) \
            (env: PAPOD_LOOP_SCHEDULING; default: normal).
            """)
    var loopScheduling: LoopScheduling?

    @Flag(
        help: "Benchmark tuning: keep freed heap cached in one glibc arena instead of returning it (env: PAPOD_TUNE_ALLOCATOR=1).")
    var tuneAllocator = false

    @Flag(
        help: """
            Benchmark tuning: write the assignment door's plaintext connections straight to their \
            sockets, each drain's in one io_uring call, instead of through the SwiftNIO pipeline; \
            never TLS (env: PAPOD_DIRECT_SEND=1).
            """)
    var directSend = false

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
        if let tls = settings.tls {
            guard (0...65_535).contains(tls.port) else {
                throw ValidationError("--tls-port must be between 0 and 65535")
            }
            guard tls.port != settings.server.port || tls.port == 0 else {
                throw ValidationError("--tls-port must differ from --port")
            }
        }
        var taken = [settings.server.port] + (settings.tls.map { [$0.port] } ?? [])
        if let web = settings.web {
            try Self.checkDoorPorts(
                web.port, web.securePort, hasTLS: settings.tls != nil, taken: &taken, options: ("--http-port", "--https-port"),
                differFrom: ("--port and --tls-port", "--port, --tls-port and --http-port"))
        }
        if let irc = settings.irc {
            try Self.checkDoorPorts(
                irc.port, irc.securePort, hasTLS: settings.tls != nil, taken: &taken, options: ("--irc-port", "--ircs-port"),
                differFrom: ("the other doors' ports", "the other doors' ports"))
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

    /// A door's plain and TLS ports: in range, and not another door's (0, a free port, may
    /// repeat); they join `taken` for the doors after it. The TLS port counts only with TLS.
    static func checkDoorPorts(
        _ port: Int, _ securePort: Int, hasTLS: Bool, taken: inout [Int], options: (plain: String, secure: String),
        differFrom: (plain: String, secure: String)
    ) throws {
        guard (0...65_535).contains(port), (0...65_535).contains(securePort) else {
            throw ValidationError("\(options.plain) and \(options.secure) must be between 0 and 65535")
        }
        guard port == 0 || !taken.contains(port) else {
            throw ValidationError("\(options.plain) must differ from \(differFrom.plain)")
        }
        taken.append(port)
        guard hasTLS else { return }
        guard securePort == 0 || !taken.contains(securePort) else {
            throw ValidationError("\(options.secure) must differ from \(differFrom.secure)")
        }
        taken.append(securePort)
    }

    /// ArgumentParser's own `main`, with SIGPIPE ignored first: a reader that stops early
    /// (`papod --help | grep -q door`) ends the write, not papod, whose status a script under
    /// `pipefail` reads. A server ignores SIGPIPE for its sockets anyway.
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try Self.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Self.exit(withError: error)
        }
    }

    func run() async throws {
        let settings = try self.settings()
        let hasConsole = !self.noConsole && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let output = ConsoleOutput()
        let logLevel = LogLevelSetting(settings.logLevel)
        LoggingSystem.bootstrap { label in
            PapodLogHandler(label: label, setting: logLevel, sink: hasConsole ? output.write : PapodLogHandler.standardError)
        }
        let logger = Logger(label: "papod")
        var configuration = PapodConfiguration(
            server: settings.server, threads: settings.threads, dataDirectory: settings.dataDirectory,
            recording: settings.recording,
            controlSocketPath: settings.controlSocket, console: hasConsole ? output : nil, tls: settings.tls)
        configuration.web = settings.web
        configuration.irc = settings.irc
        configuration.server.onLogLevelChange = { name in
            if let level = Logger.Level(rawValue: name) { logLevel.current = level }
        }
        configuration.database = settings.database
        configuration.allowsPlaintextLogin = settings.allowsPlaintextLogin
        configuration.tunesAllocator = settings.tunesAllocator
        let application = PapodApplication(configuration: configuration, logger: logger)
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: application, successTerminationBehavior: .gracefullyShutdownGroup)],
                // While the console runs, Ctrl-C belongs to it: it clears the line.
                gracefulShutdownSignals: hasConsole ? [.sigterm] : [.sigterm, .sigint],
                logger: logger
            ))
        do {
            try await serviceGroup.run()
        } catch let error as PapodStartupError {
            logger.error("\(error.description)")
            throw ExitCode.failure
        }
    }

    /// The options resolved against their environment variables and defaults.
    struct Settings {
        var server: ServerConfiguration
        var threads: Int
        var logLevel: Logger.Level
        var dataDirectory: String
        var recording: RecordingSettings
        var controlSocket: String
        var tls: TLSSettings?
        var web: WebSettings?
        var irc: IRCSettings?
        var database: DatabaseSettings?
        var allowsPlaintextLogin: Bool
        var tunesAllocator: Bool
    }

    /// `--language`, `PAPOD_LANGUAGE`, or the locale.
    private func language(_ env: EnvironmentOptions, environment: [String: String]) throws -> Language {
        let (given, source) = self.language.map { ($0, "--language") } ?? (env.string("PAPOD_LANGUAGE"), "PAPOD_LANGUAGE")
        guard let given else { return Language.fromLocale(environment) }
        guard let language = Language(tag: given) else {
            throw ValidationError("\(source) must be pt-BR or en, not \"\(given)\"")
        }
        return language
    }

    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let env = EnvironmentOptions(environment)
        var limits = FramingLimits()
        limits.maxFrameBytes = try self.maxFrameBytes ?? env.int("PAPOD_MAX_FRAME_BYTES") ?? limits.maxFrameBytes
        limits.maxLineBytes = try self.maxLineBytes ?? env.int("PAPOD_MAX_LINE_BYTES") ?? limits.maxLineBytes
        var chat = ChatConfiguration(serverName: self.name ?? env.string("PAPOD_NAME") ?? "papod")
        chat.moderatorPassword = try self.moderatorPassword(env)
        chat.language = try self.language(env, environment: environment)
        chat.flood.burst = try self.floodBurst ?? env.int("PAPOD_FLOOD_BURST") ?? chat.flood.burst
        chat.flood.rate = try self.floodRate ?? env.double("PAPOD_FLOOD_RATE") ?? chat.flood.rate
        chat.flood.grace = try self.floodGrace ?? env.double("PAPOD_FLOOD_GRACE") ?? chat.flood.grace
        chat.announceLimit = try self.announceLimit ?? env.int("PAPOD_ANNOUNCE_LIMIT") ?? chat.announceLimit
        guard chat.announceLimit >= 0 else { throw ValidationError("--announce-limit must be 0 or more") }
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
        server.loopScheduling =
            try self.loopScheduling ?? env.choice("PAPOD_LOOP_SCHEDULING", of: LoopScheduling.self) ?? server.loopScheduling
        server.directSend = try self.directSend || (env.bool("PAPOD_DIRECT_SEND") ?? false)
        let dataDirectory = self.dataDir ?? env.string("PAPOD_DATA_DIR") ?? "./papo-data"
        return Settings(
            server: server,
            threads: try self.threads ?? env.int("PAPOD_THREADS") ?? PapodConfiguration.defaultThreads,
            logLevel: try self.logLevel ?? env.logLevel("PAPOD_LOG_LEVEL") ?? .info,
            dataDirectory: dataDirectory,
            recording: RecordingSettings(
                historyDays: try self.historyDays ?? env.int("PAPOD_HISTORY_DAYS") ?? RecordingSettings.defaultHistoryDays,
                replayLines: try self.replay ?? env.int("PAPOD_REPLAY") ?? RecordingSettings.defaultReplayLines,
                storesPrivateMessages: try self.storePrivate || (env.bool("PAPOD_STORE_PRIVATE") ?? false)),
            controlSocket: self.controlSocket ?? env.string("PAPOD_CONTROL_SOCKET")
                ?? (dataDirectory as NSString).appendingPathComponent("papod.sock"),
            tls: try self.tlsSettings(env),
            web: try self.webSettings(env),
            irc: try self.ircSettings(env),
            database: try self.databaseSettings(env),
            allowsPlaintextLogin: try self.allowPlaintextLogin || (env.bool("PAPOD_ALLOW_PLAINTEXT_LOGIN") ?? false),
            tunesAllocator: try self.tuneAllocator || (env.bool("PAPOD_TUNE_ALLOCATOR") ?? false)
        )
    }

    /// `--database` and its password; nil keeps the SQLite file.
    func databaseSettings(_ env: EnvironmentOptions) throws -> DatabaseSettings? {
        let node = self.node ?? env.string("PAPOD_NODE")
        if let node, let problem = DatabaseSettings.nodeNameProblem(node) {
            throw ValidationError("--node \(node): \(problem)")
        }
        guard let text = self.database ?? env.string("PAPOD_DATABASE_URL") else {
            if node != nil { throw ValidationError("--node needs --database: the nodes of a cluster share one PostgreSQL") }
            return nil
        }
        let url: DatabaseURL
        do {
            url = try DatabaseURL(text)
        } catch {
            throw ValidationError(error.description)
        }
        var password = env.string("PGPASSWORD")
        if let file = self.databasePasswordFile ?? env.string("PAPOD_DATABASE_PASSWORD_FILE") {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("--database-password-file \(file) cannot be read")
            }
            password = contents.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        }
        let checkpointEntries = try self.checkpointEntries ?? env.int("PAPOD_CHECKPOINT_ENTRIES")
        if let checkpointEntries, checkpointEntries < 10 {
            throw ValidationError("--checkpoint-entries must be at least 10")
        }
        return DatabaseSettings(url: url, password: password, node: node, checkpointEntries: checkpointEntries.map(Int64.init))
    }

    /// The TLS door's settings: a certificate and key, or the self-signed pair; nil without either.
    func tlsSettings(_ env: EnvironmentOptions) throws -> TLSSettings? {
        let certificate = self.tlsCert ?? env.string("PAPOD_TLS_CERT")
        let key = self.tlsKey ?? env.string("PAPOD_TLS_KEY")
        let selfSigned = try self.tlsSelfSigned || (env.bool("PAPOD_TLS_SELF_SIGNED") ?? false)
        let port = try self.tlsPort ?? env.int("PAPOD_TLS_PORT") ?? TLSSettings.defaultPort
        if selfSigned {
            guard certificate == nil && key == nil else {
                throw ValidationError("--tls-self-signed cannot be used with --tls-cert or --tls-key")
            }
            return TLSSettings(port: port, certificate: .selfSigned(hostNames: SelfSignedCertificate.defaultHostNames()))
        }
        switch (certificate, key) {
        case (let certificate?, let key?):
            return TLSSettings(port: port, certificate: .files(certificate: certificate, key: key))
        case (nil, _?):
            throw ValidationError("--tls-key needs --tls-cert (the certificate chain, PEM)")
        case (_?, nil):
            throw ValidationError("--tls-cert needs --tls-key (the private key, PEM)")
        case (nil, nil):
            if self.tlsPort != nil {
                throw ValidationError("--tls-port needs a certificate: --tls-cert and --tls-key, or --tls-self-signed")
            }
            return nil
        }
    }

    /// The browser door's settings; nil with --no-web.
    func webSettings(_ env: EnvironmentOptions) throws -> WebSettings? {
        if try self.noWeb || (env.bool("PAPOD_NO_WEB") ?? false) {
            return nil
        }
        let origins = Self.list(self.httpAllowedOrigin, orEnvironment: env.string("PAPOD_HTTP_ALLOWED_ORIGINS"))
        let metricsFrom = try Self.list(self.metricsFrom, orEnvironment: env.string("PAPOD_METRICS_FROM")).map { text in
            guard let block = AddressBlock(text) else {
                throw ValidationError("--metrics-from takes an address or a CIDR block such as 10.0.0.0/24, not \(text)")
            }
            return block
        }
        return WebSettings(
            port: try self.httpPort ?? env.int("PAPOD_HTTP_PORT") ?? WebSettings.defaultPort,
            securePort: try self.httpsPort ?? env.int("PAPOD_HTTPS_PORT") ?? WebSettings.defaultSecurePort,
            origins: OriginPolicy(allowedOrigins: origins), metricsFrom: metricsFrom)
    }

    /// The IRC door's settings; nil with --no-irc.
    func ircSettings(_ env: EnvironmentOptions) throws -> IRCSettings? {
        if try self.noIrc || (env.bool("PAPOD_NO_IRC") ?? false) {
            return nil
        }
        return IRCSettings(
            port: try self.ircPort ?? env.int("PAPOD_IRC_PORT") ?? IRCSettings.defaultPort,
            securePort: try self.ircsPort ?? env.int("PAPOD_IRCS_PORT") ?? IRCSettings.defaultSecurePort)
    }

    /// A repeatable option's values, or else its environment variable's, comma-separated.
    static func list(_ values: [String], orEnvironment text: String?) -> [String] {
        guard values.isEmpty else { return values }
        return (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
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
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension LoopScheduling: ExpressibleByArgument {}
