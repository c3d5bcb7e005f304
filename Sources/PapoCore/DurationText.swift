import Foundation

/// Short human durations for `/who`: `45s`, `12m 3s`, `2h 5m`, `3d 4h`.
public enum DurationText {
    public static func format(_ interval: TimeInterval) -> String {
        let seconds = max(0, Int(interval))
        let (days, hours, minutes, secs) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(secs)s" }
        return "\(secs)s"
    }

    /// A number as people write it: `5`, `2.5`.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Seconds that may be fractional: `0.5s`, `30s`, `2m 0s`.
    public static func seconds(_ interval: TimeInterval) -> String {
        interval < 60 && interval != interval.rounded() ? "\(Self.number((interval * 10).rounded() / 10))s" : Self.format(interval)
    }

    /// ISO 8601 in UTC, `2026-11-24T21:50:03Z`, for machine-readable output.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// A UTC timestamp such as `2026-11-24 21:50:03 UTC`.
    public static func timestamp(_ date: Date) -> String {
        let iso = date.formatted(.iso8601)  // 2026-11-24T21:50:03Z
        return iso.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}
