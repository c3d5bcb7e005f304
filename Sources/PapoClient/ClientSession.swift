import Foundation

/// The client's view of its session: who it is, where it is, who is around, and what to send.
/// Pure: the terminal and the socket only carry out its decisions.
public struct ClientSession: Sendable {
    /// What the user asked for (or last had), restored after a reconnect.
    public private(set) var wantedNick: String?
    public private(set) var wantedRoom: String?
    /// What the server says now.
    public private(set) var nick: String?
    public private(set) var room: String?
    /// Nicks in the room, for completion.
    public private(set) var roomNicks: [String] = []
    /// Set once the user leaves (`/quit`, `Desconectar`, end of input): a close is expected.
    public private(set) var isLeaving = false
    /// Set when a moderator removed us: do not reconnect.
    public private(set) var removal: String?
    /// `/list` replies the client asked for itself, to refresh nicks, and does not show.
    private var hiddenListReplies = 0

    public init(nick: String? = nil, room: String? = nil) {
        self.wantedNick = nick
        self.wantedRoom = room.map { $0.hasPrefix("#") ? $0 : "#" + $0 }
    }

    /// `[#room] nick> `, or a neutral prompt before the welcome.
    public var prompt: String {
        guard let nick = self.nick, let room = self.room else { return "papo> " }
        return "[\(room)] \(nick)> "
    }

    public struct Outcome: Equatable, Sendable {
        /// Lines to show, in order.
        public var display: [ReceivedLine] = []
        /// Payloads to send, each as one frame.
        public var send: [String] = []
    }

    /// A (re)connection: the server will welcome us; nothing is known until then.
    public mutating func connectionStarted() {
        self.nick = nil
        self.room = nil
        self.roomNicks = []
        self.hiddenListReplies = 0
    }

    // MARK: From the server

    public mutating func receive(_ raw: String) -> Outcome {
        let line = ReceivedLine(server: raw)
        var outcome = Outcome()
        guard let notice = line.noticeText else {
            if line.kind == .error { self.noteRemoval(line.text) }
            outcome.display.append(line)
            return outcome
        }
        if notice.hasPrefix("Welcome to "), let welcome = Self.parseWelcome(notice) {
            self.nick = welcome.nick
            self.room = welcome.room
            if let wanted = self.wantedNick, wanted.lowercased() != welcome.nick.lowercased() {
                outcome.send.append("/nick \(wanted)")
            }
            if let wanted = self.wantedRoom, wanted.lowercased() != welcome.room.lowercased() {
                outcome.send.append("/join \(wanted)")
            } else {
                outcome.send.append(self.refreshNicks())
            }
        } else if let newNick = notice.removingPrefix("you are now known as ") {
            self.nick = String(newNick)
            self.wantedNick = String(newNick)
        } else if let rest = notice.removingPrefix("you are now in ") {
            let room = String(rest.prefix { $0 != " " })
            self.room = room
            self.wantedRoom = room
            self.roomNicks = []
            outcome.send.append(self.refreshNicks())
        } else if let list = Self.parseList(notice, room: self.room) {
            self.roomNicks = list
            if self.hiddenListReplies > 0 {
                self.hiddenListReplies -= 1
                return outcome
            }
        } else {
            self.trackRoomChange(notice)
        }
        outcome.display.append(line)
        return outcome
    }

    private mutating func refreshNicks() -> String {
        self.hiddenListReplies += 1
        return "/list"
    }

    /// Joins, departures and renames seen in the room keep the completion list current.
    private mutating func trackRoomChange(_ notice: Substring) {
        if let room = self.room, notice.hasSuffix(" joined \(room)") || notice.contains(" joined \(room) (") {
            let nick = String(notice.prefix { $0 != " " })
            if !self.roomNicks.contains(nick) { self.roomNicks.append(nick) }
        } else if let range = notice.range(of: " is now known as ") {
            let old = String(notice[..<range.lowerBound])
            let new = String(notice[range.upperBound...])
            self.roomNicks = self.roomNicks.map { $0 == old ? new : $0 }
        } else if notice.contains(" left") || notice.contains(" was kicked") || notice.contains(" was banned")
            || notice.contains(" was moved to ")
        {
            let nick = String(notice.prefix { $0 != " " })
            self.roomNicks.removeAll { $0 == nick }
        }
    }

    private mutating func noteRemoval(_ text: String) {
        for marker in ["you were kicked by ", "you were banned by ", "you are banned from this server"] where text.contains(marker) {
            self.removal = String(text.dropFirst("-!- error: ".count))
        }
    }

    // MARK: From the user

    /// What the user typed (a multi-line paste is one input): commands pass through; chat is
    /// sent as one frame and shown locally, since the server does not echo it.
    public mutating func input(_ text: String) -> Outcome {
        var outcome = Outcome()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingTrailingWhitespace() }
            .filter { !$0.allSatisfy(\.isWhitespace) }
        guard !lines.isEmpty else { return outcome }
        outcome.send.append(lines.joined(separator: "\n"))
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            if trimmed.lowercased() == "desconectar" || trimmed.lowercased().hasPrefix("/quit")
                && (trimmed.count == 5 || trimmed.dropFirst(5).first == " ")
            {
                self.isLeaving = true
            } else if trimmed.hasPrefix("//") {
                outcome.display.append(self.own(String(trimmed.dropFirst())))
            } else if !trimmed.hasPrefix("/") {
                outcome.display.append(self.own(String(trimmed)))
            }
        }
        return outcome
    }

    /// The polite way out: `/quit`, once.
    public mutating func leave() -> Outcome {
        guard !self.isLeaving else { return Outcome() }
        self.isLeaving = true
        return Outcome(display: [], send: ["/quit"])
    }

    private func own(_ text: String) -> ReceivedLine {
        ReceivedLine(text: "<\(self.nick ?? "me")> \(text)", kind: .own)
    }

    // MARK: Parsing notices

    /// "Welcome to papod, guest-1! You are in #lobby. Type /help for commands."
    static func parseWelcome(_ notice: Substring) -> (nick: String, room: String)? {
        guard let comma = notice.range(of: ", "), let bang = notice[comma.upperBound...].range(of: "! You are in ")
        else { return nil }
        let nick = notice[comma.upperBound..<bang.lowerBound]
        let room = notice[bang.upperBound...].prefix { $0 != "." && $0 != " " }
        guard !nick.isEmpty, room.hasPrefix("#") else { return nil }
        return (String(nick), String(room))
    }

    /// "#lobby (3): @ana +bia caio" → the nicks without their role marks.
    static func parseList(_ notice: Substring, room: String?) -> [String]? {
        guard notice.hasPrefix("#"), let colon = notice.range(of: "): ") ?? notice.range(of: "):"),
            notice[..<colon.lowerBound].contains(" (")
        else { return nil }
        let listedRoom = notice.prefix { $0 != " " }
        if let room, listedRoom.lowercased() != room.lowercased() { return nil }
        return notice[colon.upperBound...].split(separator: " ").map { name in
            String(name.first == "@" || name.first == "+" ? name.dropFirst() : name)
        }
    }
}

extension Substring {
    fileprivate func removingPrefix(_ prefix: String) -> Substring? {
        self.hasPrefix(prefix) ? self.dropFirst(prefix.count) : nil
    }

    fileprivate func trimmingTrailingWhitespace() -> Substring {
        var text = self
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return text
    }
}
