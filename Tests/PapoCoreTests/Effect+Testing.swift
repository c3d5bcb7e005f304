@testable import PapoCore

/// Reading effects in tests: what each client is sent, and who is closed.
extension [Effect] {
    /// The lines delivered to `id`, rendered, in order.
    func lines(for id: ClientID) -> [String] {
        self.flatMap { effect -> [String] in
            if case .deliver(let line, let recipients) = effect, recipients.contains(id) { return [line.rendered] }
            return []
        }
    }

    var closed: [ClientID] {
        self.compactMap { if case .close(let id) = $0 { id } else { nil } }
    }
}
