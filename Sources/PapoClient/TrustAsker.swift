import PapoCore

/// How papo asks the user about a server it does not know, and where it tells them what it did
/// (the fingerprint saved): a terminal in papo, a scripted answer in tests.
public struct TrustAsker: Sendable {
    public enum Answer: Sendable, Equatable {
        case trust
        case decline
        /// Nobody can be asked (stdin is not a terminal).
        case cannotAsk
    }

    private let askBody: @Sendable (TrustQuestion) async -> Answer
    private let tellBody: @Sendable (Message) -> Void

    /// - Parameters:
    ///   - ask: Shows the question and waits for the answer; it may take as long as the user does.
    ///   - tell: Shows a one-line note, such as where the fingerprint was saved.
    public init(
        ask: @escaping @Sendable (TrustQuestion) async -> Answer,
        tell: @escaping @Sendable (Message) -> Void = { _ in }
    ) {
        self.askBody = ask
        self.tellBody = tell
    }

    public func ask(_ question: TrustQuestion) async -> Answer {
        await self.askBody(question)
    }

    public func tell(_ note: Message) {
        self.tellBody(note)
    }
}
