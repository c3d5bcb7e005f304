/// A command that cannot be carried out. Its message becomes one `-!- error:` line, in the
/// reader's language; the connection stays open.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: Message

    public init(_ message: Message) {
        self.message = message
    }

    public init(_ id: MessageID, _ arguments: [String: MessageValue] = [:]) {
        self.message = Message(id, arguments)
    }

    /// In English, for logs and tests.
    public var description: String { self.message.rendered(in: .english) }

    public func rendered(in language: Language) -> String {
        self.message.rendered(in: language)
    }

    /// `problem`, then the command's usage.
    static func usage(_ problem: Message, _ spec: CommandSpec, scope: CommandScope) -> CommandError {
        CommandError(.usageProblem, ["problem": .message(problem), "usage": "\(spec.usage(for: scope))"])
    }

    static func noSuchNick(_ name: String) -> CommandError {
        CommandError(.noSuchNick, ["nick": "\(TextSanitizer.preview(name, limit: 30))"])
    }
}
