import Foundation
import PapoCore

/// Everything papod's listener needs, with the defaults a classroom expects.
public struct ServerConfiguration: Sendable {
    /// Address to bind; `0.0.0.0` listens on every interface.
    public var host: String
    /// TCP port; 0 picks any free port (the "listening" log line gives the real one).
    public var port: Int
    /// Shown in the welcome line.
    public var serverName: String
    public var limits: FramingLimits
    /// Where the wall-clock time comes from; tests pin it.
    public var now: @Sendable () -> Date

    public static let defaultPort = 5050

    public init(
        host: String = "0.0.0.0",
        port: Int = ServerConfiguration.defaultPort,
        serverName: String = "papod",
        limits: FramingLimits = FramingLimits(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.limits = limits
        self.now = now
    }
}
