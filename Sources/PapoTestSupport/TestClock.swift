import Foundation
import NIOConcurrencyHelpers

/// A clock that moves only when a test moves it, for the server's `now`: a test of a timed
/// rule (a deadline, a flood's grace) advances it and runs the server's tick, instead of
/// waiting for real time to pass.
public final class TestClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.current = NIOLockedValueBox(start)
    }

    public var now: Date { self.current.withLockedValue { $0 } }

    public func advance(by seconds: TimeInterval) {
        self.current.withLockedValue { $0.addTimeInterval(seconds) }
    }

    /// For `ServerConfiguration.now`.
    public var read: @Sendable () -> Date {
        { [current] in current.withLockedValue { $0 } }
    }
}
