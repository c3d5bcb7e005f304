import Foundation

/// One text in every language papod has. English is required; a missing translation falls
/// back to it.
public struct Translations: Sendable {
    public let english: String
    public let portuguese: String?

    public init(en english: String, pt portuguese: String?) {
        self.english = english
        self.portuguese = portuguese
    }

    public func text(in language: Language) -> String {
        switch language {
        case .english: return self.english
        case .portuguese: return self.portuguese ?? self.english
        }
    }
}

/// Every text papod shows people, by id, in English and Brazilian Portuguese.
///
/// A template names its arguments in braces, `{nick} joined {room}`, so a translation may
/// reorder them; `{count:member|members}` is the word for the number in `count`, in the
/// language's plural rule. Each area keeps its table in its own file beside this one.
public enum MessageCatalogue {
    static let tables: [[MessageID: Translations]] = [
        Self.chat, Self.commands, Self.rules, Self.help, Self.summaries, Self.users, Self.languages, Self.moderation, Self.operatorReplies, Self.client, Self.irc, Self.privacy, Self.questions, Self.polls, Self.removal,
    ]

    /// All the tables as one; an id in two tables is a mistake the catalogue test reports.
    public static let entries: [MessageID: Translations] = {
        var merged: [MessageID: Translations] = [:]
        for table in Self.tables {
            merged.merge(table) { first, _ in first }
        }
        return merged
    }()

    /// Ids declared in more than one table.
    public static var duplicateIDs: [MessageID] {
        var seen = Set<MessageID>()
        var duplicates: [MessageID] = []
        for table in Self.tables {
            for id in table.keys where !seen.insert(id).inserted { duplicates.append(id) }
        }
        return duplicates
    }

    /// What is wrong with `message` in `language`: no text for its id, a placeholder without
    /// an argument, a plural without a count, an argument no placeholder uses. Empty when it
    /// renders as meant; debug builds assert that it is.
    public static func problems(with message: Message, in language: Language) -> [String] {
        guard let template = Self.entries[message.id]?.text(in: language) else { return ["no text for \(message.id)"] }
        var problems: [String] = []
        for piece in Self.pieces(of: template) {
            switch piece {
            case .literal: continue
            case .value(let name) where message.arguments[name] == nil:
                problems.append("{\(name)} has no argument in \(message.id) (\(language.rawValue))")
            case .plural(let name, _) where message.arguments[name]?.count == nil:
                problems.append("{\(name):…} needs a count in \(message.id) (\(language.rawValue))")
            default: continue
            }
        }
        for unused in Set(message.arguments.keys).subtracting(Self.placeholders(in: template)).sorted() {
            problems.append("argument \(unused) is not used by \(message.id) (\(language.rawValue))")
        }
        return problems
    }

    public static func render(_ message: Message, in language: Language) -> String {
        guard let template = Self.entries[message.id]?.text(in: language) else {
            assertionFailure("no text for message \(message.id)")
            return message.id.rawValue
        }
        return Self.fill(template, with: message.arguments, in: language)
    }

    /// The argument names a template uses.
    public static func placeholders(in template: String) -> Set<String> {
        Set(Self.pieces(of: template).compactMap(\.argument))
    }

    static func fill(_ template: String, with arguments: [String: MessageValue], in language: Language) -> String {
        var output = ""
        for piece in Self.pieces(of: template) {
            switch piece {
            case .literal(let text):
                output += text
            case .value(let name):
                guard let value = arguments[name] else {
                    assertionFailure("message argument {\(name)} not given in \"\(template)\"")
                    output += "{\(name)}"
                    continue
                }
                output += value.rendered(in: language)
            case .plural(let name, let forms):
                guard let count = arguments[name]?.count, !forms.isEmpty else {
                    assertionFailure("plural {\(name)} needs a count in \"\(template)\"")
                    output += forms.last ?? ""
                    continue
                }
                output += forms[min(PluralRule.category(of: count, in: language), forms.count - 1)]
            }
        }
        assert(
            Set(arguments.keys).isSubset(of: Self.placeholders(in: template)),
            "unused message arguments \(Set(arguments.keys).subtracting(Self.placeholders(in: template))) in \"\(template)\"")
        return output
    }

    enum Piece: Equatable {
        case literal(String)
        case value(String)
        case plural(String, forms: [String])

        var argument: String? {
            switch self {
            case .literal: return nil
            case .value(let name), .plural(let name, _): return name
            }
        }
    }

    static func pieces(of template: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            let inside = rest[rest.index(after: open)..<close]
            if let colon = inside.firstIndex(of: ":") {
                let forms = inside[inside.index(after: colon)...].split(separator: "|", omittingEmptySubsequences: false)
                pieces.append(.plural(String(inside[..<colon]), forms: forms.map(String.init)))
            } else {
                pieces.append(.value(String(inside)))
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return pieces
    }
}

/// Which plural form a number takes: 0 for the first (`one`), 1 for the second (`other`).
enum PluralRule {
    static func category(of count: Int, in language: Language) -> Int {
        switch language {
        // CLDR: English `one` is exactly 1.
        case .english: return count == 1 ? 0 : 1
        // CLDR: Portuguese `one` is 0 and 1 ("0 membro" is rare in practice; texts say
        // "nenhum" for none).
        case .portuguese: return count == 0 || count == 1 ? 0 : 1
        }
    }
}

extension MessageValue {
    public func rendered(in language: Language) -> String {
        switch self {
        case .text(let text): return text
        case .count(let value): return String(value)
        case .number(let value): return DurationText.number(value, in: language)
        case .duration(let interval): return DurationText.format(interval, in: language)
        case .seconds(let interval): return DurationText.seconds(interval, in: language)
        case .timestamp(let date): return DurationText.timestamp(date, in: language)
        case .message(let message): return message.rendered(in: language)
        case .alternatives(let words):
            return words.joined(separator: language == .portuguese ? " ou " : " or ")
        case .list(let values):
            return values.map { $0.rendered(in: language) }.joined(separator: ", ")
        }
    }
}
