import Foundation

/// A token bucket over one client's inbound lines: `burst` lines at once, refilled at `rate`
/// per second. Past it, lines are refused; a client that keeps flooding for `grace` is
/// disconnected.
public struct FloodBucket: Sendable, Equatable, Codable {
    public struct Limits: Sendable, Equatable {
        /// Lines allowed at once; 0 turns flood control off.
        public var burst: Int
        /// Lines per second refilled; 0 turns flood control off.
        public var rate: Double
        /// How long a client may keep flooding before it is disconnected.
        public var grace: TimeInterval

        public init(burst: Int = 10, rate: Double = 5, grace: TimeInterval = 10) {
            self.burst = burst
            self.rate = rate
            self.grace = grace
        }

        public var isEnabled: Bool { self.burst > 0 && self.rate > 0 }
    }

    public enum Verdict: Equatable, Sendable {
        case accept
        /// Refused; `notify` is true at most once a second.
        case refuse(notify: Bool)
        /// Still flooding after the grace period.
        case disconnect
    }

    // Kept in every talking client's record, so small: "never" is the distant past rather
    // than an optional, which would pad each date to 16 bytes.
    var tokens: Double
    var updatedAt: Date
    var lastRefusalAt = Date.distantPast
    var lastNoticeAt = Date.distantPast
    /// When the current run of refusals began.
    var floodingSince: Date?

    public init(limits: Limits, at now: Date) {
        self.tokens = Double(limits.burst)
        self.updatedAt = now
    }

    public mutating func take(at now: Date, limits: Limits) -> Verdict {
        let elapsed = max(0, now.timeIntervalSince(self.updatedAt))
        self.tokens = min(Double(limits.burst), self.tokens + elapsed * limits.rate)
        self.updatedAt = now
        // A second without refusals ends a run of flooding.
        if now.timeIntervalSince(self.lastRefusalAt) >= 1 {
            self.floodingSince = nil
        }
        if self.tokens >= 1 {
            self.tokens -= 1
            return .accept
        }
        let since = self.floodingSince ?? now
        self.floodingSince = since
        self.lastRefusalAt = now
        if now.timeIntervalSince(since) >= limits.grace {
            return .disconnect
        }
        let notify = now.timeIntervalSince(self.lastNoticeAt) >= 1
        if notify { self.lastNoticeAt = now }
        return .refuse(notify: notify)
    }
}
