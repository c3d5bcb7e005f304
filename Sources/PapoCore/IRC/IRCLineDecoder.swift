import NIOCore

/// Splits an IRC client's bytes into lines, ended by LF or CR LF; empty lines are skipped.
///
/// A line may hold at most `maxTagSectionBytes` of tags and `maxBodyBytes` of the rest. An
/// overlong line is refused as soon as it is known to be too long, without buffering it: its
/// bytes are dropped up to its LF, so after `.tooLong` (answered with 417 ERR_INPUTTOOLONG) the
/// connection goes on with the next line. So does it after `.notUTF8`.
public struct IRCLineDecoder: Sendable {
    /// From `@` to the space after the tags, both included (IRCv3 message-tags).
    public static let maxTagSectionBytes = 8191
    /// The rest of the line without its CR LF: 512 bytes with it (Modern IRC).
    public static let maxBodyBytes = 510

    /// Whether the bytes of an overlong line are being dropped until its LF.
    private(set) var isDiscarding = false

    public init() {}

    /// The next line in `buffer` without its ending, consuming its bytes; nil when more bytes are needed.
    public mutating func next(from buffer: inout ByteBuffer) throws(IRCLineError) -> String? {
        while true {
            let view = buffer.readableBytesView
            if self.isDiscarding {
                guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
                    buffer.moveReaderIndex(to: buffer.writerIndex)
                    return nil
                }
                buffer.moveReaderIndex(forwardBy: newline + 1 - view.startIndex)
                self.isDiscarding = false
                continue
            }
            guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
                // The pending bytes are a line's start; its CR may be among them.
                var known = view[...]
                if known.last == UInt8(ascii: "\r") { known = known.dropLast() }
                if Self.isOverLimit(known) {
                    buffer.moveReaderIndex(to: buffer.writerIndex)
                    self.isDiscarding = true
                    throw .tooLong
                }
                return nil
            }
            var line = view[view.startIndex..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            let consumed = newline + 1 - view.startIndex
            if line.isEmpty {
                buffer.moveReaderIndex(forwardBy: consumed)
                continue
            }
            defer { buffer.moveReaderIndex(forwardBy: consumed) }
            if Self.isOverLimit(line) { throw .tooLong }
            guard let text = String(validating: line, as: UTF8.self) else { throw .notUTF8 }
            return text
        }
    }

    /// Whether a line is begun but not finished, given the bytes not yet consumed.
    public func isPartial(_ unconsumed: ByteBuffer) -> Bool {
        unconsumed.readableBytes > 0 || self.isDiscarding
    }

    /// Whether `line` (a whole line or the start of one, without its ending) breaks a limit.
    static func isOverLimit(_ line: ByteBufferView) -> Bool {
        // Most lines fit the smaller limit whole, and then need no look at their tags.
        guard line.count > Self.maxBodyBytes else { return false }
        guard line.first == UInt8(ascii: "@") else { return true }
        // Look no further for the space than a tag section may reach.
        let tagSection = line.prefix(Self.maxTagSectionBytes)
        guard let space = tagSection.firstIndex(of: UInt8(ascii: " ")) else {
            return line.count > Self.maxTagSectionBytes
        }
        return line.endIndex - (space + 1) > Self.maxBodyBytes
    }
}
