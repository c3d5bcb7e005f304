import Foundation

/// A connected client as the chat sees it: identity, room, role. The connection itself
/// (socket, line ending, queued bytes) belongs to the transport.
public struct ClientRecord: Sendable {
    public let id: ClientID
    public internal(set) var nick: Nick
    public internal(set) var room: RoomName
    public internal(set) var role: Role = .user
    public internal(set) var isVoiced = false
    public let address: String
    public let connectedAt: Date
    public internal(set) var lastActiveAt: Date
    public internal(set) var messagesSent = 0
    /// The last name a seed-style client announced, so each new name is tried once.
    var seedName: String?
    /// Few clients are ever muted: the mute lives in a box so that every client's record (a
    /// dictionary entry, kept for each idle connection) does not carry its space.
    public internal(set) var mute: Mute? {
        get { self.muteBox?.mute }
        set { self.muteBox = newValue.map(MuteBox.init) }
    }
    var muteBox: MuteBox?
    /// Wrong `/login` passwords on this connection.
    var failedLogins = 0
    var flood: FloodBucket?

    /// Immutable, so sharing it between copies of the record keeps value semantics.
    final class MuteBox: Sendable {
        let mute: Mute
        init(_ mute: Mute) { self.mute = mute }
    }

    /// A silenced client reads but may not speak, act or send private messages.
    public struct Mute: Sendable, Equatable {
        public let by: String
        /// Nil: until lifted.
        public let until: Date?
        public let reason: String?
    }

    /// The nick as `/list` shows it: `@` for moderators, `+` for voiced users.
    public var listedName: String {
        switch (self.role, self.isVoiced) {
        case (.moderator, _): return "@" + self.nick.name
        case (.user, true): return "+" + self.nick.name
        case (.user, false): return self.nick.name
        }
    }
}
