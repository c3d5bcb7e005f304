/// What the user asked to complete: the whole line, the cursor and the word under it.
///
/// Offsets are UTF-8 byte offsets because readline's `rl_point` and completion `start` are, so
/// a request built from readline's numbers and one built in a test agree byte for byte.
public struct CompletionRequest: Sendable, Equatable {
    /// The whole line buffer, including any text after the cursor.
    public var line: String
    /// The cursor as a UTF-8 byte offset into ``line`` (readline's `rl_point`).
    public var cursor: Int
    /// The UTF-8 byte offset where the word being completed starts.
    public var wordStart: Int

    /// Creates a request from offsets readline computed, clamped into the line so that no
    /// offset can fall outside it or inside a multibyte character.
    public init(line: String, cursor: Int, wordStart: Int) {
        let bytes = Array(line.utf8)
        let cursor = Self.scalarBoundary(atOrBefore: cursor, in: bytes)
        self.line = line
        self.cursor = cursor
        self.wordStart = Self.scalarBoundary(atOrBefore: min(wordStart, cursor), in: bytes)
    }

    /// Creates a request by scanning back from the cursor to the previous space or tab, the same
    /// word breaks the console gives readline.
    public init(line: String, cursor: Int) {
        let bytes = Array(line.utf8)
        let cursor = Self.scalarBoundary(atOrBefore: cursor, in: bytes)
        var start = cursor
        while start > 0 && !Self.isWordBreak(bytes[start - 1]) {
            start -= 1
        }
        self.init(line: line, cursor: cursor, wordStart: start)
    }

    /// The complete words before the word being completed, so a completer can tell which
    /// argument of a command is wanted (`["/kick"]` means "a nick comes next").
    public var wordsBefore: [String] {
        let bytes = Array(self.line.utf8)[..<self.wordStart]
        return bytes.split(whereSeparator: Self.isWordBreak).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The part of the current word that is already typed: from ``wordStart`` to the cursor.
    public var partialWord: String {
        let bytes = Array(self.line.utf8)[self.wordStart..<self.cursor]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Space and tab separate words, matching `rl_completer_word_break_characters`.
    static func isWordBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// Clamps `offset` into `bytes` and moves it back off UTF-8 continuation bytes.
    private static func scalarBoundary(atOrBefore offset: Int, in bytes: [UInt8]) -> Int {
        var offset = max(0, min(offset, bytes.count))
        while offset > 0 && offset < bytes.count && bytes[offset] & 0b1100_0000 == 0b1000_0000 {
            offset -= 1
        }
        return offset
    }
}
