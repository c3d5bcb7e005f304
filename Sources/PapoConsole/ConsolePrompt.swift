import PapoCore

/// What papod's console does with each line or end of input: run it, or ask before shutting
/// down. Pure, so the rule "the server is never stopped by accident" is tested without a terminal.
public struct ConsolePrompt: Sendable, Equatable {
    public static let prompt = "papod> "

    /// The question before shutting down, in the console's language.
    public var confirmation: String { Message(.consoleConfirmShutdown).rendered(in: self.language) }

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
        /// Ask `confirmation` before running a command that cannot be undone (`clear ROOM`).
        case askToConfirm
        /// The operator did not say yes to it: back to the prompt, with this note.
        case cancelCommand(String)
        case nothing
    }

    public private(set) var isAwaitingConfirmation = false
    /// A command waiting for the operator's yes, and the question asked.
    public private(set) var pendingCommand: PendingCommand?

    public struct PendingCommand: Sendable, Equatable {
        public let line: String
        public let question: String
    }
    /// The server's language, which the operator reads.
    public let language: Language

    public init(language: Language = .english) {
        self.language = language
    }

    public mutating func handle(_ input: Input) -> Action {
        if let pending = self.pendingCommand {
            self.pendingCommand = nil
            if case .line(let answer) = input, OperatorConfirmation.isYes(answer) {
                return .execute(pending.line)
            }
            return .cancelCommand(OperatorConfirmation.declined(in: self.language))
        }
        if self.isAwaitingConfirmation {
            self.isAwaitingConfirmation = false
            // Yes in either language: `y`, `yes`, `s`, `sim`.
            if case .line(let answer) = input, ["y", "yes", "s", "sim"].contains(answer.trimmed.lowercased()) {
                return .shutDown
            }
            return .cancelShutdown(Message(.consoleKeepsRunning).rendered(in: self.language))
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
            if let question = OperatorConfirmation.question(for: command, in: self.language) {
                self.pendingCommand = PendingCommand(line: command, question: question)
                return .askToConfirm
            }
            return .execute(command)
        }
    }

    /// The prompt to show in the current state.
    public var currentPrompt: String {
        if let pending = self.pendingCommand { return pending.question }
        return self.isAwaitingConfirmation ? self.confirmation : Self.prompt
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
