import Foundation
import NIOCore
import PapoCore

/// A line encoded once per wire that has recipients, shared by all of them: a recipient whose
/// batch is just this line is written these very bytes.
struct EncodedLine {
    private static let allocator = ByteBufferAllocator()
    private static let empty = ByteBufferAllocator().buffer(capacity: 0)
    /// The text doors' bytes: the line with its LF ending.
    let bytes: ByteBuffer
    /// The browser door's bytes: one WebSocket text frame holding the line's JSON event (none
    /// for a text-only line); nil when no recipient came through that door.
    let webFrame: ByteBuffer?
    /// The IRC door's bytes: the line's IRC messages, each ending in CR LF; nil when no
    /// recipient came through that door.
    let ircBytes: ByteBuffer?
    /// The same with server-time's `@time=` on each message, for IRC clients that asked for it.
    let ircTaggedBytes: ByteBuffer?
    /// The same with every tag the line has (`LineTags`), for IRC clients with message-tags.
    let ircMessageTagsBytes: ByteBuffer?
    /// How many lines `bytes` holds (a web view update has none), `webFrame` and `ircBytes`:
    /// deliveries, as metrics count them.
    let textLines: Int
    let webLines: Int
    let ircLines: Int

    /// `line` for the text doors unless `text` is false (no recipient reads them), its
    /// WebSocket frame too if `webTime` (when it is sent, as `WebEvent.timeText` writes it) is
    /// given, and its IRC forms if `irc` and `ircTagged` are.
    init(
        _ line: ServerLine, text: Bool = true, webTime: String? = nil, irc: [IRCMessage]? = nil,
        ircTagged: [IRCMessage]? = nil, ircMessageTags: [IRCMessage]? = nil
    ) {
        if line.isText && text {
            let text = line.rendered
            var bytes = Self.allocator.buffer(capacity: text.utf8.count + 1)
            bytes.writeString(text)
            bytes.writeInteger(UInt8(ascii: "\n"))
            self.bytes = bytes
            self.textLines = 1
        } else {
            // Web views only, or no text door among the recipients: text doors are sent nothing.
            self.bytes = Self.allocator.buffer(capacity: 0)
            self.textLines = 0
        }
        if let webTime, line.isForWeb {
            self.webFrame = WebSocketFrameBytes.text(WebEvent(line, time: webTime).json(), allocator: Self.allocator)
            self.webLines = 1
        } else {
            // A line the page draws from an update of its own: its web readers are sent nothing.
            self.webFrame = webTime == nil ? nil : Self.empty
            self.webLines = 0
        }
        self.ircBytes = irc.map(Self.ircBytes)
        self.ircTaggedBytes = ircTagged.map(Self.ircBytes)
        self.ircMessageTagsBytes = ircMessageTags.map(Self.ircBytes)
        self.ircLines = (irc ?? ircTagged ?? ircMessageTags)?.isEmpty == false ? 1 : 0
    }

    private static func ircBytes(_ messages: [IRCMessage]) -> ByteBuffer {
        var bytes = Self.allocator.buffer(capacity: messages.count * 80)
        for message in messages {
            bytes.writeString(message.serialized)
            bytes.writeStaticString("\r\n")
        }
        return bytes
    }

    /// `lines`' buffers joined, if every one has one.
    private static func joined(_ lines: [EncodedLine], _ bytes: (EncodedLine) -> ByteBuffer?) -> ByteBuffer? {
        guard lines.allSatisfy({ bytes($0) != nil }) else { return nil }
        var joined = Self.allocator.buffer(capacity: lines.reduce(0) { $0 + bytes($1)!.readableBytes })
        for line in lines {
            joined.writeImmutableBuffer(bytes(line)!)
        }
        return joined
    }

    /// Several lines as one.
    init(joining lines: [EncodedLine]) {
        var bytes = Self.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.bytes.readableBytes })
        for line in lines {
            bytes.writeImmutableBuffer(line.bytes)
        }
        self.bytes = bytes
        self.textLines = lines.reduce(0) { $0 + $1.textLines }
        self.webLines = lines.reduce(0) { $0 + $1.webLines }
        self.ircLines = lines.reduce(0) { $0 + $1.ircLines }
        self.ircBytes = Self.joined(lines, \.ircBytes)
        self.ircTaggedBytes = Self.joined(lines, \.ircTaggedBytes)
        self.ircMessageTagsBytes = Self.joined(lines, \.ircMessageTagsBytes)
        // The lines of a run have the same recipients, so all have a frame or none has.
        if lines.allSatisfy({ $0.webFrame != nil }) {
            var frames = Self.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.webFrame!.readableBytes })
            for line in lines {
                frames.writeImmutableBuffer(line.webFrame!)
            }
            self.webFrame = frames
        } else {
            self.webFrame = nil
        }
    }

    /// The lines a connection of `wire` is sent.
    func lineCount(for wire: Wire) -> Int {
        switch wire {
        case .text: return self.textLines
        case .webSocket: return self.webLines
        case .irc, .ircTagged, .ircMessageTags: return self.ircLines
        }
    }

    /// The bytes for a connection of `wire`.
    func bytes(for wire: Wire) -> ByteBuffer {
        switch wire {
        case .text: return self.bytes
        // Never nil for a web recipient: the server encodes the frame whenever one is among them.
        case .webSocket: return self.webFrame ?? self.bytes
        // Nil only when the line has nothing for IRC: an empty buffer, so nothing is written.
        case .irc: return self.ircBytes ?? Self.empty
        case .ircTagged: return self.ircTaggedBytes ?? Self.empty
        case .ircMessageTags: return self.ircMessageTagsBytes ?? Self.empty
        }
    }
}

/// How a connection's output is encoded: one variant per wire, each encoded once per line.
enum Wire: UInt8, Sendable {
    /// Lines of text ending in LF (or CR LF, applied as the bytes are copied): the assignment door.
    case text
    /// WebSocket text frames holding JSON events: the browser door.
    case webSocket
    /// IRC messages ending in CR LF: the IRC door.
    case irc
    /// The same with server-time tags: IRC clients that negotiated `server-time`.
    case ircTagged
    /// The same with every tag (`time`, `msgid`, client-only tags): IRC clients that
    /// negotiated `message-tags`.
    case ircMessageTags

    /// Whether the connection came through the IRC door.
    var isIRC: Bool { self == .irc || self == .ircTagged || self == .ircMessageTags }

    /// The IRC wire for a client with `capabilities`.
    init(ircCapabilities capabilities: IRCCapabilities) {
        if capabilities.contains(.messageTags) {
            self = .ircMessageTags
        } else {
            self = capabilities.contains(.serverTime) ? .ircTagged : .irc
        }
    }
}
