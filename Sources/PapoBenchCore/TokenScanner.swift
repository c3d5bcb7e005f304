/// Finds tokens anywhere in a received line, several per line if need be, by chatload's rule:
/// a `T` not preceded by a letter or digit, then three decimal numbers separated by `:`.
/// Anything else (a nick such as `uT3`, a lone `T`, `T1:2` with a field missing) is skipped.
/// Numbers wrap rather than trap on overflow: the bytes come from the network.
public enum TokenScanner {
    public static func scan(_ line: UnsafeRawBufferPointer, _ found: (Token) -> Void) {
        let count = line.count
        var position = 0
        while position < count {
            guard let t = ByteSearch.index(of: UInt8(ascii: "T"), in: line, from: position) else { return }
            if (t > 0 && Self.isAlphanumeric(line[t - 1])) || t + 1 >= count || !Self.isDigit(line[t + 1]) {
                position = t + 1
                continue
            }
            var cursor = t + 1
            var fields: (UInt64, UInt64, UInt64) = (0, 0, 0)
            var field = 0
            var isComplete = false
            while true {
                let start = cursor
                var value: UInt64 = 0
                while cursor < count, Self.isDigit(line[cursor]) {
                    value = value &* 10 &+ UInt64(line[cursor] &- UInt8(ascii: "0"))
                    cursor += 1
                }
                if cursor == start { break }
                switch field {
                case 0: fields.0 = value
                case 1: fields.1 = value
                default: fields.2 = value
                }
                if field == 2 {
                    isComplete = true
                    break
                }
                if cursor < count && line[cursor] == UInt8(ascii: ":") {
                    cursor += 1
                    field += 1
                    continue
                }
                break
            }
            if isComplete {
                found(Token(sender: fields.0, sequence: fields.1, sentAt: fields.2))
            }
            position = cursor > t ? cursor : t + 1
        }
    }

    /// Every token in `text`, for tests.
    public static func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        Array(text.utf8).withUnsafeBytes { bytes in
            Self.scan(bytes) { tokens.append($0) }
        }
        return tokens
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        Self.isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 26
    }
}
