import Foundation

/// One question on a room's list (`/ask`).
public struct Question: Sendable, Equatable, Codable {
    public enum Status: Sendable, Equatable, Codable {
        case open
        case answered(by: String)
        case dismissed(by: String)
    }

    /// Its number in the room, from 1: what `/upvote`, `/answer` and `/dismiss` take.
    public let number: Int
    public let text: String
    /// Who asked, as they were called then; the room sees "anonymous" if `isAnonymous`.
    public let asker: String
    /// The asker's nick key: their own upvote does not count.
    let askerKey: String
    public let isAnonymous: Bool
    public let askedAt: Date
    /// The nick keys of those who upvoted it, once each.
    public private(set) var upvoters: Set<String> = []
    public internal(set) var status = Status.open

    public var votes: Int { self.upvoters.count }

    mutating func upvote(by key: String) -> Bool {
        self.upvoters.insert(key).inserted
    }

    /// As synthesized, but the upvoters sorted: a set lists its elements in an order of its
    /// own, and two equal states must encode to equal bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.number, forKey: .number)
        try container.encode(self.text, forKey: .text)
        try container.encode(self.asker, forKey: .asker)
        try container.encode(self.askerKey, forKey: .askerKey)
        try container.encode(self.isAnonymous, forKey: .isAnonymous)
        try container.encode(self.askedAt, forKey: .askedAt)
        try container.encode(self.upvoters.sorted(), forKey: .upvoters)
        try container.encode(self.status, forKey: .status)
    }
}

/// A room's questions: numbered as asked, listed most-upvoted first. Pure: the commands
/// decide who may do what.
public struct QuestionList: Sendable, Equatable, Codable {
    public private(set) var questions: [Question] = []

    init() {}

    /// A list as a snapshot keeps it, checked to be numbered 1, 2, 3, … (a question is found,
    /// and replaced, at the place its number gives).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.questions = try container.decode([Question].self, forKey: .questions)
        guard zip(self.questions, 1...).allSatisfy({ question, number in question.number == number }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .questions, in: container, debugDescription: "questions out of number")
        }
    }

    /// The open questions, most-upvoted first, then oldest first.
    public var open: [Question] {
        self.questions.filter { $0.status == .open }.sorted { ($0.votes, -$0.number) > ($1.votes, -$1.number) }
    }

    mutating func ask(_ text: String, by asker: String, key: String, anonymously: Bool, at now: Date) -> Question {
        let question = Question(
            number: self.questions.count + 1, text: text, asker: asker, askerKey: key, isAnonymous: anonymously, askedAt: now)
        self.questions.append(question)
        return question
    }

    /// The question numbered `number`, if there is one.
    func question(_ number: Int) -> Question? {
        guard number >= 1 && number <= self.questions.count else { return nil }
        return self.questions[number - 1]
    }

    mutating func update(_ question: Question) {
        self.questions[question.number - 1] = question
    }
}
