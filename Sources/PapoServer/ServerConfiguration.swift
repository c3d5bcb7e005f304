import Foundation
import NIOCore
import PapoCore

/// Everything papod's listener needs, with the defaults a classroom expects.
public struct ServerConfiguration: Sendable {
    /// Address every door binds; `0.0.0.0` listens on every interface.
    public var host: String
    /// The assignment door's TCP port; 0 picks any free port (the "listening" log line gives
    /// the real one).
    public var port: Int
    /// The chat's own settings: server name, moderator password, time unit.
    public var chat: ChatConfiguration
    /// Shown in the welcome line.
    public var serverName: String {
        get { self.chat.serverName }
        set { self.chat.serverName = newValue }
    }
    public var limits: FramingLimits
    public var connectionLimits: ConnectionLimits
    /// How often time-based rules run (mutes and bans lapsing, breakouts ending).
    public var tickInterval: TimeAmount
    /// Where the wall-clock time comes from; tests pin it.
    public var now: @Sendable () -> Date
    /// Seconds on a monotonic clock (since boot, by default): what the connections' own
    /// deadlines measure (a TLS handshake, an IRC registration, an HTTP request, IRC's PING),
    /// so that setting the wall clock neither closes them early nor spares them. Tests move it
    /// together with `now` (`TestClock`).
    public var uptime: @Sendable () -> TimeInterval
    /// Called when the operator changes the log level (`log-level debug`).
    public var onLogLevelChange: (@Sendable (String) -> Void)?
    /// Where records go (with `chat.recording` set) and `export`/`attendance` read; nil keeps nothing.
    public var store: (any ChatStore)?
    /// What the store kept from earlier runs, restored into the chat before it serves anyone.
    public var restored: StoredState?
    /// How the kernel schedules the event loop threads (see `LoopScheduling`); opt-in tuning.
    public var loopScheduling = LoopScheduling.normal
    /// Benchmark tuning, off by default: the assignment door's plaintext connections are
    /// written straight to their sockets, a drain's in one io_uring call (`DirectSender`).
    public var directSend = false
    /// Whether this system gives direct sends an io_uring, so that a drain's go in one system
    /// call (else one `send` each).
    public static var directSendsBatch: Bool { DirectSender.systemHasRing }
    /// What the TLS doors serve now, for the operator's `tls` (nil: no TLS door).
    public var tlsStatus: (@Sendable () -> TLSStatus?)?
    /// This papod's seat in a cluster sharing one chat through a log (nil: papod alone).
    public var cluster: ClusterSeat?

    public static let defaultPort = 5050

    public init(
        host: String = "0.0.0.0",
        port: Int = ServerConfiguration.defaultPort,
        chat: ChatConfiguration = ChatConfiguration(),
        limits: FramingLimits = FramingLimits(),
        connectionLimits: ConnectionLimits = ConnectionLimits(),
        tickInterval: TimeAmount = .seconds(1),
        now: @escaping @Sendable () -> Date = { Date() },
        uptime: @escaping @Sendable () -> TimeInterval = { Double(NIODeadline.now().uptimeNanoseconds) / 1e9 }
    ) {
        self.host = host
        self.port = port
        self.chat = chat
        self.limits = limits
        self.connectionLimits = connectionLimits
        self.tickInterval = tickInterval
        self.now = now
        self.uptime = uptime
    }
}

/// Per-connection and server-wide limits that keep papod fair when a client misbehaves.
/// Zero turns a limit off.
public struct ConnectionLimits: Sendable, Equatable {
    /// Bytes queued for one connection before it is closed as a slow consumer.
    public var sendQueueBytes: Int
    /// Seconds a begun frame or line may take to complete.
    public var frameDeadline: TimeInterval
    /// Seconds a new connection may stay silent before it is closed.
    public var silentDeadline: TimeInterval
    public var maxConnections: Int
    /// A classroom shares one NAT address, hence a generous default.
    public var maxConnectionsPerAddress: Int
    /// Seconds an IRC client may be silent before papod sends it a PING, and then may take to
    /// answer it (anything it sends counts) before it is closed.
    public var ircPingInterval: TimeInterval = 120
    public var ircPingTimeout: TimeInterval = 60

    public init(
        sendQueueBytes: Int = 1 << 20, frameDeadline: TimeInterval = 30, silentDeadline: TimeInterval = 60,
        maxConnections: Int = 10_000, maxConnectionsPerAddress: Int = 256
    ) {
        self.sendQueueBytes = sendQueueBytes
        self.frameDeadline = frameDeadline
        self.silentDeadline = silentDeadline
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }
}
