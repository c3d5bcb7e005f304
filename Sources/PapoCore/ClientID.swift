/// Identifies one connection's client for its whole life; never reused while the server runs.
public struct ClientID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The bits below a node's number: a node may admit about a trillion connections.
    static let localBits: UInt64 = 40

    /// The `local`th connection of cluster node `node` (node 0: papod alone). IDs from
    /// different nodes never collide, and each names the node its connection is on.
    public init(node: NodeNumber, local: UInt64) {
        precondition(local < 1 << Self.localBits, "a node's connection numbers ran out")
        self.rawValue = UInt64(node.rawValue) << Self.localBits | local
    }

    /// The node the client's connection is on.
    public var node: NodeNumber { NodeNumber(UInt32(truncatingIfNeeded: self.rawValue >> Self.localBits)) }

    public static func < (lhs: ClientID, rhs: ClientID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String { "c\(self.rawValue)" }

    /// Delivery looks up every recipient by ID, so the hash is on the hot path: a multiply by
    /// an odd constant, not a full SipHash. IDs are assigned by the server in sequence, never
    /// chosen by a client, so they cannot be picked to collide; sequential IDs land in
    /// distinct buckets.
    public func _rawHashValue(seed: Int) -> Int {
        let mixed = (self.rawValue ^ UInt64(UInt(bitPattern: seed))) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 29))
    }
}

extension ClientID: Codable {
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(UInt64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}

/// Dictionaries keyed by client (a room's `lastSpokeAt`, the chat's `clients`) encode as objects.
extension ClientID: CodingKeyRepresentable {
    public var codingKey: any CodingKey { NumberCodingKey(self.rawValue) }

    public init?<Key: CodingKey>(codingKey: Key) {
        guard let key = NumberCodingKey(stringValue: codingKey.stringValue) else { return nil }
        self.init(key.number)
    }
}
