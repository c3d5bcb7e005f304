@testable import PapoCore

/// Reading effects in tests: what each client is sent, and who is closed.
extension [Effect] {
    /// The text lines delivered to `id`, rendered, in order (not the web client's view updates).
    func lines(for id: ClientID) -> [String] {
        self.flatMap { effect -> [String] in
            if case .deliver(let line, let recipients) = effect, line.isText, recipients.contains(id) { return [line.rendered] }
            return []
        }
    }

    /// The web client's view updates delivered to `id`, in order.
    func updates(for id: ClientID) -> [RoomUpdate] {
        self.compactMap { effect -> RoomUpdate? in
            if case .deliver(.update(let update), let recipients) = effect, recipients.contains(id) { return update }
            return nil
        }
    }

    /// The effects without the web client's view updates.
    var withoutUpdates: [Effect] {
        self.filter { effect in
            if case .deliver(.update, _) = effect { return false }
            return true
        }
    }

    var closed: [ClientID] {
        self.compactMap { if case .close(let id) = $0 { id } else { nil } }
    }
}
