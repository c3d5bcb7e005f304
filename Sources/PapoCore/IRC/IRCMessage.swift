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
        // Through the bytes with integer offsets (a line is parsed for every message an IRC
        // client sends; String indices cost several times as much).
        var line = line
        let result = line.withUTF8 { bytes -> Result<ParsedParts, IRCMessageError> in
            do throws(IRCMessageError) { return .success(try Self.parse(bytes)) } catch { return .failure(error) }
        }
        let parsed = try result.get()
        self.tags = []
        if let tagsRange = parsed.tags {
            let utf8 = line.utf8
            let tagsStart = utf8.index(utf8.startIndex, offsetBy: tagsRange.lowerBound)
            let tagsEnd = utf8.index(utf8.startIndex, offsetBy: tagsRange.upperBound)
            self.tags = try IRCTag.parseSection(line[tagsStart..<tagsEnd])
        }
        self.source = parsed.source
        self.command = parsed.command
        self.parameters = parsed.parameters
    }

    private struct ParsedParts {
        var tags: Range<Int>?
        var source: String?
        var command = ""
        var parameters: [String] = []
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(IRCMessageError) -> ParsedParts {
        var hasContent = false
        for byte in bytes {
            switch byte {
            case 0, UInt8(ascii: "\r"), UInt8(ascii: "\n"): throw .forbiddenCharacter
            case UInt8(ascii: " "): continue
            default: hasContent = true
            }
        }
        guard hasContent else { throw .empty }
        let text = { (range: Range<Int>) in String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var parts = ParsedParts()
        var index = 0
        if bytes[index] == UInt8(ascii: "@") {
            let tagsEnd = Self.endOfWord(bytes, from: index)
            parts.tags = (index + 1)..<tagsEnd
            index = tagsEnd
        }

        index = Self.skipSpaces(bytes, from: index)
        if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
            let sourceEnd = Self.endOfWord(bytes, from: index + 1)
            guard index + 1 < sourceEnd else { throw .emptySource }
            parts.source = text((index + 1)..<sourceEnd)
            index = Self.skipSpaces(bytes, from: sourceEnd)
        }

        guard index < bytes.count else { throw .missingCommand }
        let commandEnd = Self.endOfWord(bytes, from: index)
        let command = UnsafeBufferPointer(rebasing: bytes[index..<commandEnd])
        guard Self.isValidCommand(command) else { throw .malformedCommand }
        parts.command = command.contains(where: Self.isLowercase) ? Self.uppercased(command) : text(index..<commandEnd)

        index = commandEnd
        while true {
            index = Self.skipSpaces(bytes, from: index)
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: ":") {
                parts.parameters.append(text((index + 1)..<bytes.count))
                break
            }
            let parameterEnd = Self.endOfWord(bytes, from: index)
            parts.parameters.append(text(index..<parameterEnd))
            index = parameterEnd
        }
        return parts
    }
}

// MARK: Helpers

extension IRCMessage {
    /// Letters, or exactly three digits.
    static func isValidCommand(_ bytes: some Collection<UInt8>) -> Bool {
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
    static func uppercased(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.map { Self.isLowercase($0) ? $0 - 32 : $0 }, as: UTF8.self)
    }

    /// The offset of the first space at or after `index`, or the end.
    static func endOfWord(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var end = index
        while end < bytes.count && bytes[end] != UInt8(ascii: " ") { end += 1 }
        return end
    }

    /// The offset of the first byte at or after `index` that is not a space, or the end.
    static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var end = index
        while end < bytes.count && bytes[end] == UInt8(ascii: " ") { end += 1 }
        return end
    }
}
