import NIOCore
import Testing

@testable import PapoServer

@Suite("WebSocket frame reader")
struct WebSocketFrameReaderTests {
    typealias Reader = WebSocketFrameReader

    static let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    /// A client's frame: masked with `key`, the length in the shortest form unless `lengthForm`
    /// says otherwise (126 or 127, for the extended forms).
    static func frame(
        opcode: UInt8, payload: [UInt8], fin: Bool = true, masked: Bool = true, lengthForm: UInt8? = nil, firstByteBits: UInt8 = 0
    ) -> ByteBuffer {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | firstByteBits | opcode]
        let mask: UInt8 = masked ? 0x80 : 0
        let form = lengthForm ?? (payload.count <= 125 ? UInt8(payload.count) : payload.count <= 0xFFFF ? 126 : 127)
        switch form {
        case 126:
            bytes += [mask | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        case 127:
            bytes.append(mask | 127)
            bytes += (0..<8).reversed().map { UInt8((UInt64(payload.count) >> (8 * UInt64($0))) & 0xFF) }
        default:
            bytes.append(mask | form)
        }
        if masked {
            bytes += Self.key
            bytes += payload.enumerated().map { $0.element ^ Self.key[$0.offset % 4] }
        } else {
            bytes += payload
        }
        return ByteBuffer(bytes: bytes)
    }

    func read(_ buffer: ByteBuffer, limit: Int = 1024) throws(Reader.ReadError) -> [Reader.Frame] {
        var buffer = buffer
        var frames: [Reader.Frame] = []
        let reader = Reader(maxPayloadBytes: limit)
        while let frame = try reader.next(from: &buffer) {
            frames.append(frame)
        }
        #expect(buffer.readableBytes == 0)
        return frames
    }

    @Test("masked frames are unmasked, in each length form, several in one read")
    func lengthForms() throws {
        let short = Array("olá".utf8)
        let medium = [UInt8](repeating: 0x62, count: 300)
        var buffer = Self.frame(opcode: 0x1, payload: short)
        buffer.writeImmutableBuffer(Self.frame(opcode: 0x1, payload: medium))
        buffer.writeImmutableBuffer(Self.frame(opcode: 0x1, payload: Array("long form".utf8), lengthForm: 127))
        buffer.writeImmutableBuffer(Self.frame(opcode: 0x9, payload: []))
        let frames = try self.read(buffer)
        #expect(frames.map(\.opcode) == [.text, .text, .text, .ping])
        #expect(frames.map { Array($0.payload.readableBytesView) } == [short, medium, Array("long form".utf8), []])
        #expect(frames.map(\.isFinal) == [true, true, true, true])
    }

    @Test("a frame split anywhere waits for the rest, consuming nothing")
    func partial() throws {
        let whole = Self.frame(opcode: 0x1, payload: [UInt8](repeating: 0x61, count: 200))
        let reader = Reader(maxPayloadBytes: 1024)
        for cut in 0..<whole.readableBytes {
            var head = whole.getSlice(at: 0, length: cut)!
            #expect(try reader.next(from: &head) == nil)
            #expect(head.readableBytes == cut)
        }
        var buffer = whole
        #expect(try reader.next(from: &buffer)?.payload.readableBytes == 200)
    }

    @Test("fragments keep their opcode and FIN bit for the handler to join")
    func fragments() throws {
        var buffer = Self.frame(opcode: 0x1, payload: [0x61], fin: false)
        buffer.writeImmutableBuffer(Self.frame(opcode: 0x0, payload: [0x62], fin: true))
        let frames = try self.read(buffer)
        #expect(frames.map(\.opcode) == [.text, .continuation])
        #expect(frames.map(\.isFinal) == [false, true])
    }

    @Test("an oversized frame is refused from its header, before its payload arrives")
    func tooLarge() {
        var header = Self.frame(opcode: 0x1, payload: [UInt8](repeating: 0, count: 2000))
        header = header.getSlice(at: 0, length: 4)!
        #expect(throws: Reader.ReadError.tooLarge(limit: 1024)) {
            _ = try Reader(maxPayloadBytes: 1024).next(from: &header)
        }
        // A 64-bit length with its top bit set is as refused as any other too large.
        var huge = ByteBuffer(bytes: [0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: Reader.ReadError.tooLarge(limit: 1024)) {
            _ = try Reader(maxPayloadBytes: 1024).next(from: &huge)
        }
        #expect(throws: Never.self) {
            _ = try self.read(Self.frame(opcode: 0x1, payload: [UInt8](repeating: 0, count: 1024)))
        }
    }

    @Test(
        "frames the protocol forbids are errors",
        arguments: [
            (frame(opcode: 0x1, payload: [1], masked: false), Reader.ReadError.unmasked),
            (frame(opcode: 0x1, payload: [1], firstByteBits: 0x40), .reservedBits),
            (frame(opcode: 0x3, payload: [1]), .reservedOpcode(3)),
            (frame(opcode: 0xB, payload: [1]), .reservedOpcode(11)),
            (frame(opcode: 0x9, payload: [1], fin: false), .fragmentedControlFrame),
            (frame(opcode: 0x8, payload: [UInt8](repeating: 0, count: 126)), .longControlFrame),
        ])
    func forbidden(frame: ByteBuffer, error: Reader.ReadError) {
        #expect(throws: error) {
            _ = try self.read(frame)
        }
    }
}
