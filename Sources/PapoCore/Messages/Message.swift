import Foundation

/// The name of a text in the catalogue. Each area declares its own in its table's file.
public struct MessageID: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral, Codable {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { self.rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}

/// A text a person reads, as the core decides it: which one and with what, not yet in any
/// language. `MessageCatalogue` renders it per language at the edge.
public struct Message: Equatable, Sendable, Codable {
    public let id: MessageID
    /// Named, so a translation may put them in any order.
    public let arguments: [String: MessageValue]

    public init(_ id: MessageID, _ arguments: [String: MessageValue] = [:]) {
        self.id = id
        self.arguments = arguments
    }

    /// The text in `language` (English where the translation lacks it).
    public func rendered(in language: Language) -> String {
        MessageCatalogue.render(self, in: language)
    }
}

/// An argument of a message. Numbers, durations and times are kept as values, so each
/// language writes them its own way (`2.5` / `2,5`, `2h 30m` / `2 h 30 min`).
public indirect enum MessageValue: Equatable, Sendable, Codable, ExpressibleByStringInterpolation,
    ExpressibleByIntegerLiteral
{
    /// Written as it is: nicks, room names, what people typed, command usages.
    case text(String)
    /// A whole number; also what a plural form such as `{count:member|members}` is chosen by.
    case count(Int)
    /// A number that may have a fraction.
    case number(Double)
    /// A length of time, in whole seconds: `12m 3s`.
    case duration(TimeInterval)
    /// A length of time that may be under a second: `0.5s`.
    case seconds(TimeInterval)
    /// An instant, in UTC: `2026-11-24 21:50:03 UTC`.
    case timestamp(Date)
    /// Another message, rendered in the same language: a reason, a clause.
    case message(Message)
    /// Words to choose from: `on or off`, `on ou off`.
    case alternatives([String])
    /// Several values in a row, separated by commas: `quiet, slow 5s`.
    case list([MessageValue])

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self = .text(String(stringInterpolation: stringInterpolation))
    }

    public init(integerLiteral value: Int) {
        self = .count(value)
    }

    /// The plural form's number: a count, or a whole `number` (`1.5 lines` takes the plural).
    var count: Int? {
        switch self {
        case .count(let value): return value
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? Int(value) : Int.max
        default: return nil
        }
    }
}

/// A line whose text comes from the catalogue: rendered in each reader's language into the
/// `ServerLine` of the same kind, whose prefix (`-!- `, `-!- error: `) never changes.
public enum MessageLine: Equatable, Sendable {
    case notice(Message)
    case error(Message)

    public func rendered(in language: Language) -> ServerLine {
        switch self {
        case .notice(let message): return .notice(message.rendered(in: language))
        case .error(let message): return .error(message.rendered(in: language))
        }
    }
}

extension MessageLine {
    public static func notice(_ id: MessageID, _ arguments: [String: MessageValue] = [:]) -> MessageLine {
        .notice(Message(id, arguments))
    }

    public static func error(_ id: MessageID, _ arguments: [String: MessageValue] = [:]) -> MessageLine {
        .error(Message(id, arguments))
    }
}
