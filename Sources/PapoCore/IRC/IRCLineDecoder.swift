import NIOCore

/// Splits an IRC client's bytes into lines, ended by LF or CR LF; empty lines are skipped.
///
/// A line may hold at most `maxTagSectionBytes` of tags and `maxBodyBytes` of the rest. An
/// overlong line is refused as soon as it is known to be too long, without buffering it: its
/// bytes are dropped up to its LF, so after `.tooLong` (answered with 417 ERR_INPUTTOOLONG) the
/// connection goes on with the next line. So does it after `.notUTF8`.
///
/// Pass the same buffer every time, with new bytes written after the unconsumed ones: the
/// decoder remembers how far it has read, so a line arriving byte by byte is read once.
public struct IRCLineDecoder: Sendable {
    /// From `@` to the space after the tags, both included: the 4094 bytes of tag data IRCv3
    /// message-tags allows a client (a server's lines may carry 8191, its own tags added).
    public static let maxTagSectionBytes = 4096
    /// The rest of the line without its CR LF: 512 bytes with it (Modern IRC).
    public static let maxBodyBytes = 510

    /// Whether the bytes of an overlong line are being dropped until its LF.
    private(set) var isDiscarding = false
    // 32-bit counts: every IRC connection keeps a decoder, and a read is far smaller.
    private var scannedCount: UInt32 = 0
    private var firstSpaceOffset = UInt32.max
    /// How many unconsumed bytes have been read without finding an LF.
    private var scannedBytes: Int {
        get { Int(self.scannedCount) }
        set { self.scannedCount = UInt32(clamping: newValue) }
    }
    /// Where the first space among them is: for a line with tags, where its tag section ends.
    private var firstSpace: Int? {
        get { self.firstSpaceOffset == .max ? nil : Int(self.firstSpaceOffset) }
        set { self.firstSpaceOffset = newValue.map { UInt32(clamping: $0) } ?? .max }
    }

    public init() {}

    /// The next line in `buffer` without its ending, consuming its bytes; nil when more bytes are needed.
    public mutating func next(from buffer: inout ByteBuffer) throws(IRCLineError) -> String? {
        while true {
            let newline = buffer.withUnsafeReadableBytes { self.findNewline(in: $0) }
            let view = buffer.readableBytesView
            if self.isDiscarding {
                self.consume(newline.map { $0 + 1 } ?? view.count, of: &buffer)
                guard newline != nil else { return nil }
                self.isDiscarding = false
                continue
            }
            guard let newline else {
                // The pending bytes are a line's start; its CR may be among them.
                let known = view.last == UInt8(ascii: "\r") ? view.count - 1 : view.count
                if self.isOverLimit(length: known, isTagged: view.first == UInt8(ascii: "@")) {
                    self.consume(view.count, of: &buffer)
                    self.isDiscarding = true
                    throw .tooLong
                }
                return nil
            }
            let hasCR = newline > 0 && view[view.startIndex + newline - 1] == UInt8(ascii: "\r")
            let length = hasCR ? newline - 1 : newline
            let isOverLimit = self.isOverLimit(length: length, isTagged: view.first == UInt8(ascii: "@"))
            self.consume(newline + 1, of: &buffer)
            if length == 0 { continue }
            if isOverLimit { throw .tooLong }
            guard let text = String(validating: view.prefix(length), as: UTF8.self) else { throw .notUTF8 }
            return text
        }
    }

    /// Whether a line is begun but not finished, given the bytes not yet consumed.
    public func isPartial(_ unconsumed: ByteBuffer) -> Bool {
        unconsumed.readableBytes > 0 || self.isDiscarding
    }

    /// The offset of the first LF, reading on from where the last call stopped.
    private mutating func findNewline(in bytes: UnsafeRawBufferPointer) -> Int? {
        var offset = self.scannedBytes
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") { return offset }
            if byte == UInt8(ascii: " ") && self.firstSpace == nil { self.firstSpace = offset }
            offset += 1
        }
        self.scannedBytes = offset
        return nil
    }

    private mutating func consume(_ count: Int, of buffer: inout ByteBuffer) {
        buffer.moveReaderIndex(forwardBy: count)
        self.scannedBytes = 0
        self.firstSpace = nil
    }

    /// Whether a line (or the start of one) of `length` bytes, without its ending, breaks a limit.
    private func isOverLimit(length: Int, isTagged: Bool) -> Bool {
        // Most lines fit the smaller limit whole, and then need no look at their tags.
        guard length > Self.maxBodyBytes else { return false }
        guard isTagged else { return true }
        guard let space = self.firstSpace, space < length else { return length > Self.maxTagSectionBytes }
        return space + 1 > Self.maxTagSectionBytes || length - (space + 1) > Self.maxBodyBytes
    }
}
