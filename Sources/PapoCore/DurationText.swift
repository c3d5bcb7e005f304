import Foundation

/// Short human durations for `/who`: `45s`, `12m 3s`, `2h 5m`, `3d 4h`; in Portuguese
/// `45 s`, `12 min 3 s`, `2 h 5 min`, `3 d 4 h`.
public enum DurationText {
    public static func format(_ interval: TimeInterval, in language: Language) -> String {
        guard language == .portuguese else { return Self.format(interval) }
        let seconds = max(0, Int(interval))
        let (days, hours, minutes, secs) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
        // `2 h 30 min`, and `2 h` rather than `2 h 0 min`.
        func pair(_ big: Int, _ bigUnit: String, _ small: Int, _ smallUnit: String) -> String {
            small == 0 ? "\(big) \(bigUnit)" : "\(big) \(bigUnit) \(small) \(smallUnit)"
        }
        if days > 0 { return pair(days, "d", hours, "h") }
        if hours > 0 { return pair(hours, "h", minutes, "min") }
        if minutes > 0 { return pair(minutes, "min", secs, "s") }
        return "\(secs) s"
    }

    /// A number as people of `language` write it: `2.5`, or `2,5` in Portuguese.
    public static func number(_ value: Double, in language: Language) -> String {
        let text = Self.number(value)
        return language == .portuguese ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    public static func seconds(_ interval: TimeInterval, in language: Language) -> String {
        guard language == .portuguese else { return Self.seconds(interval) }
        return interval < 60 && interval != interval.rounded()
            ? "\(Self.number((interval * 10).rounded() / 10, in: language)) s" : Self.format(interval, in: language)
    }

    /// `2026-11-24 21:50:03 UTC`, or in Portuguese `24/11/2026 21:50 UTC`.
    public static func timestamp(_ date: Date, in language: Language) -> String {
        guard language == .portuguese else { return Self.timestamp(date) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(two(c.day))/\(two(c.month))/\(c.year ?? 0) \(two(c.hour)):\(two(c.minute)) UTC"
    }

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
