import Foundation

/// A validated nickname. Two nicks are the same when their keys are equal.
public struct Nick: Hashable, Sendable, CustomStringConvertible {
    public static let maxLength = 24
    /// Names nobody may take: they would pass for the server or speak for everyone.
    public static let serverNames: Set<String> = [
        "server", "admin", "administrator", "root", "operator", "op", "sysop", "papod", "papo",
        "system", "nickserv", "chanserv", "console", "everyone", "all", "nobody",
    ]
    /// Names only a moderator may take: a student in them would pass for the teacher.
    public static let staffNames: Set<String> = [
        "moderator", "mod", "staff", "teacher", "professor", "moderador", "moderadora", "professora",
    ]
    public static var reservedNames: Set<String> { Self.serverNames.union(Self.staffNames) }

    /// The nick as its owner spelled it.
    public let name: String
    /// The comparison form (NFKC, case-folded).
    public let key: String

    /// Validates a nick a user chose; `mayTakeStaffNames` for a moderator.
    public init(_ raw: String, mayTakeStaffNames: Bool = false) throws(NameError) {
        let name = raw.precomposedStringWithCanonicalMapping
        try Self.validateShape(name)
        let key = IdentifierKey.make(name)
        if Self.serverNames.contains(key) || Self.isGuestName(key) || (!mayTakeStaffNames && Self.staffNames.contains(key)) {
            throw .reserved(name)
        }
        self.name = name
        self.key = key
    }

    /// The server-assigned nick `guest-N`, which users cannot choose themselves.
    public static func guest(_ number: Int) -> Nick {
        Nick(trusted: "guest-\(number)")
    }

    private init(trusted name: String) {
        self.name = name
        self.key = IdentifierKey.make(name)
    }

    private static func validateShape(_ name: String) throws(NameError) {
        if name.isEmpty { throw .empty(what: "nick") }
        if name.count > Self.maxLength { throw .tooLong(what: "nick", limit: Self.maxLength) }
        if let bad = IdentifierKey.firstDisallowed(in: name) {
            throw .invalidCharacter(what: "nick", bad)
        }
    }

    private static func isGuestName(_ key: String) -> Bool {
        guard key.hasPrefix("guest-") else { return false }
        let digits = key.dropFirst("guest-".count)
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigitCharacter)
    }

    public var description: String { self.name }

    public static func == (lhs: Nick, rhs: Nick) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.key) }
}

/// Why a nick or room name was refused, in words a user can act on.
public enum NameError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty(what: String)
    case tooLong(what: String, limit: Int)
    case invalidCharacter(what: String, Character)
    case missingHash(String)
    case reserved(String)

    /// In English, for logs and tests.
    public var description: String { self.message.rendered(in: .english) }

    public var message: Message {
        let isNick = self.isAboutNick
        switch self {
        case .empty:
            return Message(isNick ? .nickEmpty : .roomNameEmpty)
        case .tooLong(_, let limit):
            return Message(isNick ? .nickTooLong : .roomNameTooLong, ["limit": .count(limit)])
        case .invalidCharacter(_, let character):
            let shown = TextSanitizer.visible(character)
            return Message(isNick ? .nickInvalidCharacter : .roomNameInvalidCharacter, ["character": "\(shown)"])
        case .missingHash(let name):
            return Message(.roomNameMissingHash, ["name": "\(name)"])
        case .reserved(let name):
            return Message(.nameReserved, ["name": "\(name)"])
        }
    }

    private var isAboutNick: Bool {
        switch self {
        case .empty(let what), .tooLong(let what, _), .invalidCharacter(let what, _): return what == "nick"
        case .missingHash, .reserved: return false
        }
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool {
        guard let ascii = self.asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }
}

/// A nick as a cluster's log keeps it: its name, checked again as it is read back (any nick a
/// client may hold, a guest's included; reserved names only as the server's own).
extension Nick: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        do throws(NameError) {
            try Self.validateShape(name)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
        self.init(trusted: name)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.name)
    }
}
