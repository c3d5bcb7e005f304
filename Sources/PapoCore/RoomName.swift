import Foundation

/// A validated room name: `#` then 1–32 letters, digits, `_` or `-`. Case-insensitive.
public struct RoomName: Hashable, Sendable, CustomStringConvertible {
    public static let maxLength = 32
    public static let lobby = RoomName(trusted: "#lobby")

    /// The name with its `#`, as first spelled.
    public let name: String
    /// The comparison form (NFKC, case-folded).
    public let key: String

    /// Accepts `#math` and, as a convenience for typing, `math`.
    public init(_ raw: String) throws(NameError) {
        let body = (raw.hasPrefix("#") ? String(raw.dropFirst()) : raw).precomposedStringWithCanonicalMapping
        if body.isEmpty { throw .empty(what: "room name") }
        if body.count > Self.maxLength { throw .tooLong(what: "room name", limit: Self.maxLength) }
        if let bad = IdentifierKey.firstDisallowed(in: body) {
            throw .invalidCharacter(what: "room name", bad)
        }
        self.init(trusted: "#" + body)
    }

    private init(trusted name: String) {
        self.name = name
        self.key = IdentifierKey.make(name)
    }

    public var description: String { self.name }

    public static func == (lhs: RoomName, rhs: RoomName) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.key) }
}

/// A room name as a snapshot keeps it: its spelling with the `#`, checked again and its key made
/// again as it is read back.
extension RoomName: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        do throws(NameError) {
            guard name.hasPrefix("#") else { throw .missingHash(name) }
            self = try RoomName(name)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.name)
    }
}
