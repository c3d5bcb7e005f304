import Foundation
import NIOCore
import PapoCore

/// Everything papod's listener needs, with the defaults a classroom expects.
public struct ServerConfiguration: Sendable {
    /// Address to bind; `0.0.0.0` listens on every interface.
    public var host: String
    /// TCP port; 0 picks any free port (the "listening" log line gives the real one).
    public var port: Int
    /// The chat's own settings: server name, moderator password, time unit.
    public var chat: ChatConfiguration
    /// Shown in the welcome line.
    public var serverName: String {
        get { self.chat.serverName }
        set { self.chat.serverName = newValue }
    }
    public var limits: FramingLimits
    /// How often time-based rules run (mutes and bans lapsing, breakouts ending).
    public var tickInterval: TimeAmount
    /// Where the wall-clock time comes from; tests pin it.
    public var now: @Sendable () -> Date
    /// Called when the operator changes the log level (`log-level debug`).
    public var onLogLevelChange: (@Sendable (String) -> Void)?

    public static let defaultPort = 5050

    public init(
        host: String = "0.0.0.0",
        port: Int = ServerConfiguration.defaultPort,
        chat: ChatConfiguration = ChatConfiguration(),
        limits: FramingLimits = FramingLimits(),
        tickInterval: TimeAmount = .seconds(1),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.chat = chat
        self.limits = limits
        self.tickInterval = tickInterval
        self.now = now
    }
}
