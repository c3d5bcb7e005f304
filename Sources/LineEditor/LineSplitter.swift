/// Cuts a byte stream into lines the way Swift's `readLine()` does.
///
/// A line ends at `\n`; one `\r` before it is dropped too; bytes after the last newline form a
/// final line at end of input. Invalid UTF-8 is repaired rather than dropping the line.
struct LineSplitter {
    private var pending: [UInt8] = []

    /// Adds `bytes` and returns the lines they complete, in order.
    mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(self.takeLine())
            } else {
                self.pending.append(byte)
            }
        }
        return lines
    }

    /// Returns the unterminated last line, if any, at end of input.
    mutating func finish() -> String? {
        self.pending.isEmpty ? nil : self.takeLine()
    }

    private mutating func takeLine() -> String {
        if self.pending.last == UInt8(ascii: "\r") {
            self.pending.removeLast()
        }
        let line = String(decoding: self.pending, as: UTF8.self)
        self.pending.removeAll(keepingCapacity: true)
        return line
    }
}
