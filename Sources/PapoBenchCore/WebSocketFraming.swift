/// What papod's web door reads from a browser: WebSocket text frames (RFC 6455), masked as a
/// client's must be, one message each.
public enum WebSocketFraming {
    /// Appends `text` as one masked text frame.
    public static func appendFrame(_ text: String, to bytes: inout [UInt8]) {
        let payload = Array(text.utf8)
        Self.appendHeader(length: payload.count, to: &bytes)
        bytes.append(contentsOf: payload)
    }

    /// Appends one chat message as a frame: the token, a space and `x` up to `payloadBytes`, the
    /// same text the framed protocol carries (without its line ending: a message is a line).
    @inlinable
    public static func appendMessage(_ token: Token, payloadBytes: Int, to bytes: inout [UInt8]) {
        let tokenCount = token.renderedCount
        let body = Swift.max(payloadBytes, tokenCount + 1)
        Self.appendHeader(length: body, to: &bytes)
        token.append(to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: body - tokenCount - 1))
    }

    /// FIN and text, the length, and a zero masking key. Clients must mask, and the key is
    /// the client's to choose; a zero key leaves the payload as it is, so the generator spends
    /// nothing on masking while papod still unmasks every byte as it would a browser's.
    @inlinable
    static func appendHeader(length: Int, to bytes: inout [UInt8]) {
        bytes.append(0x81)
        switch length {
        case 0...125:
            bytes.append(0x80 | UInt8(length))
        case 126...0xFFFF:
            bytes.append(0x80 | 126)
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
        default:
            bytes.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8((length >> shift) & 0xFF))
            }
        }
        bytes.append(contentsOf: [0, 0, 0, 0])
    }

    /// Server frames in `buffer` (unmasked): appends each text frame's payload and a newline to
    /// `lines`, and returns how many bytes it used (a partial frame is left for later).
    public static func extractText(from buffer: UnsafeRawBufferPointer, into lines: inout [UInt8]) -> Int {
        var offset = 0
        while buffer.count - offset >= 2 {
            let opcode = buffer[offset] & 0x0F
            var length = Int(buffer[offset + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard buffer.count - offset >= 4 else { break }
                length = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
                header = 4
            } else if length == 127 {
                guard buffer.count - offset >= 10 else { break }
                length = 0
                for index in 2..<10 { length = length << 8 | Int(buffer[offset + index]) }
                header = 10
            }
            guard buffer.count - offset >= header + length else { break }
            if opcode == 0x1 {
                lines.append(contentsOf: buffer[(offset + header)..<(offset + header + length)])
                lines.append(UInt8(ascii: "\n"))
            }
            offset += header + length
        }
        return offset
    }
}

/// How load clients speak to the server: the assignment's framing, or WebSocket.
public enum LoadWire: Sendable, Equatable {
    case seed
    case webSocket

    public func appendSetupLine(_ text: String, to bytes: inout [UInt8]) {
        switch self {
        case .seed: SeedFraming.appendFrame(text, to: &bytes)
        case .webSocket: WebSocketFraming.appendFrame(text, to: &bytes)
        }
    }

    @inlinable
    public func appendMessage(_ token: Token, payloadBytes: Int, to bytes: inout [UInt8]) {
        switch self {
        case .seed: SeedFraming.appendMessage(token, payloadBytes: payloadBytes, to: &bytes)
        case .webSocket: WebSocketFraming.appendMessage(token, payloadBytes: payloadBytes, to: &bytes)
        }
    }
}
