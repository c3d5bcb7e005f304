/// Identifies one connection's client for its whole life; never reused while the server runs.
public struct ClientID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

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
