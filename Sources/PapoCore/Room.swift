import Foundation

/// A room: its members in join order and its settings.
public struct Room: Sendable {
    public let name: RoomName
    public internal(set) var members: [ClientID] = []
    public internal(set) var topic: Topic?

    public struct Topic: Sendable, Equatable {
        public let text: String
        public let setBy: String
        public let setAt: Date
    }

    init(name: RoomName) {
        self.name = name
    }

    /// Every member but one: the recipients of something that member said.
    func members(except id: ClientID) -> [ClientID] {
        self.members.filter { $0 != id }
    }
}
