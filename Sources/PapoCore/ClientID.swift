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
}
