/// One IRCv3 message tag: `key` or `key=value`, as in `@time=2024-01-01T00:00:00.000Z`.
public struct IRCTag: Equatable, Sendable {
    /// The whole key, with its `+` client-only prefix and `vendor/` part if it has them.
    public let key: String
    /// The unescaped value; nil when there is none. Never empty: the spec lets `key=` mean `key`.
    public let value: String?

    /// A tag to send; an empty value is stored as nil, so a parsed copy compares equal.
    public init(key: String, value: String? = nil) {
        assert(Self.isValidKey(key.utf8[...]), "invalid IRC tag key \(key)")
        self.key = key
        self.value = value?.isEmpty == true ? nil : value
    }

    /// Whether a client added the tag (`+typing`), rather than a server.
    public var isClientOnly: Bool { self.key.utf8.first == UInt8(ascii: "+") }
}

/// A tag as a snapshot keeps it (the sender's tags while its message is handled): the key is
/// checked again as it is read back, as the parser checks it.
extension IRCTag: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let key = try container.decode(String.self, forKey: .key)
        guard Self.isValidKey(key.utf8[...]) else {
            throw DecodingError.dataCorruptedError(forKey: .key, in: container, debugDescription: "IRC tag key \(key)")
        }
        let value = try container.decodeIfPresent(String.self, forKey: .value)
        self.init(validKey: key, value: value?.isEmpty == true ? nil : value)
    }
}

// MARK: Parsing

extension IRCTag {
    /// The tags of a section without its `@` and space (`a=b;c`). A repeated key keeps its last value.
    static func parseSection(_ section: Substring) throws(IRCMessageError) -> [IRCTag] {
        let bytes = section.utf8
        var tags: [IRCTag] = []
        // Filled only past a few tags, where a linear search for repeats would start to cost.
        var positions: [Substring: Int] = [:]
        var start = bytes.startIndex
        while true {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "="))
            let keyEnd = equals ?? end
            guard Self.isValidKey(bytes[start..<keyEnd]) else { throw .malformedTag }
            let key = section[start..<keyEnd]
            var value: String?
            if let equals {
                let valueStart = bytes.index(after: equals)
                if valueStart < end { value = Self.unescape(section[valueStart..<end]) }
            }
            let tag = IRCTag(validKey: String(key), value: value)
            // A repeated key keeps its last value, in the place where it first appeared.
            if tags.count == Self.linearSearchLimit && positions.isEmpty {
                for (position, seen) in tags.enumerated() { positions[seen.key[...]] = position }
            }
            let earlier = positions.isEmpty ? tags.firstIndex(where: { $0.key == key }) : positions[key]
            if let earlier {
                tags[earlier] = tag
            } else {
                if !positions.isEmpty { positions[key] = tags.count }
                tags.append(tag)
            }
            guard end < bytes.endIndex else { return tags }
            start = bytes.index(after: end)
        }
    }

    private static let linearSearchLimit = 16

    /// Skips the key check and the empty-value rule: the parser has done both.
    private init(validKey key: String, value: String?) {
        self.key = key
        self.value = value
    }

    /// `[+][vendor/]name`: the vendor a host name (letters, digits, `-`, `.`), the name letters, digits and `-`.
    static func isValidKey(_ key: Substring.UTF8View) -> Bool {
        var bytes = key
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var name = bytes
        if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
            let vendor = bytes[..<slash]
            guard !vendor.isEmpty, vendor.allSatisfy({ Self.isKeyByte($0) || $0 == UInt8(ascii: ".") }) else {
                return false
            }
            name = bytes[bytes.index(after: slash)...]
        }
        return !name.isEmpty && name.allSatisfy(Self.isKeyByte)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

// MARK: Escaping

extension IRCTag {
    /// A wire value made plain, one character at a time so `\\n` stays a backslash and an `n`.
    static func unescape(_ escaped: Substring) -> String {
        let bytes = escaped.utf8
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(escaped) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var isEscaping = false
        for byte in bytes {
            guard isEscaping else {
                if byte == UInt8(ascii: "\\") { isEscaping = true } else { result.append(byte) }
                continue
            }
            isEscaping = false
            switch byte {
            case UInt8(ascii: ":"): result.append(UInt8(ascii: ";"))
            case UInt8(ascii: "s"): result.append(UInt8(ascii: " "))
            case UInt8(ascii: "r"): result.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "n"): result.append(UInt8(ascii: "\n"))
            // `\\` gives a backslash; any other escaped byte stands for itself.
            default: result.append(byte)
            }
        }
        // A lone trailing backslash is dropped: `isEscaping` is simply forgotten.
        return String(decoding: result, as: UTF8.self)
    }

    /// Appends `value` escaped for the wire; NUL, which no value may hold, is dropped.
    static func appendEscaped(_ value: String, to line: inout String) {
        let needsEscaping = value.utf8.contains { byte in
            switch byte {
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\\"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0:
                return true
            default:
                return false
            }
        }
        guard needsEscaping else {
            line += value
            return
        }
        var result: [UInt8] = []
        result.reserveCapacity(value.utf8.count + 8)
        for byte in value.utf8 {
            let escape: UInt8
            switch byte {
            case UInt8(ascii: ";"): escape = UInt8(ascii: ":")
            case UInt8(ascii: " "): escape = UInt8(ascii: "s")
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case 0: continue
            default:
                result.append(byte)
                continue
            }
            result.append(UInt8(ascii: "\\"))
            result.append(escape)
        }
        line += String(decoding: result, as: UTF8.self)
    }
}
