import NIOCore

/// Nanoseconds on the monotonic clock (CLOCK_MONOTONIC on Linux, as chatload's tokens use).
enum MonotonicClock {
    @inline(__always)
    static var now: UInt64 { NIODeadline.now().uptimeNanoseconds }

    static func nanoseconds(_ seconds: Double) -> UInt64 { UInt64((seconds * 1e9).rounded()) }

    static func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }

    /// `seconds` as a NIO time amount (options are validated to at most an hour).
    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(Self.nanoseconds(seconds))) }
}
