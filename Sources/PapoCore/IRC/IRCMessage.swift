/// One IRC message: `[@tags ][:source ]COMMAND [parameters]`, as the Modern IRC client
/// protocol (modern.ircdocs.horse) and the IRCv3 message-tags specification define it.
public struct IRCMessage: Equatable, Sendable {
    /// The message tags in the order sent.
    public var tags: [IRCTag]
    /// Where the message came from (`nick!user@host` or a server name), without its `:`.
    public var source: String?
    /// Letters, upper-cased (`PRIVMSG`), or a numeric's three digits (`433`).
    public var command: String
    /// The parameters, a trailing one without its `:`.
    public var parameters: [String]

    /// A message to send; a letter command is upper-cased.
    public init(command: String, parameters: [String] = [], source: String? = nil, tags: [IRCTag] = []) {
        let bytes = command.utf8[...]
        assert(Self.isValidCommand(bytes), "invalid IRC command \(command)")
        self.command = bytes.contains(where: Self.isLowercase) ? Self.uppercased(bytes) : command
        self.parameters = parameters
        self.source = source
        self.tags = tags
    }

    /// Parses one line without its CR LF. Spaces between parts may repeat, and any number of
    /// parameters is accepted (the Modern spec drops RFC 1459's 15: only sending is limited).
    public init(parsing line: Substring) throws(IRCMessageError) {
        let bytes = line.utf8
        var hasContent = false
        for byte in bytes {
            switch byte {
            case 0, UInt8(ascii: "\r"), UInt8(ascii: "\n"): throw .forbiddenCharacter
            case UInt8(ascii: " "): continue
            default: hasContent = true
            }
        }
        guard hasContent else { throw .empty }

        var index = bytes.startIndex
        self.tags = []
        if bytes[index] == UInt8(ascii: "@") {
            let tagsEnd = Self.endOfWord(bytes, from: index)
            self.tags = try IRCTag.parseSection(line[bytes.index(after: index)..<tagsEnd])
            index = tagsEnd
        }

        index = Self.skipSpaces(bytes, from: index)
        self.source = nil
        if index < bytes.endIndex && bytes[index] == UInt8(ascii: ":") {
            let sourceStart = bytes.index(after: index)
            let sourceEnd = Self.endOfWord(bytes, from: sourceStart)
            guard sourceStart < sourceEnd else { throw .emptySource }
            self.source = String(line[sourceStart..<sourceEnd])
            index = Self.skipSpaces(bytes, from: sourceEnd)
        }

        guard index < bytes.endIndex else { throw .missingCommand }
        let commandEnd = Self.endOfWord(bytes, from: index)
        let command = bytes[index..<commandEnd]
        guard Self.isValidCommand(command) else { throw .malformedCommand }
        self.command =
            command.contains(where: Self.isLowercase) ? Self.uppercased(command) : String(line[index..<commandEnd])

        self.parameters = []
        index = commandEnd
        while true {
            index = Self.skipSpaces(bytes, from: index)
            guard index < bytes.endIndex else { break }
            if bytes[index] == UInt8(ascii: ":") {
                self.parameters.append(String(line[bytes.index(after: index)...]))
                break
            }
            let parameterEnd = Self.endOfWord(bytes, from: index)
            self.parameters.append(String(line[index..<parameterEnd]))
            index = parameterEnd
        }
    }
}

// MARK: Helpers

extension IRCMessage {
    /// Letters, or exactly three digits.
    static func isValidCommand(_ bytes: Substring.UTF8View) -> Bool {
        if bytes.count == 3 && bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return true
        }
        return !bytes.isEmpty
            && bytes.allSatisfy { Self.isLowercase($0) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }
    }

    static func isLowercase(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    /// ASCII letters upper-cased; the command is ASCII once validated.
    static func uppercased(_ bytes: Substring.UTF8View) -> String {
        String(decoding: bytes.map { Self.isLowercase($0) ? $0 - 32 : $0 }, as: UTF8.self)
    }

    /// The index of the first space at or after `index`, or the end.
    static func endOfWord(_ bytes: Substring.UTF8View, from index: String.Index) -> String.Index {
        bytes[index...].firstIndex(of: UInt8(ascii: " ")) ?? bytes.endIndex
    }

    /// The index of the first byte at or after `index` that is not a space, or the end.
    static func skipSpaces(_ bytes: Substring.UTF8View, from index: String.Index) -> String.Index {
        bytes[index...].firstIndex(where: { $0 != UInt8(ascii: " ") }) ?? bytes.endIndex
    }
}
