import Foundation
import NIOCore
import PapoCore

/// One input: the first byte's low four bits pick how it is cut, the rest goes through the
/// protocol detector and framing decoder in pieces, and every decoded message through the chat
/// core (command parser, seed recogniser, sanitiser) as a client would send it. With the first
/// byte's top bit set, the same bytes also go into papod's TLS door (`TLSDoorFuzz`): raw, as
/// garbage handshake records, or, with bit 6 set too, as plaintext after a real handshake.
/// Anything may be thrown as a FramingError; nothing may trap.
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    guard let first = bytes.first else { return 0 }
    let chunk = Int(first % 16) + 1
    var decoder = FrameDecoder(limits: FramingLimits(maxFrameBytes: 4096, maxLineBytes: 1024))
    var chat = ChatState(serverName: "fuzz")
    let client = ClientID(1)
    let witness = ClientID(2)
    let date = PapoFuzzClock.date
    _ = chat.connect(client, address: "10.0.0.1", at: date)
    _ = chat.connect(witness, address: "10.0.0.2", at: date)
    var buffer = ByteBuffer()
    var offset = 1
    decoding: while offset < bytes.count {
        let end = min(bytes.count, offset + chunk)
        buffer.writeBytes(bytes[offset..<end])
        offset = end
        while true {
            let message: InboundMessage?
            do {
                message = try decoder.next(from: &buffer)
            } catch {
                _ = chat.reject(client, error: error)
                break decoding
            }
            guard let message else { break }
            for effect in chat.receive(message, from: client, at: date) {
                // What others see never carries a control character.
                if case .deliver(let line, let recipients) = effect, recipients.contains(witness) {
                    precondition(!line.rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value) })
                }
            }
        }
    }
    _ = decoder.remainder(from: &buffer)
    // Every argument form the operator can type goes through the same parser.
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    _ = try? CommandParser().parse(Substring(text), scope: .operator)
    _ = try? CommandParser().parse(Substring(text), scope: .user)
    if first & 0x80 != 0 {
        TLSDoorFuzz.run(bytes.dropFirst(), chunk: chunk, afterHandshake: first & 0x40 != 0)
    }
    return 0
}

enum PapoFuzzClock {
    static let date = Date(timeIntervalSince1970: 1_800_000_000)
}
