/// Splits a connection's received bytes into lines, carrying a partial line from one read to
/// the next, as chatload does. A line that grows past `maxPartialBytes` without a newline is
/// handed over in pieces cut so that no token spans a cut; such pieces are not whole lines.
public struct LineAssembler {
    public static let maxPartialBytes = 64 * 1024

    var partial: [UInt8] = []

    public init() {}

    /// Bytes of a line begun but not yet ended.
    public var pendingCount: Int { self.partial.count }

    /// Feeds one read's bytes; `body` gets each line without its `\n` (or `\r\n`), and whether
    /// it is a whole line (false for a piece of an over-long one).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Bool) -> Void) {
        var position = 0
        if !self.partial.isEmpty {
            guard let newline = ByteSearch.index(of: UInt8(ascii: "\n"), in: bytes, from: 0) else {
                self.partial.append(contentsOf: bytes)
                if self.partial.count > Self.maxPartialBytes {
                    let cut = self.partial.withUnsafeBytes { partial in
                        let cut = Self.longCut(partial)
                        body(UnsafeRawBufferPointer(rebasing: partial[..<cut]), false)
                        return cut
                    }
                    self.partial.removeFirst(cut)
                }
                return
            }
            self.partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<newline]))
            self.partial.withUnsafeBytes { line in
                body(Self.droppingCarriageReturn(line), true)
            }
            self.partial.removeAll(keepingCapacity: true)
            position = newline + 1
        }
        while let newline = ByteSearch.index(of: UInt8(ascii: "\n"), in: bytes, from: position) {
            body(Self.droppingCarriageReturn(UnsafeRawBufferPointer(rebasing: bytes[position..<newline])), true)
            position = newline + 1
        }
        if position < bytes.count {
            var rest = UnsafeRawBufferPointer(rebasing: bytes[position...])
            if rest.count > Self.maxPartialBytes {
                let cut = Self.longCut(rest)
                body(UnsafeRawBufferPointer(rebasing: rest[..<cut]), false)
                rest = UnsafeRawBufferPointer(rebasing: rest[cut...])
            }
            self.partial.append(contentsOf: rest)
        }
    }

    static func droppingCarriageReturn(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let last = line.last, last == UInt8(ascii: "\r") else { return line }
        return UnsafeRawBufferPointer(rebasing: line.dropLast())
    }

    /// Where to cut an over-long unterminated line so that no token spans the cut: at the last
    /// `T` among the final 128 bytes, else 64 bytes before the end (a token is at most 63
    /// bytes and holds one `T`). Never 0, so every cut makes progress.
    static func longCut(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        var index = count
        while index > 0 && count - index < 128 {
            if bytes[index - 1] == UInt8(ascii: "T") && index - 1 > 0 { return index - 1 }
            index -= 1
        }
        return count - 64
    }
}
