import NIOCore

/// Splits a client's byte stream into messages, detecting per connection which framing it uses.
///
/// Detection: while every byte so far matches `^[0-9]+ *$` and fewer than 64 bytes have
/// arrived, wait; 64 such bytes make a framed connection (the assignment's 64-byte length
/// header); any other byte makes a line connection (`\n` or `\r\n` terminated, as netcat
/// and telnet send). The decision is final for the connection.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundMessage

    public static let headerLength = 64
    /// The word the assignment's client sends, unframed, after its last frame.
    static let bareDisconnectWord = Array("desconectar".utf8)

    enum Mode: Equatable {
        case detecting
        case awaitingHeader
        case awaitingPayload(length: Int)
        case lines
    }

    // The limits as 32-bit counts (larger ones are clamped): every connection has a decoder,
    // and half the width keeps its handler in a smaller allocation.
    private let maxFrameBytes: UInt32
    private let maxLineBytes: UInt32
    private(set) var mode: Mode = .detecting
    /// Whether the last report said a message was begun but not finished.
    private var hasReportedPartial = false

    public var limits: FramingLimits {
        FramingLimits(maxFrameBytes: Int(self.maxFrameBytes), maxLineBytes: Int(self.maxLineBytes))
    }

    public init(limits: FramingLimits = FramingLimits()) {
        self.maxFrameBytes = UInt32(clamping: limits.maxFrameBytes)
        self.maxLineBytes = UInt32(clamping: limits.maxLineBytes)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try self.next(from: &buffer) else {
            // Tell the connection when a message is begun or finished, for the frame deadline.
            let isPartial = self.isPartial(buffer)
            if isPartial != self.hasReportedPartial {
                self.hasReportedPartial = isPartial
                context.fireUserInboundEventTriggered(isPartial ? InputProgress.begun : InputProgress.finished)
            }
            return .needMoreData
        }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    /// Whether a message is begun but not finished, given the bytes not yet consumed.
    public func isPartial(_ unconsumed: ByteBuffer) -> Bool {
        unconsumed.readableBytes > 0 || self.isAwaitingPayload
    }

    private var isAwaitingPayload: Bool {
        if case .awaitingPayload = self.mode { return true }
        return false
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        if let message = try self.next(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(message))
            return .continue
        }
        if let message = self.remainder(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(message))
        }
        return .needMoreData
    }

    /// The next complete message in `buffer`, consuming its bytes; nil when more bytes are needed.
    public mutating func next(from buffer: inout ByteBuffer) throws(FramingError) -> InboundMessage? {
        switch self.mode {
        case .detecting:
            switch Self.detect(buffer.readableBytesView) {
            case .undecided:
                return nil
            case .framed:
                self.mode = .awaitingHeader
            case .lines:
                self.mode = .lines
            }
            return try self.next(from: &buffer)
        case .awaitingHeader:
            return try self.nextHeader(from: &buffer)
        case .awaitingPayload(let length):
            guard buffer.readableBytes >= length else { return nil }
            self.mode = .awaitingHeader
            return .frame(buffer.readString(length: length) ?? "")
        case .lines:
            return try self.nextLine(from: &buffer)
        }
    }

    /// What is left at end of input: an unterminated last line still counts, as does the
    /// trailing bare disconnect word; a partial frame is dropped.
    public mutating func remainder(from buffer: inout ByteBuffer) -> InboundMessage? {
        defer { buffer.moveReaderIndex(to: buffer.writerIndex) }
        switch self.mode {
        case .detecting, .lines:
            guard buffer.readableBytes > 0, buffer.readableBytes <= Int(self.maxLineBytes) else { return nil }
            var text = buffer.readString(length: buffer.readableBytes) ?? ""
            var ending = LineEnding.lf
            if text.hasSuffix("\r") {
                text.removeLast()
                ending = .crlf
            }
            return text.isEmpty ? nil : .line(text, ending)
        case .awaitingHeader:
            let view = buffer.readableBytesView
            return Self.matchesBareDisconnect(view) == .complete ? .bareDisconnect : nil
        case .awaitingPayload:
            return nil
        }
    }

    // MARK: Detection

    enum Detection: Equatable {
        case undecided
        case framed
        case lines
    }

    static func detect(_ bytes: ByteBufferView) -> Detection {
        var seenSpace = false
        var count = 0
        for byte in bytes {
            if count == Self.headerLength { return .framed }
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if count == 0 && !isDigit { return .lines }
            if byte == UInt8(ascii: " ") {
                seenSpace = true
            } else if !isDigit || seenSpace {
                return .lines
            }
            count += 1
        }
        return count == Self.headerLength ? .framed : .undecided
    }

    // MARK: Framed

    private mutating func nextHeader(from buffer: inout ByteBuffer) throws(FramingError) -> InboundMessage? {
        let view = buffer.readableBytesView
        let header = view.prefix(Self.headerLength)
        // Judge the 64 header bytes alone: payload bytes after a blank header must not hide it.
        if header.count == Self.headerLength && header.allSatisfy({ $0 == UInt8(ascii: " ") }) {
            throw .emptyHeader
        }
        guard let firstNonSpace = view.first(where: { $0 != UInt8(ascii: " ") }) else { return nil }
        if !Self.isDigit(firstNonSpace) {
            switch Self.matchesBareDisconnect(view) {
            case .complete:
                buffer.moveReaderIndex(to: buffer.writerIndex)
                return .bareDisconnect
            case .prefix:
                return nil
            case .mismatch:
                throw .invalidHeader(preview: Self.preview(view))
            }
        }
        guard Self.isValidHeaderPrefix(header) else {
            throw .invalidHeader(preview: Self.preview(view))
        }
        guard header.count == Self.headerLength else { return nil }
        // Leading zeros aside, a claim longer than 18 digits is too large without being read
        // (a 60-digit claim must not overflow, let alone be allocated).
        var length = 0
        var significantDigits = 0
        for byte in header where Self.isDigit(byte) {
            let digit = Int(byte &- UInt8(ascii: "0"))
            if significantDigits > 0 || digit != 0 { significantDigits += 1 }
            if significantDigits <= 18 { length = length * 10 + digit }
        }
        guard significantDigits <= 18, length <= Int(self.maxFrameBytes) else {
            let claimed = String(decoding: header.filter(Self.isDigit), as: UTF8.self).drop(while: { $0 == "0" })
            throw .frameTooLarge(claimed: claimed.isEmpty ? "0" : String(claimed), limit: Int(self.maxFrameBytes))
        }
        buffer.moveReaderIndex(forwardBy: Self.headerLength)
        self.mode = .awaitingPayload(length: length)
        return try self.next(from: &buffer)
    }

    /// ` *[0-9]+ *` as far as it goes: leading spaces, then digits, then only spaces.
    static func isValidHeaderPrefix(_ header: ByteBufferView.SubSequence) -> Bool {
        enum Phase { case leading, digits, trailing }
        var phase = Phase.leading
        for byte in header {
            let isSpace = byte == UInt8(ascii: " ")
            switch phase {
            case .leading:
                if Self.isDigit(byte) { phase = .digits } else if !isSpace { return false }
            case .digits:
                if isSpace { phase = .trailing } else if !Self.isDigit(byte) { return false }
            case .trailing:
                if !isSpace { return false }
            }
        }
        return true
    }

    enum BareWordMatch { case complete, prefix, mismatch }

    /// Whether the bytes are the bare disconnect word (case-insensitive, trailing whitespace allowed).
    static func matchesBareDisconnect(_ view: ByteBufferView) -> BareWordMatch {
        var index = 0
        for byte in view {
            if index < Self.bareDisconnectWord.count {
                let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                guard lowered == Self.bareDisconnectWord[index] else { return .mismatch }
            } else if !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\t"))
            {
                return .mismatch
            }
            index += 1
        }
        return index >= Self.bareDisconnectWord.count ? .complete : (index == 0 ? .mismatch : .prefix)
    }

    // MARK: Lines

    private mutating func nextLine(from buffer: inout ByteBuffer) throws(FramingError) -> InboundMessage? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            // Room for the longest allowed line plus its `\r`.
            if view.count > Int(self.maxLineBytes) + 1 { throw .lineTooLong(limit: Int(self.maxLineBytes)) }
            return nil
        }
        var length = newline - view.startIndex
        var ending = LineEnding.lf
        if length > 0 && view[newline - 1] == UInt8(ascii: "\r") {
            length -= 1
            ending = .crlf
        }
        if length > Int(self.maxLineBytes) { throw .lineTooLong(limit: Int(self.maxLineBytes)) }
        let text = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: ending == .crlf ? 2 : 1)
        return .line(text, ending)
    }

    // MARK: Helpers

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func preview(_ view: ByteBufferView) -> String {
        let head = view.prefix(Self.headerLength)
        let text = String(decoding: head, as: UTF8.self).trimmingTrailingSpaces()
        return TextSanitizer.preview(text, limit: 20)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = Substring(self)
        while result.last == " " { result = result.dropLast() }
        return String(result)
    }
}

/// Sent up the pipeline when a client begins a message (bytes that are not yet a whole frame
/// or line) and when it has none unfinished.
public enum InputProgress: Sendable, Equatable {
    case begun
    case finished
}
