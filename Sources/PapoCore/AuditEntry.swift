import Foundation

/// One moderation action: who did what to whom, why and when.
public struct AuditEntry: Sendable, Equatable, Codable {
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

    /// `2026-11-24 10:42:00 UTC ana kick bob (spamming)`: the human line, in the reader's
    /// language; the action, target and reason stay as recorded.
    public var message: Message {
        var arguments: [String: MessageValue] = ["at": .timestamp(self.at), "actor": "\(self.actor)", "action": "\(self.action)"]
        if let target { arguments["target"] = .text(target) }
        if let reason { arguments["reason"] = .text(reason) }
        switch (self.target, self.reason) {
        case (nil, nil): return Message(.auditRow, arguments)
        case (_?, nil): return Message(.auditRowTarget, arguments)
        case (nil, _?): return Message(.auditRowReason, arguments)
        case (_?, _?): return Message(.auditRowTargetReason, arguments)
        }
    }

    /// The human line in English, for papod's log.
    public var rendered: String { self.message.rendered(in: .english) }
}
