import Foundation

/// A catalogue text read backwards: which arguments a line was rendered with. papo follows
/// what the server tells it (its nick, its room, who is around) from the same texts the
/// server writes them with, in either language, instead of from English it keeps itself.
public struct MessagePattern: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe.
    public let id: MessageID
    public let language: Language
    private let expression: NSRegularExpression?
    /// The argument each capture group holds, in order.
    private let names: [String]

    public init(_ id: MessageID, in language: Language) {
        self.id = id
        self.language = language
        var pattern = "^"
        var names: [String] = []
        for piece in MessageCatalogue.pieces(of: MessageCatalogue.entries[id]?.text(in: language) ?? "") {
            switch piece {
            case .literal(let text):
                pattern += NSRegularExpression.escapedPattern(for: text)
            case .value(let name):
                pattern += "(.*?)"
                names.append(name)
            case .plural(_, let forms):
                pattern += "(?:" + forms.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|") + ")"
            }
        }
        self.expression = try? NSRegularExpression(pattern: pattern + "$", options: [.dotMatchesLineSeparators])
        self.names = names
    }

    /// The arguments, as text, if `text` is this message; an argument named twice keeps the
    /// first.
    public func match(_ text: some StringProtocol) -> [String: String]? {
        let text = String(text)
        guard let expression,
            let result = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        var arguments: [String: String] = [:]
        for (index, name) in self.names.enumerated() where arguments[name] == nil {
            guard let range = Range(result.range(at: index + 1), in: text) else { continue }
            arguments[name] = String(text[range])
        }
        return arguments
    }
}

/// One message in every language, tried in turn.
public struct MessagePatterns: Sendable {
    private let patterns: [MessagePattern]

    public init(_ id: MessageID) {
        self.patterns = Language.allCases.map { MessagePattern(id, in: $0) }
    }

    public func match(_ text: some StringProtocol) -> [String: String]? {
        for pattern in self.patterns {
            if let arguments = pattern.match(text) { return arguments }
        }
        return nil
    }
}
