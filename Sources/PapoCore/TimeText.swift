import Foundation

/// Times as operators type them for `export --since/--until` and `attendance --since`: ISO 8601,
/// `2026-11-24`, `2026-11-24T10:00`, `2026-11-24T10:00:00`, with an optional fraction of a
/// second and zone (`Z`, `+01:00`, `-0300`). Without a zone the time is local.
///
/// Foundation's `Date.ISO8601FormatStyle` reads the time; a pattern first accepts the shapes
/// above and writes them in the one form the style reads (seconds and a zone's minutes
/// always there). The style rolls an impossible date over (`2026-02-30` becomes March 2nd),
/// so the fields are checked before it reads them.
public enum TimeText {
    /// The instant `text` names, or nil when it is not such a time.
    public static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        guard let match = text.wholeMatch(of: Self.shape) else { return nil }
        let (_, yearText, monthText, dayText, hour, minute, second, fraction, zone) = match.output
        guard let year = Int(yearText), let month = Int(monthText), let day = Int(dayText), (1...12).contains(month),
            let days = Self.days(inMonth: month, of: year), (1...days).contains(day)
        else { return nil }
        var canonical = "\(yearText)-\(monthText)-\(dayText)T"
        if let hour, let minute {
            guard let h = Int(hour), let m = Int(minute), h <= 23, m <= 59 else { return nil }
            if let second, let s = Int(second), s > 59 { return nil }
            canonical += "\(hour):\(minute):\(second ?? "00")"
        } else {
            canonical += "00:00:00"
        }
        let hasFraction = fraction != nil
        if let fraction { canonical += "." + fraction }
        var style = Date.ISO8601FormatStyle(timeZone: timeZone).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: hasFraction).timeSeparator(.colon)
        if let zone {
            guard let offset = Self.canonicalOffset(zone) else { return nil }
            canonical += offset
            style = style.timeZone(separator: .colon)
        }
        return try? style.parse(canonical)
    }

    /// `2026-11-24`, then optionally `T10:00`, `:30`, `.750` (or `,750`), then optionally a zone.
    /// ASCII digits only: `\d` would take other scripts' digits too. Made for each parse: a
    /// regex compiles itself lazily, so one shared between threads would race.
    private static var shape: Regex<(Substring, Substring, Substring, Substring, Substring?, Substring?, Substring?, Substring?, Substring?)> {
        /([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?)?([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?/
    }

    /// `Z`, `+HH`, `+HHMM` or `+HH:MM` (or `-`) as the style reads it: `Z` or `±HH:MM`; nil past ±18 hours.
    private static func canonicalOffset(_ zone: Substring) -> String? {
        if zone == "Z" || zone == "z" { return "Z" }
        let digits = zone.dropFirst().filter { $0 != ":" }
        guard let hours = Int(digits.prefix(2)), hours <= 18 else { return nil }
        let minutes = digits.count > 2 ? String(digits.suffix(2)) : "00"
        guard let m = Int(minutes), m < 60 else { return nil }
        return "\(zone.first!)\(digits.prefix(2)):\(minutes)"
    }

    private static func days(inMonth month: Int, of year: Int) -> Int? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: 1)) else { return nil }
        return calendar.range(of: .day, in: .month, for: date)?.count
    }
}
