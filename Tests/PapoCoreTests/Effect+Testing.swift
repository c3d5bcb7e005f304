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

    /// The lines delivered to `id` that a web page is sent (updates too), in order.
    func webLines(for id: ClientID) -> [ServerLine] {
        self.compactMap { effect -> ServerLine? in
            if case .deliver(let line, let recipients) = effect, line.isForWeb, recipients.contains(id) { return line }
            return nil
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

    /// The effects with each chat line as said, without the number it carries for web pages
    /// (`LineRemovalTests` tests the numbers).
    var withoutLineNumbers: [Effect] {
        self.map { effect in
            if case .deliver(.withNumber(_, let line), let recipients) = effect { return .deliver(line, to: recipients) }
            return effect
        }
    }

    var closed: [ClientID] {
        self.compactMap { if case .close(let id) = $0 { id } else { nil } }
    }
}
