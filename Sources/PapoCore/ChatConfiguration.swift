import Foundation

/// Settings of the chat itself, as opposed to the transport.
public struct ChatConfiguration: Sendable {
    public var serverName: String
    /// The moderator password for `/login`; nil disables moderator login.
    public var moderatorPassword: String?
    /// The TLS port where `/login` must happen: set, a password sent over a plaintext
    /// connection is refused (the refusal names this port). Nil accepts it on any connection.
    public var loginTLSPort: Int?
    /// The web door's HTTPS port, named too when `/login` is refused on a plain connection.
    public var loginHTTPSPort: Int?
    /// The IRC door's TLS port, named instead to an IRC client refused on a plain connection.
    public var loginIRCSPort: Int?
    /// How long a "minute" is for timed features such as breakouts. Tests shorten it.
    public var minute: TimeInterval
    /// How many audit entries are kept in memory.
    public var auditCapacity: Int
    /// Failed `/login` attempts on one connection before it is closed.
    public var maxLoginAttempts: Int
    /// The first lockout of an address after a connection used up its attempts; it doubles each time.
    public var loginLockout: TimeInterval
    /// Flood control over every inbound line; moderators are exempt.
    public var flood: FloodBucket.Limits
    /// What is kept beyond the process (transcript, replay, settings); nil keeps nothing.
    public var recording: RecordingSettings?
    /// The zone of `[HH:MM]` in replays and of times typed without one (`export --since 2026-11-24`).
    public var timeZone: TimeZone
    /// The server's language: new clients start in it, and the operator reads it.
    public var language: Language
    /// Above this many members a room is not told of each join, leave, move and nick change
    /// (its moderators still are): 2,000 arrivals would otherwise make four million notices.
    /// 0 always announces.
    public var announceLimit = 100
    /// When the server started (IRC's 003 says so).
    public var startedAt = Date()
    /// papod's name and version, as IRC's VERSION and 002 give it.
    public var version: String { "papod-\(Self.papodVersion)" }
    public static let papodVersion = "0.21"

    public init(
        serverName: String = "papod",
        moderatorPassword: String? = nil,
        minute: TimeInterval = 60,
        auditCapacity: Int = 10_000,
        maxLoginAttempts: Int = 3,
        loginLockout: TimeInterval = 30,
        flood: FloodBucket.Limits = FloodBucket.Limits(),
        recording: RecordingSettings? = nil,
        timeZone: TimeZone = .current,
        language: Language = .english
    ) {
        self.language = language
        self.recording = recording
        self.timeZone = timeZone
        self.flood = flood
        self.serverName = serverName
        self.moderatorPassword = moderatorPassword
        self.minute = minute
        self.auditCapacity = auditCapacity
        self.maxLoginAttempts = maxLoginAttempts
        self.loginLockout = loginLockout
    }
}

/// What papod keeps in its store, from `--history-days`, `--replay` and `--store-private`.
public struct RecordingSettings: Sendable, Equatable {
    /// Days of transcript kept; 0 keeps no transcript at all (and so no replay or attendance).
    public var historyDays: Int
    /// Chat and action lines shown to whoever joins a room; 0 shows none.
    public var replayLines: Int
    /// Whether private messages are kept in the transcript (kind `private`).
    public var storesPrivateMessages: Bool

    public static let defaultHistoryDays = 90
    public static let defaultReplayLines = 20

    public init(
        historyDays: Int = RecordingSettings.defaultHistoryDays,
        replayLines: Int = RecordingSettings.defaultReplayLines,
        storesPrivateMessages: Bool = false
    ) {
        self.historyDays = historyDays
        self.replayLines = replayLines
        self.storesPrivateMessages = storesPrivateMessages
    }

    /// Whether rooms are recorded (and everyone joining is told so).
    public var isTranscriptOn: Bool { self.historyDays > 0 }
}
