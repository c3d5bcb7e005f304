import Foundation
import NIOCore
import PapoConsole
import PapoCore
import PapoServer
import PapoStore

/// Everything papod is, as one value: `papod`'s options build it, tests build it directly,
/// and `PapodApplication` turns it into a running server.
public struct PapodConfiguration: Sendable {
    /// The chat, its limits and the assignment door's address.
    public var server: ServerConfiguration
    public var threads: Int
    /// papod's files (database, self-signed certificate, control socket), created mode 0700;
    /// nil keeps nothing on disk (tests).
    public var dataDirectory: String?
    /// What the store keeps; used when papod opens its database in `dataDirectory`.
    public var recording: RecordingSettings
    /// PostgreSQL instead of the SQLite file in `dataDirectory`; nil keeps SQLite.
    public var database: DatabaseSettings?
    /// The control socket for papoctl; nil runs none.
    public var controlSocketPath: String?
    /// The operator prompt on this terminal, with log lines printed above it; nil runs none.
    public var console: ConsoleOutput?
    /// TLS doors (the assignment protocol on `tls.port`); nil runs none.
    public var tls: TLSSettings?
    /// The browser door (page and WebSocket; over HTTPS too when `tls` is set); nil runs none.
    public var web: WebSettings?
    /// The IRC door (over TLS too when `tls` is set); nil runs none.
    public var irc: IRCSettings?
    /// Accept `/login` on plaintext connections even when a TLS door exists.
    public var allowsPlaintextLogin = false
    /// glibc allocator tuning for benchmarks (see `AllocatorTuning`); off by default.
    public var tunesAllocator = false

    public init(
        server: ServerConfiguration = ServerConfiguration(),
        threads: Int = PapodConfiguration.defaultThreads,
        dataDirectory: String? = nil,
        recording: RecordingSettings = RecordingSettings(),
        controlSocketPath: String? = nil,
        console: ConsoleOutput? = nil,
        tls: TLSSettings? = nil
    ) {
        self.server = server
        self.threads = threads
        self.dataDirectory = dataDirectory
        self.recording = recording
        self.controlSocketPath = controlSocketPath
        self.console = console
        self.tls = tls
    }

    /// Half the cores, at least one. Every message goes through one chat lock and fan-out is
    /// memory copying, so more loops mostly add contention; the cores left over run the
    /// store's writer, the kernel's network work and, often, the clients themselves.
    public static var defaultThreads: Int {
        max(1, System.coreCount / 2)
    }
}

/// Where the TLS doors listen and what certificate they serve.
public struct TLSSettings: Sendable {
    public enum Certificate: Sendable {
        /// PEM files (full chain, then the key), reloaded when they change.
        case files(certificate: String, key: String)
        /// A pair papod makes on first start and keeps in its data directory, for these names.
        case selfSigned(hostNames: [String])
    }

    public static let defaultPort = 5051

    public var port: Int
    public var certificate: Certificate
    /// How often the certificate files are checked for changes.
    public var reloadInterval: Duration

    public init(port: Int = TLSSettings.defaultPort, certificate: Certificate, reloadInterval: Duration = .seconds(5)) {
        self.port = port
        self.certificate = certificate
        self.reloadInterval = reloadInterval
    }
}

/// `--database`: where papod's PostgreSQL is, and the password it takes (from `PGPASSWORD` or
/// `--database-password-file`, never from the command line).
public struct DatabaseSettings: Sendable {
    public var url: DatabaseURL
    public var password: String?
    /// `--node`: this papod's name in a cluster of papods sharing the database's chat (nil:
    /// papod alone, the database only its store).
    public var node: String?
    /// In a cluster: log entries between two checkpoints of the chat (`--checkpoint-entries`).
    public var checkpointEntries: Int64?

    public init(url: DatabaseURL, password: String?, node: String? = nil, checkpointEntries: Int64? = nil) {
        self.url = url
        self.password = password
        self.node = node
        self.checkpointEntries = checkpointEntries
    }

    /// What a node's name may be: it is shown beside every client on it.
    public static func nodeNameProblem(_ name: String) -> String? {
        if name.isEmpty || name.count > 32 { return "a node name has 1 to 32 characters" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        if !name.allSatisfy(allowed.contains) { return "a node name has only letters, digits, '.', '-' and '_'" }
        return nil
    }
}
