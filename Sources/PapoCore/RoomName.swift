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
        let unprefixed = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
        if let ascii = Self.asciiBody(unprefixed) {
            // IRC names its target room on every line: an ASCII name is checked without
            // Foundation's normalisation (a twentieth of the IRC door's CPU in fan-out).
            self.init(trusted: "#" + ascii)
            return
        }
        let body = unprefixed.precomposedStringWithCanonicalMapping
        if body.isEmpty { throw .empty(what: "room name") }
        if body.count > Self.maxLength { throw .tooLong(what: "room name", limit: Self.maxLength) }
        if let bad = IdentifierKey.firstDisallowed(in: body) {
            throw .invalidCharacter(what: "room name", bad)
        }
        self.init(trusted: "#" + body)
    }

    /// `body` if it is a valid name in ASCII letters, digits, `_` and `-` (its own normal
    /// form); nil for anything else, which the general path checks and explains.
    private static func asciiBody(_ body: String) -> String? {
        let utf8 = body.utf8
        guard !utf8.isEmpty, utf8.count <= Self.maxLength,
            utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            })
        else { return nil }
        return body
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
