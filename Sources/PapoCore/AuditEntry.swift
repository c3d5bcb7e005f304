import Foundation

/// One moderation action: who did what to whom, why and when.
public struct AuditEntry: Sendable, Equatable {
    public let at: Date
    /// A nick, or `operator`.
    public let actor: String
    /// `login`, `login-failed`, `op`, `deop`, `kick`, `ban`, `unban`, `mute`, `unmute`, `quiet`,
    /// `slow`, `move`, `gather`, `breakout`, `announce`, …
    public let action: String
    public let target: String?
    public let reason: String?

    public init(at: Date, actor: String, action: String, target: String? = nil, reason: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.reason = reason
    }

    /// `2026-11-24 10:42:00 UTC ana kick bob (spamming)`
    public var rendered: String {
        var text = "\(DurationText.timestamp(self.at)) \(self.actor) \(self.action)"
        if let target { text += " \(target)" }
        if let reason { text += " (\(reason))" }
        return text
    }
}
