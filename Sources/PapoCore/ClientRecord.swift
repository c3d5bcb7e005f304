import Foundation

/// A connected client as the chat sees it: identity, room, role. The connection itself
/// (socket, line ending, queued bytes) belongs to the transport.
public struct ClientRecord: Sendable, Codable {
    // Stored fields are ordered for packing into 120 bytes (the one-byte fields last): every
    // idle connection keeps one record, in a dictionary that is up to half empty.
    public let id: ClientID
    public internal(set) var nick: Nick
    public internal(set) var room: RoomName
    public let address: String
    public let connectedAt: Date
    public internal(set) var lastActiveAt: Date
    /// What a client gathers by speaking or being moderated (its flood bucket, a mute, counts):
    /// none of it for a client that only listens, so every record holds one reference for all.
    private var activity: Activity?

    /// Few clients are ever muted.
    public internal(set) var mute: Mute? {
        get { self.activity?.mute }
        set { self.changeActivity { $0.mute = newValue } }
    }
    /// Only a client that talks under flood control has a bucket.
    var flood: FloodBucket? {
        get { self.activity?.flood }
        set { self.changeActivity { $0.flood = newValue } }
    }

    /// Flood control for one line, in place (one table access, and the box stays unshared):
    /// the bucket's verdict, or nil for a moderator, who is exempt.
    mutating func takeLine(limits: FloodBucket.Limits, at now: Date) -> FloodBucket.Verdict? {
        guard self.role < .moderator else { return nil }
        var bucket = self.flood ?? FloodBucket(limits: limits, at: now)
        let verdict = bucket.take(at: now, limits: limits)
        self.flood = bucket
        return verdict
    }

    /// Wrong `/login` passwords on this connection (a few are allowed, so a byte holds them).
    var failedLogins: Int {
        get { Int(self.activity?.failedLogins ?? 0) }
        set { self.changeActivity { $0.failedLogins = UInt8(clamping: newValue) } }
    }
    public internal(set) var messagesSent: Int {
        get { Int(self.activity?.messagesSent ?? 0) }
        set { self.changeActivity { $0.messagesSent = UInt32(clamping: newValue) } }
    }

    /// An IRC client's capabilities (none for other doors).
    public internal(set) var ircCapabilities = IRCCapabilities()
    public internal(set) var role: Role = .user
    public internal(set) var isVoiced = false
    /// The language this client reads; the server's unless it chose another.
    public internal(set) var language = Language.english
    /// Whether the client's connection is encrypted (it came through a TLS door).
    public internal(set) var isSecure = false
    /// Whether the client's door shows joins, parts, quits and nick changes as protocol events
    /// made from the room updates (IRC's JOIN, PART, QUIT, NICK): it gets no notice saying so too.
    public internal(set) var seesPresenceAsEvents = false
    /// Whether the client is sent its own room messages back (IRC's echo-message): its
    /// client shows them when the server has taken them, not when they were typed.
    public var echoesOwnMessages: Bool { self.ircCapabilities.contains(.echoMessage) }

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

    /// Changes the activity box in place while this record holds the only reference to it, and
    /// a copy of it otherwise, so copies of a record never see each other's changes: value
    /// semantics, hence the box's unchecked Sendable.
    private mutating func changeActivity(_ change: (Activity) -> Void) {
        if self.activity == nil {
            self.activity = Activity()
        } else if !isKnownUniquelyReferenced(&self.activity) {
            self.activity = self.activity!.copy()
        }
        change(self.activity!)
    }

    final class Activity: Codable, @unchecked Sendable {
        var flood: FloodBucket?
        var mute: Mute?
        var messagesSent: UInt32 = 0
        var failedLogins: UInt8 = 0

        func copy() -> Activity {
            let copy = Activity()
            copy.flood = self.flood
            copy.mute = self.mute
            copy.messagesSent = self.messagesSent
            copy.failedLogins = self.failedLogins
            return copy
        }
    }

    /// A silenced client reads but may not speak, act or send private messages.
    public struct Mute: Sendable, Equatable, Codable {
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
