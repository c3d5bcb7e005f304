import NIOCore
import NIOWebSocket

/// A browser's frames, read from the connection's bytes (RFC 6455 §5.2).
///
/// The chat handler reads them itself, as the assignment door's handler reads its framing,
/// rather than behind NIO's `ByteToMessageHandler` and `WebSocketFrameDecoder`: those are two
/// more objects, a pipeline context and a cumulation buffer for every idle browser, about a
/// tenth of what one costs papod. Extensions are not negotiated, so reserved bits are errors.
struct WebSocketFrameReader {
    enum Opcode: UInt8 {
        case continuation = 0x0
        case text = 0x1
        case binary = 0x2
        case close = 0x8
        case ping = 0x9
        case pong = 0xA

        var isControl: Bool { self.rawValue & 0x8 != 0 }
    }

    struct Frame: Equatable {
        var opcode: Opcode
        var isFinal: Bool
        /// Unmasked.
        var payload: ByteBuffer
    }

    /// What makes a frame unreadable; the connection ends after one.
    enum ReadError: Error, Equatable {
        case reservedBits
        /// A client's frames are masked (§5.1).
        case unmasked
        case reservedOpcode(UInt8)
        /// Control frames carry at most 125 bytes and are never fragmented (§5.5).
        case longControlFrame
        case fragmentedControlFrame
        case tooLarge(limit: Int)
    }

    /// The largest payload a frame may carry, as a 32-bit count (larger limits are clamped):
    /// every browser's handler holds a reader.
    private let maxPayloadBytes: UInt32

    init(maxPayloadBytes: Int) {
        self.maxPayloadBytes = UInt32(clamping: maxPayloadBytes)
    }

    /// The next whole frame in `buffer`, consuming its bytes; nil while more bytes are needed.
    /// An oversized frame is refused from its header, before its payload arrives.
    func next(from buffer: inout ByteBuffer) throws(ReadError) -> Frame? {
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self)
        else { return nil }
        guard first & 0x70 == 0 else { throw .reservedBits }
        guard let opcode = Opcode(rawValue: first & 0x0F) else { throw .reservedOpcode(first & 0x0F) }
        let isFinal = first & 0x80 != 0
        guard second & 0x80 != 0 else { throw .unmasked }
        if opcode.isControl {
            guard isFinal else { throw .fragmentedControlFrame }
            guard second & 0x7F <= 125 else { throw .longControlFrame }
        }
        var headerLength = 2
        let length: UInt64
        switch second & 0x7F {
        case 126:
            guard let extended = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self) else { return nil }
            length = UInt64(extended)
            headerLength += 2
        case 127:
            guard let extended = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt64.self) else { return nil }
            length = extended
            headerLength += 8
        case let short:
            length = UInt64(short)
        }
        guard length <= UInt64(self.maxPayloadBytes) else { throw .tooLarge(limit: Int(self.maxPayloadBytes)) }
        guard let maskingKey = buffer.getBytes(at: buffer.readerIndex + headerLength, length: 4),
            buffer.readableBytes >= headerLength + 4 + Int(length)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: headerLength + 4)
        var payload = buffer.readSlice(length: Int(length))!
        payload.webSocketUnmask(WebSocketMaskingKey(maskingKey)!)
        return Frame(opcode: opcode, isFinal: isFinal, payload: payload)
    }
}
