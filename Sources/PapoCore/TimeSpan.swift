import Foundation

/// Durations as moderators type them: `30s`, `10m`, `2h`, `1d`, or combined, `1h30m`.
public enum TimeSpan {
    /// The duration in seconds, or nil when `text` is not a duration.
    public static func parse(_ text: String) -> TimeInterval? {
        var total: TimeInterval = 0
        var digits = ""
        var sawUnit = false
        for character in text.lowercased() {
            if character.isASCIIDigitCharacter {
                digits.append(character)
                guard digits.count <= 6 else { return nil }
                continue
            }
            guard let value = Double(digits) else { return nil }
            switch character {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86_400
            case "w": total += value * 7 * 86_400
            default: return nil
            }
            digits = ""
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty, total > 0 else { return nil }
        return total
    }
}
