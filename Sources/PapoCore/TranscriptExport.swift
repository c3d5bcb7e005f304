import Foundation

/// A room's transcript written out for `export`: as text for people, CSV for spreadsheets,
/// JSON for programs. CSV and JSON share the columns `time,room,nick,kind,text`, time in
/// ISO 8601 UTC; a server notice has an empty nick (`null` in JSON).
public enum TranscriptExport {
    public enum Format: String, Sendable, CaseIterable {
        case text
        case csv
        case json
    }

    public static func render(_ lines: [TranscriptLine], as format: Format, timeZone: TimeZone) -> String {
        switch format {
        case .text: return Self.text(lines, timeZone: timeZone)
        case .csv: return Self.csv(lines)
        case .json: return Self.json(lines)
        }
    }

    /// `[2026-11-24 10:42:05] <ana> bom dia`, one a line, in local time.
    public static func text(_ lines: [TranscriptLine], timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var output = ""
        for line in lines {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: line.time)
            let stamp = String(
                format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
            output += "[\(stamp)] \(line.serverLine.rendered)\n"
        }
        return output
    }

    /// RFC 4180: a header, CRLF between records, fields quoted when they hold `"`, `,` or a line break.
    public static func csv(_ lines: [TranscriptLine]) -> String {
        var output = "time,room,nick,kind,text\r\n"
        for line in lines {
            let fields = [DurationText.iso8601(line.time), line.room, line.nick ?? "", line.kind.rawValue, line.text]
            output += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        return output
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "\"" || $0 == "," || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An array of objects, one per line of output, written by `JSONEncoder` (keys sorted, so
    /// that every line reads alike).
    public static func json(_ lines: [TranscriptLine]) -> String {
        guard !lines.isEmpty else { return "[]\n" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let objects = lines.map { line in
            // Encoding strings and a date as text cannot fail.
            (try? encoder.encode(ExportedLine(line))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// One line as the JSON export writes it: `time,room,nick,kind,text`, a notice's nick null.
    struct ExportedLine: Encodable {
        let line: TranscriptLine

        init(_ line: TranscriptLine) {
            self.line = line
        }

        enum CodingKeys: String, CodingKey {
            case time, room, nick, kind, text
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(DurationText.iso8601(self.line.time), forKey: .time)
            try container.encode(self.line.room, forKey: .room)
            try container.encode(self.line.nick, forKey: .nick)
            try container.encode(self.line.kind.rawValue, forKey: .kind)
            try container.encode(self.line.text, forKey: .text)
        }
    }
}
