import Foundation

/// Times as operators type them for `export --since/--until` and `attendance --since`: ISO 8601,
/// `2026-11-24`, `2026-11-24T10:00`, `2026-11-24T10:00:00`, with an optional fraction of a
/// second and zone (`Z`, `+01:00`, `-0300`). Without a zone the time is local.
public enum TimeText {
    /// The instant `text` names, or nil when it is not such a time.
    public static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.skip("-"), let month = scanner.digits(2), scanner.skip("-"),
            let day = scanner.digits(2)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
            guard let h = scanner.digits(2), scanner.skip(":"), let m = scanner.digits(2) else { return nil }
            (hour, minute) = (h, m)
            if scanner.skip(":") {
                guard let s = scanner.digits(2) else { return nil }
                second = s
                if scanner.skip(".") || scanner.skip(",") {
                    guard let (value, count) = scanner.number(maxDigits: 9) else { return nil }
                    fraction = Double(value) / pow(10, Double(count))
                }
            }
        }
        var zone = timeZone
        if !scanner.isAtEnd {
            guard let offset = scanner.zoneOffset(), scanner.isAtEnd, let fixed = TimeZone(secondsFromGMT: offset) else {
                return nil
            }
            zone = fixed
        }
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...59).contains(second)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { return nil }
        // Reject days a month does not have (2026-02-30), which the calendar would roll over.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date.addingTimeInterval(fraction)
    }

    /// ASCII scanning for `parse`.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { self.position == self.bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard let ascii = character.asciiValue, self.position < self.bytes.count, self.bytes[self.position] == ascii
            else { return false }
            self.position += 1
            return true
        }

        /// Exactly `count` digits.
        mutating func digits(_ count: Int) -> Int? {
            guard self.position + count <= self.bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = self.bytes[self.position + offset]
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            self.position += count
            return value
        }

        /// One to `maxDigits` digits: the value and how many digits it had.
        mutating func number(maxDigits: Int) -> (Int, Int)? {
            var value = 0
            var count = 0
            while self.position < self.bytes.count, count < maxDigits,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self.bytes[self.position])
            {
                value = value * 10 + Int(self.bytes[self.position] - UInt8(ascii: "0"))
                count += 1
                self.position += 1
            }
            return count > 0 ? (value, count) : nil
        }

        /// `Z`, `+HH`, `+HH:MM` or `+HHMM` (or `-`), in seconds east of UTC.
        mutating func zoneOffset() -> Int? {
            if self.skip("Z") || self.skip("z") { return 0 }
            let sign: Int
            if self.skip("+") {
                sign = 1
            } else if self.skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = self.digits(2), hours <= 18 else { return nil }
            var minutes = 0
            if !self.isAtEnd {
                _ = self.skip(":")
                guard let value = self.digits(2), value < 60 else { return nil }
                minutes = value
            }
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}
