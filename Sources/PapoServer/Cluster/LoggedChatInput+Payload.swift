import Foundation
import PapoCore

/// The bytes of a log entry's payload. Every node encodes each of its inputs once and decodes
/// every node's, so a busy chat's lines and the nodes' heartbeats are written by hand, compactly
/// (Foundation's JSON was a third of a node's CPU); every other input stays JSON, as it was.
///
///     heartbeat  01  author:u32  node:u32
///     receive    02  author:u32  client:u64  message:u8  arrival:u8 [time:f64]  length:u32  text
///     any input  7B  the rest of the JSON object {"author": …, "input": …}
///
/// The first byte is the tag: JSON's is its own `{`, so entries written as JSON before this
/// format read back unchanged. Integers are big-endian. `message`: 0 a frame, 1 a line ending
/// in LF, 2 in CR LF, 3 an IRC message as its line (as JSON kept it). `arrival` 0: no time; 1:
/// `arrivedAt` follows, the bits of its seconds since 2001 (`Date`'s own value, as JSON kept
/// it: it comes back exact). `text`: `length` bytes of UTF-8, the payload's last. Decoding
/// checks every tag, number, length and the UTF-8, and throws on anything else.
extension LoggedChatInput {
    /// A payload that is not one this format writes: a damaged or foreign row.
    public struct PayloadError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "a chat log payload \(self.reason)" }
    }

    private enum Tag: UInt8 {
        case heartbeat = 0x01
        case receive = 0x02
        case json = 0x7B  // "{"
    }

    private enum MessageKind: UInt8 {
        case frame = 0
        case lineLF = 1
        case lineCRLF = 2
        case irc = 3
    }

    /// The input in the compact form, or nil for one that is written as JSON.
    static func compactPayload(of input: ChatInput, by author: NodeNumber) -> Data? {
        switch input {
        case .heartbeat(let node):
            var writer = PayloadWriter(capacity: 9)
            writer.write(Tag.heartbeat.rawValue)
            writer.write(author.rawValue)
            writer.write(node.rawValue)
            return writer.data
        case .receive(let message, let id, let arrivedAt):
            let kind: MessageKind
            var text: String
            switch message {
            case .frame(let payload): (kind, text) = (.frame, payload)
            case .line(let line, .lf): (kind, text) = (.lineLF, line)
            case .line(let line, .crlf): (kind, text) = (.lineCRLF, line)
            case .irc(let ircMessage): (kind, text) = (.irc, ircMessage.serialized)
            case .bareDisconnect: return nil
            }
            // JSON refuses a time that is not finite; so it still does.
            let seconds = arrivedAt?.timeIntervalSinceReferenceDate
            if let seconds, !seconds.isFinite { return nil }
            return text.withUTF8 { utf8 -> Data? in
                guard let length = UInt32(exactly: utf8.count) else { return nil }
                var writer = PayloadWriter(capacity: 27 + utf8.count)
                writer.write(Tag.receive.rawValue)
                writer.write(author.rawValue)
                writer.write(id.rawValue)
                writer.write(kind.rawValue)
                if let seconds {
                    writer.write(UInt8(1))
                    writer.write(seconds.bitPattern)
                } else {
                    writer.write(UInt8(0))
                }
                writer.write(length)
                writer.write(utf8)
                return writer.data
            }
        default:
            return nil
        }
    }

    /// Reads a payload of either form.
    static func decodePayload(_ payload: Data) throws -> (author: NodeNumber, input: ChatInput) {
        guard let first = payload.first else { throw PayloadError(reason: "is empty") }
        guard let tag = Tag(rawValue: first) else { throw PayloadError(reason: "has an unknown tag \(first)") }
        if tag == .json {
            let decoded = try JSONDecoder().decode(JSONPayload.self, from: payload)
            return (decoded.author, decoded.input)
        }
        return try payload.withUnsafeBytes { raw in
            var reader = PayloadReader(raw.bindMemory(to: UInt8.self))
            _ = try reader.read(UInt8.self)
            let author = try reader.readNode()
            let input: ChatInput
            switch tag {
            case .heartbeat:
                input = .heartbeat(try reader.readNode())
            case .receive:
                let id = ClientID(try reader.read(UInt64.self))
                let kindByte = try reader.read(UInt8.self)
                guard let kind = MessageKind(rawValue: kindByte) else {
                    throw PayloadError(reason: "has an unknown message kind \(kindByte)")
                }
                let arrivedAt: Date?
                switch try reader.read(UInt8.self) {
                case 0: arrivedAt = nil
                case 1:
                    let seconds = Double(bitPattern: try reader.read(UInt64.self))
                    guard seconds.isFinite else { throw PayloadError(reason: "has an arrival time that is not finite") }
                    arrivedAt = Date(timeIntervalSinceReferenceDate: seconds)
                case let other: throw PayloadError(reason: "has an unknown arrival marker \(other)")
                }
                let text = try reader.readText(length: Int(try reader.read(UInt32.self)))
                let message: InboundMessage
                switch kind {
                case .frame: message = .frame(text)
                case .lineLF: message = .line(text, .lf)
                case .lineCRLF: message = .line(text, .crlf)
                case .irc:
                    do {
                        message = .irc(try IRCMessage(parsing: text[...]))
                    } catch {
                        throw PayloadError(reason: "has an IRC line that does not parse: \(error)")
                    }
                }
                input = .receive(message, from: id, arrivedAt: arrivedAt)
            case .json:
                preconditionFailure("JSON is decoded above")
            }
            guard reader.isAtEnd else { throw PayloadError(reason: "has bytes after its end") }
            return (author, input)
        }
    }

    /// The JSON form, for every input the compact form leaves out.
    struct JSONPayload: Codable {
        var author: NodeNumber
        var input: ChatInput
    }
}

/// Appends big-endian integers and bytes to a payload of a known size.
private struct PayloadWriter {
    private(set) var data: Data

    init(capacity: Int) {
        self.data = Data(capacity: capacity)
    }

    mutating func write<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.bigEndian) { self.data.append(contentsOf: $0) }
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.data.append(bytes)
    }
}

/// Reads a payload front to back; every read checks that its bytes are there.
private struct PayloadReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { self.offset == self.bytes.count }

    mutating func read<Integer: FixedWidthInteger>(_: Integer.Type) throws -> Integer {
        let size = MemoryLayout<Integer>.size
        guard self.bytes.count - self.offset >= size else {
            throw LoggedChatInput.PayloadError(reason: "ends early")
        }
        var value: Integer = 0
        for byte in self.bytes[self.offset..<self.offset + size] {
            value = value << 8 | Integer(byte)
        }
        self.offset += size
        return value
    }

    mutating func readNode() throws -> NodeNumber {
        let number = try self.read(UInt32.self)
        guard number <= NodeNumber.maximum else {
            throw LoggedChatInput.PayloadError(reason: "has node number \(number), beyond \(NodeNumber.maximum)")
        }
        return NodeNumber(number)
    }

    mutating func readText(length: Int) throws -> String {
        guard self.bytes.count - self.offset >= length else {
            throw LoggedChatInput.PayloadError(reason: "ends early")
        }
        let utf8 = UnsafeBufferPointer(rebasing: self.bytes[self.offset..<self.offset + length])
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw LoggedChatInput.PayloadError(reason: "has text that is not UTF-8")
        }
        self.offset += length
        return text
    }
}
