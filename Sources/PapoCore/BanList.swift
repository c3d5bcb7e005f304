import Foundation

/// Every ban in force, by nick or by address block. One value, so it can be stored whole.
public struct BanList: Sendable, Equatable, Codable {
    public enum Target: Hashable, Sendable, CustomStringConvertible {
        /// A nick key; `display` keeps the spelling the moderator used.
        case nick(key: String, display: String)
        case address(AddressBlock)

        public var description: String {
            switch self {
            case .nick(_, let display): return display
            case .address(let block): return block.description
            }
        }

        /// Nick targets compare by key, so `unban BOB` lifts the ban on `bob`.
        public static func == (lhs: Target, rhs: Target) -> Bool {
            switch (lhs, rhs) {
            case (.nick(let left, _), .nick(let right, _)): return left == right
            case (.address(let left), .address(let right)): return left == right
            default: return false
            }
        }

        public func hash(into hasher: inout Hasher) {
            switch self {
            case .nick(let key, _):
                hasher.combine(0)
                hasher.combine(key)
            case .address(let block):
                hasher.combine(1)
                hasher.combine(block)
            }
        }
    }

    public struct Ban: Sendable, Equatable, Codable {
        public let target: Target
        public let by: String
        public let at: Date
        /// Nil: until lifted.
        public let until: Date?
        public let reason: String?

        public init(target: Target, by: String, at: Date, until: Date?, reason: String?) {
            self.target = target
            self.by = by
            self.at = at
            self.until = until
            self.reason = reason
        }

        public func isActive(at now: Date) -> Bool {
            self.until.map { now < $0 } ?? true
        }
    }

    public private(set) var bans: [Ban] = []

    public init(bans: [Ban] = []) {
        self.bans = bans
    }

    /// Adds or replaces the ban on `ban.target`.
    public mutating func add(_ ban: Ban) {
        self.bans.removeAll { $0.target == ban.target }
        self.bans.append(ban)
    }

    /// Removes the ban on `target`; false when there was none.
    public mutating func remove(_ target: Target) -> Bool {
        let before = self.bans.count
        self.bans.removeAll { $0.target == target }
        return self.bans.count != before
    }

    /// Drops bans whose time is up and returns them.
    public mutating func expire(at now: Date) -> [Ban] {
        let expired = self.bans.filter { !$0.isActive(at: now) }
        if !expired.isEmpty {
            self.bans.removeAll { !$0.isActive(at: now) }
        }
        return expired
    }

    public func ban(onNickKey key: String, at now: Date) -> Ban? {
        self.bans.first { ban in
            if case .nick(let banned, _) = ban.target { return banned == key && ban.isActive(at: now) }
            return false
        }
    }

    public func ban(onAddress address: String, at now: Date) -> Ban? {
        guard let peer = AddressBlock(address) else { return nil }
        return self.bans.first { ban in
            if case .address(let block) = ban.target { return block.contains(peer) && ban.isActive(at: now) }
            return false
        }
    }

    /// The active bans, soonest to expire last, for `/bans`.
    public func active(at now: Date) -> [Ban] {
        self.bans.filter { $0.isActive(at: now) }
    }
}

/// A ban's target as a snapshot keeps it: a nick by the spelling the moderator used (its key is
/// made again, as `unban` makes it), an address block by its text (parsed again, so its host
/// bits are cleared as when it was typed).
extension BanList.Target: Codable {
    private enum CodingKeys: String, CodingKey {
        case nick
        case address
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let display = try container.decodeIfPresent(String.self, forKey: .nick) {
            self = .nick(key: IdentifierKey.make(display), display: display)
        } else {
            self = .address(try container.decode(AddressBlock.self, forKey: .address))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .nick(_, let display): try container.encode(display, forKey: .nick)
        case .address(let block): try container.encode(block, forKey: .address)
        }
    }
}
