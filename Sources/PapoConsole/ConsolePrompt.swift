/// What papod's console does with each line or end of input: run it, or ask before shutting
/// down. Pure, so the rule "the server is never stopped by accident" is tested without a terminal.
public struct ConsolePrompt: Sendable, Equatable {
    public static let prompt = "papod> "
    public static let confirmation = "Shut down papod? [y/N] "

    public enum Input: Sendable, Equatable {
        case line(String)
        /// Ctrl-D on an empty line.
        case end
    }

    public enum Action: Sendable, Equatable {
        /// Run this operator command.
        case execute(String)
        /// Ask `confirmation` before shutting down.
        case askToShutDown
        /// The operator said yes.
        case shutDown
        /// The operator said anything else: back to the prompt, with this note.
        case cancelShutdown(String)
        case nothing
    }

    public private(set) var isAwaitingConfirmation = false

    public init() {}

    public mutating func handle(_ input: Input) -> Action {
        if self.isAwaitingConfirmation {
            self.isAwaitingConfirmation = false
            if case .line(let answer) = input, ["y", "yes"].contains(answer.trimmed.lowercased()) {
                return .shutDown
            }
            return .cancelShutdown("papod keeps running")
        }
        switch input {
        case .end:
            self.isAwaitingConfirmation = true
            return .askToShutDown
        case .line(let line):
            let command = line.trimmed
            if command.isEmpty { return .nothing }
            if ["quit", "exit"].contains(command.lowercased()) {
                self.isAwaitingConfirmation = true
                return .askToShutDown
            }
            return .execute(command)
        }
    }

    /// The prompt to show in the current state.
    public var currentPrompt: String {
        self.isAwaitingConfirmation ? Self.confirmation : Self.prompt
    }
}

extension String {
    fileprivate var trimmed: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
