import Foundation

/// A room: its members in join order and its settings.
public struct Room: Sendable, Codable {
    public let name: RoomName
    public internal(set) var members: [ClientID] = []
    public internal(set) var topic: Topic?
    /// Only moderators and voiced users may speak in a quiet room (a lecture).
    public internal(set) var isQuiet = false
    /// Seconds a non-moderator must wait between messages; 0 is off.
    public internal(set) var slowSeconds = 0
    /// When each member last spoke, for slow mode.
    var lastSpokeAt: [ClientID: Date] = [:]
    /// Raised hands, first raised first.
    public internal(set) var hands: [ClientID] = []
    /// The settings its members were last shown, for what IRC says changed (TOPIC, MODE).
    var shownSettings: RoomView.Settings?

    public struct Topic: Sendable, Equatable, Codable {
        public let text: String
        public let setBy: String
        public let setAt: Date

        public init(text: String, setBy: String, setAt: Date) {
            self.text = text
            self.setBy = setBy
            self.setAt = setAt
        }
    }

    init(name: RoomName) {
        self.name = name
    }

    /// Every member but one: the recipients of something that member said.
    func members(except id: ClientID) -> [ClientID] {
        // Sized once: `filter` grows its result as it goes (a few reallocations for every
        // line said in a large room).
        var others: [ClientID] = []
        others.reserveCapacity(self.members.count)
        for member in self.members where member != id {
            others.append(member)
        }
        return others
    }
}
