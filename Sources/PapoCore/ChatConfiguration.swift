import Foundation

/// Settings of the chat itself, as opposed to the transport.
public struct ChatConfiguration: Sendable {
    public var serverName: String
    /// The moderator password for `/login`; nil disables moderator login.
    public var moderatorPassword: String?
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

    public init(
        serverName: String = "papod",
        moderatorPassword: String? = nil,
        minute: TimeInterval = 60,
        auditCapacity: Int = 10_000,
        maxLoginAttempts: Int = 3,
        loginLockout: TimeInterval = 30,
        flood: FloodBucket.Limits = FloodBucket.Limits()
    ) {
        self.flood = flood
        self.serverName = serverName
        self.moderatorPassword = moderatorPassword
        self.minute = minute
        self.auditCapacity = auditCapacity
        self.maxLoginAttempts = maxLoginAttempts
        self.loginLockout = loginLockout
    }
}
