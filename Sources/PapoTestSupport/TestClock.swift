import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PapoServer

/// A clock that moves only when a test moves it, for the server's `now` and `uptime`: a test of
/// a timed rule (a deadline, a flood's grace, IRC's PING) advances it and runs the server's
/// tick, instead of waiting for real time to pass.
public final class TestClock: Sendable {
    private struct Reading {
        var now: Date
        var uptime: TimeInterval = 0
    }

    private let current: NIOLockedValueBox<Reading>

    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.current = NIOLockedValueBox(Reading(now: start))
    }

    public var now: Date { self.current.withLockedValue { $0.now } }

    /// Moves both readings: wall-clock time and uptime pass together.
    public func advance(by seconds: TimeInterval) {
        self.current.withLockedValue {
            $0.now.addTimeInterval(seconds)
            $0.uptime += seconds
        }
    }

    /// For `ServerConfiguration.now`.
    public var read: @Sendable () -> Date {
        { [current] in current.withLockedValue { $0.now } }
    }

    /// For `ServerConfiguration.uptime`: seconds advanced since the clock was made.
    public var readUptime: @Sendable () -> TimeInterval {
        { [current] in current.withLockedValue { $0.uptime } }
    }
}

extension ServerConfiguration {
    /// Takes every reading of time from `clock`, so that nothing in the server waits for the
    /// real one (its own tick as well: the test ticks).
    public mutating func use(_ clock: TestClock) {
        self.now = clock.read
        self.uptime = clock.readUptime
        self.tickInterval = .hours(1)
    }
}
