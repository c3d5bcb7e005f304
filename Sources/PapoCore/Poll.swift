import Foundation

/// A room's poll (`/poll`): a question, 2–10 options, one vote a person that may change while
/// the poll is open. Anonymous unless started `--named`. Pure: the commands decide who may do
/// what, the tick closes it at its end.
public struct Poll: Sendable, Equatable, Codable {
    public static let optionLimits = 2...10
    public static let maxTextLength = 200

    public let question: String
    public let options: [String]
    public let isNamed: Bool
    public let startedBy: String
    public let endsAt: Date?
    public internal(set) var isClosed = false
    /// Voter nick key → the option chosen (0-based).
    public private(set) var choices: [String: Int] = [:]
    /// Voter nick key → the nick they voted as, for a named poll's moderators.
    private(set) var voterNames: [String: String] = [:]

    public init(question: String, options: [String], isNamed: Bool, startedBy: String, endsAt: Date?) {
        self.question = question
        self.options = options
        self.isNamed = isNamed
        self.startedBy = startedBy
        self.endsAt = endsAt
    }

    /// A poll as a snapshot keeps it, each vote checked to name one of its options (the tally
    /// counts votes by indexing the options with them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.question = try container.decode(String.self, forKey: .question)
        self.options = try container.decode([String].self, forKey: .options)
        self.isNamed = try container.decode(Bool.self, forKey: .isNamed)
        self.startedBy = try container.decode(String.self, forKey: .startedBy)
        self.endsAt = try container.decodeIfPresent(Date.self, forKey: .endsAt)
        self.isClosed = try container.decode(Bool.self, forKey: .isClosed)
        self.choices = try container.decode([String: Int].self, forKey: .choices)
        self.voterNames = try container.decode([String: String].self, forKey: .voterNames)
        guard self.choices.values.allSatisfy(self.options.indices.contains) else {
            throw DecodingError.dataCorruptedError(
                forKey: .choices, in: container, debugDescription: "a vote for no option")
        }
    }

    /// Records a vote; returns the choice it replaced, if any.
    mutating func vote(_ option: Int, by key: String, as nick: String) -> Int? {
        let previous = self.choices.updateValue(option, forKey: key)
        self.voterNames[key] = nick
        return previous
    }

    /// Votes per option, in the options' order.
    public var tally: [Int] {
        var counts = Array(repeating: 0, count: self.options.count)
        for choice in self.choices.values { counts[choice] += 1 }
        return counts
    }

    /// The tally as the web page draws it.
    public var drawnTally: PollTally {
        PollTally(question: self.question, options: self.options, votes: self.tally, isClosed: self.isClosed)
    }

    /// Who chose each option (named polls only), sorted.
    var votersByOption: [[String]] {
        var names = Array(repeating: [String](), count: self.options.count)
        for (key, choice) in self.choices { names[choice].append(self.voterNames[key] ?? key) }
        return names.map { $0.sorted() }
    }

    /// `/poll Qual protocolo? | TCP | UDP` → the question and its options; nil if malformed.
    static func parse(_ text: String) -> (question: String, options: [String])? {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
            .map { TextSanitizer.clean(String($0)).trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1, let question = parts.first, !question.isEmpty else { return nil }
        let options = Array(parts.dropFirst())
        guard !options.contains(where: \.isEmpty) else { return nil }
        return (question, options)
    }

    /// The result as a bar chart in text, one line per option: `  1. TCP  ████████░░░░  8 (67%)`.
    public func chart(width: Int = 20) -> [String] {
        let counts = self.tally
        let total = counts.reduce(0, +)
        let labelWidth = self.options.map(\.count).max() ?? 0
        let countWidth = String(counts.max() ?? 0).count
        return self.options.indices.map { index in
            let count = counts[index]
            let filled = total == 0 ? 0 : Int((Double(count) / Double(total) * Double(width)).rounded())
            let percent = total == 0 ? 0 : Int((Double(count) / Double(total) * 100).rounded())
            let label = self.options[index].padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let shown = String(repeating: " ", count: countWidth - String(count).count) + String(count)
            return "  \(index + 1). \(label)  \(bar) \(shown) (\(percent)%)"
        }
    }
}
