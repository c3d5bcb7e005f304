import Foundation

/// A connected client as the chat sees it: identity, room, role. The connection itself
/// (socket, line ending, queued bytes) belongs to the transport.
public struct ClientRecord: Sendable {
    // Stored fields are ordered for packing (the one-byte fields last): every idle connection
    // keeps one record, in a dictionary that is up to half empty.
    public let id: ClientID
    public internal(set) var nick: Nick
    public internal(set) var room: RoomName
    public let address: String
    public let connectedAt: Date
    public internal(set) var lastActiveAt: Date
    /// Few clients are ever muted: the mute lives in a box so that every client's record
    /// does not carry its space.
    public internal(set) var mute: Mute? {
        get { self.muteBox?.mute }
        set { self.muteBox = newValue.map(MuteBox.init) }
    }
    var muteBox: MuteBox?
    /// Only a client that talks under flood control has a bucket: boxed too, and changed in
    /// place while this record holds the only reference to its box.
    var flood: FloodBucket? {
        get { self.floodBox?.bucket }
        set {
            guard let newValue else {
                self.floodBox = nil
                return
            }
            if isKnownUniquelyReferenced(&self.floodBox) {
                self.floodBox!.bucket = newValue
            } else {
                self.floodBox = FloodBox(newValue)
            }
        }
    }
    private var floodBox: FloodBox?

    /// Flood control for one line, in place (one table access, and the box stays unshared):
    /// the bucket's verdict, or nil for a moderator, who is exempt.
    mutating func takeLine(limits: FloodBucket.Limits, at now: Date) -> FloodBucket.Verdict? {
        guard self.role < .moderator else { return nil }
        var bucket = self.flood ?? FloodBucket(limits: limits, at: now)
        let verdict = bucket.take(at: now, limits: limits)
        self.flood = bucket
        return verdict
    }
    public internal(set) var role: Role = .user
    public internal(set) var isVoiced = false
    /// The language this client reads; the server's unless it chose another.
    public internal(set) var language = Language.english
    /// Whether the client's connection is encrypted (it came through a TLS door).
    public internal(set) var isSecure = false
    /// Whether the client's door shows joins, parts, quits and nick changes as protocol events
    /// made from the room updates (IRC's JOIN, PART, QUIT, NICK): it gets no notice saying so too.
    public internal(set) var seesPresenceAsEvents = false
    /// An IRC client's capabilities (none for other doors).
    public internal(set) var ircCapabilities = IRCCapabilities()
    /// Whether the client is sent its own room messages back (IRC's echo-message): its
    /// client shows them when the server has taken them, not when they were typed.
    public var echoesOwnMessages: Bool { self.ircCapabilities.contains(.echoMessage) }

    /// Wrong `/login` passwords on this connection (a few are allowed, so a byte holds them).
    var failedLogins: Int {
        get { Int(self.failedLoginCount) }
        set { self.failedLoginCount = UInt8(clamping: newValue) }
    }
    private var failedLoginCount: UInt8 = 0
    public internal(set) var messagesSent: Int {
        get { Int(self.messageCount) }
        set { self.messageCount = UInt32(clamping: newValue) }
    }
    private var messageCount: UInt32 = 0

    init(
        id: ClientID, nick: Nick, room: RoomName, address: String, connectedAt: Date, lastActiveAt: Date,
        isSecure: Bool = false, language: Language = .english
    ) {
        self.isSecure = isSecure
        self.language = language
        self.id = id
        self.nick = nick
        self.room = room
        self.address = address
        self.connectedAt = connectedAt
        self.lastActiveAt = lastActiveAt
    }

    /// Changed only through a record that holds the sole reference (see `flood`), so copies of
    /// a record never see each other's changes: value semantics, hence the unchecked Sendable.
    final class FloodBox: @unchecked Sendable {
        var bucket: FloodBucket
        init(_ bucket: FloodBucket) { self.bucket = bucket }
    }

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
