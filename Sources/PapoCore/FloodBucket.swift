import Foundation

/// A token bucket over one client's inbound lines: `burst` lines at once, refilled at `rate`
/// per second. Past it, lines are refused; a client that keeps flooding for `grace` is
/// disconnected.
public struct FloodBucket: Sendable, Equatable {
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

    var tokens: Double
    var updatedAt: Date
    /// When the current run of refusals began.
    var floodingSince: Date?
    var lastRefusalAt: Date?
    var lastNoticeAt: Date?

    public init(limits: Limits, at now: Date) {
        self.tokens = Double(limits.burst)
        self.updatedAt = now
    }

    public mutating func take(at now: Date, limits: Limits) -> Verdict {
        let elapsed = max(0, now.timeIntervalSince(self.updatedAt))
        self.tokens = min(Double(limits.burst), self.tokens + elapsed * limits.rate)
        self.updatedAt = now
        // A second without refusals ends a run of flooding.
        if let last = self.lastRefusalAt, now.timeIntervalSince(last) >= 1 {
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
        let notify = self.lastNoticeAt.map { now.timeIntervalSince($0) >= 1 } ?? true
        if notify { self.lastNoticeAt = now }
        return .refuse(notify: notify)
    }
}
