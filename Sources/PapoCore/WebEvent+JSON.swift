/// A web event's JSON text, written directly rather than through `JSONEncoder`.
///
/// Every line a browser receives is encoded once, and `JSONEncoder`'s Codable boxing took 31%
/// of papod's CPU in a WebSocket fanout (23% in the encoder itself). The shape is small and
/// fixed; `WebEventJSONTests` checks that `JSONDecoder` reads back exactly the event, for
/// every kind and for strings holding every character JSON must escape.
extension WebEvent {
    /// The event as the UTF-8 JSON text of one WebSocket message, `kind` first.
    public func json() -> [UInt8] {
        var text = JSONText()
        text.field("kind", self.kind.rawValue)
        if let nick = self.nick { text.field("nick", nick) }
        if let old = self.old { text.field("old", old) }
        if let said = self.text { text.field("text", said) }
        if let echo = self.echo { text.field("echo", echo) }
        if let number = self.number { text.field("number", number) }
        if let history = self.history { text.field("history", history) }
        if let time = self.time { text.field("time", time) }
        if let clock = self.clock { text.field("clock", clock) }
        if let room = self.room { text.field("room", room) }
        if let topic = self.topic { text.field("topic", topic) }
        if let quiet = self.quiet { text.field("quiet", quiet) }
        if let slow = self.slow { text.field("slow", slow) }
        if let member = self.member {
            text.key("member")
            text.member(member)
        }
        if let members = self.members {
            text.key("members")
            text.array(members) { $0.member($1) }
        }
        if let hands = self.hands {
            text.key("hands")
            text.array(hands) { $0.string($1) }
        }
        if let breakouts = self.breakouts {
            text.key("breakouts")
            text.array(breakouts) { $0.string($1) }
        }
        if let ends = self.ends { text.field("ends", ends) }
        if let rooms = self.rooms {
            text.key("rooms")
            text.array(rooms) { text, room in
                var object = JSONText()
                object.field("name", room.name)
                object.field("members", room.members)
                if let topic = room.topic { object.field("topic", topic) }
                text.append(object.finish())
            }
        }
        if let language = self.language { text.field("language", language) }
        if let question = self.question { text.field("question", question) }
        if let options = self.options {
            text.key("options")
            text.array(options) { text, option in
                var object = JSONText()
                object.field("text", option.text)
                object.field("votes", option.votes)
                text.append(object.finish())
            }
        }
        if let closed = self.closed { text.field("closed", closed) }
        return text.finish()
    }
}

/// An object's JSON text being written.
struct JSONText {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var isFirst = true

    mutating func key(_ name: StaticString) {
        if !self.isFirst { self.bytes.append(UInt8(ascii: ",")) }
        self.isFirst = false
        self.bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
        self.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func field(_ name: StaticString, _ value: String) {
        self.key(name)
        self.string(value)
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        self.key(name)
        self.bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    mutating func field(_ name: StaticString, _ value: Int) {
        self.key(name)
        self.bytes.append(contentsOf: String(value).utf8)
    }

    mutating func member(_ member: RoomMember) {
        self.bytes.append(contentsOf: Array(#"{"nick":"#.utf8))
        self.string(member.nick)
        self.bytes.append(contentsOf: Array(#","role":""#.utf8))
        self.bytes.append(contentsOf: member.standing.rawValue.utf8)
        self.bytes.append(contentsOf: Array(#""}"#.utf8))
    }

    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONText, Element) -> Void) {
        self.bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { self.bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        self.bytes.append(UInt8(ascii: "]"))
    }

    /// A string literal: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`;
    /// everything else as its UTF-8 (JSON text is UTF-8).
    mutating func string(_ value: String) {
        self.bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                self.bytes.append(contentsOf: Array("\\u00".utf8))
                self.bytes.append(hex[Int(byte >> 4)])
                self.bytes.append(hex[Int(byte & 0x0F)])
            default: self.bytes.append(byte)
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    /// Another value's finished JSON text, as is.
    mutating func append(_ json: [UInt8]) {
        self.bytes.append(contentsOf: json)
    }

    consuming func finish() -> [UInt8] {
        self.bytes.append(UInt8(ascii: "}"))
        return self.bytes
    }
}
