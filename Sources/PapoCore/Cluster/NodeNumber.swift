/// One start of one papod in a cluster: each start takes a new number from the database, so a
/// node that restarts under the same name is a new member and its clients' IDs never repeat.
/// 0 is papod alone.
public struct NodeNumber: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: UInt32

    /// Numbers fit in the 24 bits above a client ID's local part.
    public static let maximum: UInt32 = (1 << 24) - 1
    public static let alone = NodeNumber(0)

    public init(_ rawValue: UInt32) {
        precondition(rawValue <= Self.maximum, "node number \(rawValue) does not fit a client ID")
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(UInt32.self)
        guard value <= Self.maximum else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "node number \(value)"))
        }
        self.rawValue = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    public static func < (lhs: NodeNumber, rhs: NodeNumber) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "n\(self.rawValue)" }
}

/// The chat's `clusterNodes` encode as an object; a number too large for a node is no key.
extension NodeNumber: CodingKeyRepresentable {
    public var codingKey: any CodingKey { NumberCodingKey(UInt64(self.rawValue)) }

    public init?<Key: CodingKey>(codingKey: Key) {
        guard let key = NumberCodingKey(stringValue: codingKey.stringValue), key.number <= UInt64(Self.maximum) else {
            return nil
        }
        self.init(UInt32(key.number))
    }
}
