import NIOCore
import NIOWebSocket

/// Server-to-client WebSocket frames as finished bytes (RFC 6455 §5.2): unmasked, so one
/// frame's bytes serve every recipient, with no per-connection encoder in the pipeline.
enum WebSocketFrameBytes {
    /// A final text frame holding `payload` (UTF-8).
    static func text(_ payload: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var frame = allocator.buffer(capacity: payload.count + 10)
        Self.writeHeader(opcode: .text, length: payload.count, into: &frame)
        frame.writeBytes(payload)
        return frame
    }

    /// A control frame: `pong` (echoing a ping's payload) or `connectionClose`.
    static func control(_ opcode: WebSocketOpcode, payload: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var payload = payload
        // Control frames carry at most 125 bytes.
        if payload.readableBytes > 125 {
            payload = payload.getSlice(at: payload.readerIndex, length: 125)!
        }
        var frame = allocator.buffer(capacity: payload.readableBytes + 2)
        Self.writeHeader(opcode: opcode, length: payload.readableBytes, into: &frame)
        frame.writeBuffer(&payload)
        return frame
    }

    /// A close frame with its status code and a short reason (cut to fit, on a character boundary).
    static func close(_ code: WebSocketErrorCode, reason: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var payload = allocator.buffer(capacity: 125)
        payload.write(webSocketErrorCode: code)
        var reason = Substring(reason)
        while reason.utf8.count > 123 { reason.removeLast() }
        payload.writeString(String(reason))
        return Self.control(.connectionClose, payload: payload, allocator: allocator)
    }

    private static func writeHeader(opcode: WebSocketOpcode, length: Int, into frame: inout ByteBuffer) {
        // FIN set, no extensions.
        frame.writeInteger(UInt8(0x80) | UInt8(webSocketOpcode: opcode))
        switch length {
        case 0...125:
            frame.writeInteger(UInt8(length))
        case 126...Int(UInt16.max):
            frame.writeInteger(UInt8(126))
            frame.writeInteger(UInt16(length))
        default:
            frame.writeInteger(UInt8(127))
            frame.writeInteger(UInt64(length))
        }
    }
}
