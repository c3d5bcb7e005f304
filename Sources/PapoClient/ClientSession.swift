import Foundation
import PapoCore

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
    /// The language the user's locale asks the server for, sent on every (re)connection.
    public let language: Language?
    /// `/lang` replies the client asked for itself, and does not show.
    private var hiddenLanguageReplies = 0
    /// Whether papo asks for every chat line's number (`/numbering on`) so that a line a
    /// moderator removes is shown again struck out: only where strikethrough can be drawn.
    public let strikesRemovedLines: Bool
    /// The recent lines a removal may strike out.
    public private(set) var removableLines = RemovableLines()
    /// The user turned `/ids on`: numbered lines are shown with their numbers, as they came.
    public private(set) var showsLineNumbers = false
    /// `/numbering` replies the client asked for itself, and does not show.
    private var hiddenNumberingReplies = 0

    public init(nick: String? = nil, room: String? = nil, language: Language? = nil, strikesRemovedLines: Bool = false) {
        self.wantedNick = nick
        self.wantedRoom = room.map { $0.hasPrefix("#") ? $0 : "#" + $0 }
        self.language = language
        self.strikesRemovedLines = strikesRemovedLines
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
        self.hiddenLanguageReplies = 0
        self.hiddenNumberingReplies = 0
        // A new connection starts without `/ids`; remembered lines stay, as numbers outlive it.
        self.showsLineNumbers = false
    }

    /// The server's texts papo follows, in every language the server may speak.
    enum Texts {
        static let welcome = MessagePatterns(.welcome)
        static let renamed = MessagePatterns(.youAreNowKnownAs)
        static let moved = MessagePatterns(.youAreNowIn)
        static let members = MessagePatterns(.roomMembers)
        static let languageChanged = MessagePatterns(.languageChanged)
        static let arrivals = [MessagePatterns(.joined), MessagePatterns(.joinedMovedBy)]
        static let renames = MessagePatterns(.isNowKnownAs)
        static let departures = [.left, .leftFor, .movedBy, .wasKicked, .wasKickedBecause, .wasBanned, .wasBannedBecause]
            .map(MessagePatterns.init)
        static let removals = [
            MessageID.youWereKicked, .youWereKickedBecause, .youWereBanned, .youWereBannedBecause, .bannedFromServer,
        ].map(MessagePatterns.init)
        static let numberingOn = MessagePatterns(.lineNumberingOn)
        static let numbersShown = MessagePatterns(.lineNumbersOn)
        static let numbersHidden = MessagePatterns(.lineNumbersOff)
        static let lineRemovals = [MessagePatterns(.lineRemoved), MessagePatterns(.lineRemovedBecause)]
    }

    // MARK: From the server

    public mutating func receive(_ raw: String) -> Outcome {
        var outcome = Outcome()
        if self.strikesRemovedLines, let numbered = RemovableLines.split(raw) {
            let line = ReceivedLine(server: numbered.line)
            self.removableLines.remember(line, number: numbered.number)
            outcome.display.append(self.showsLineNumbers ? ReceivedLine(server: raw) : line)
            return outcome
        }
        let line = ReceivedLine(server: raw)
        guard let notice = line.noticeText else {
            if line.kind == .error { self.noteRemoval(line.text) }
            outcome.display.append(line)
            return outcome
        }
        if let welcome = Self.parseWelcome(notice) {
            self.nick = welcome.nick
            self.room = welcome.room
            if let language = self.language {
                // First, so that what the server says next is in the user's language.
                outcome.send.append("/lang \(language.rawValue)")
                self.hiddenLanguageReplies += 1
            }
            if self.strikesRemovedLines {
                outcome.send.append("/numbering on")
                self.hiddenNumberingReplies += 1
            }
            if let wanted = self.wantedNick, wanted.lowercased() != welcome.nick.lowercased() {
                outcome.send.append("/nick \(wanted)")
            }
            if let wanted = self.wantedRoom, wanted.lowercased() != welcome.room.lowercased() {
                outcome.send.append("/join \(wanted)")
            } else {
                outcome.send.append(self.refreshNicks())
            }
        } else if let newNick = Texts.renamed.match(notice)?["nick"] {
            self.nick = newNick
            self.wantedNick = newNick
        } else if let room = Texts.moved.match(notice)?["room"] {
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
        } else if self.hiddenLanguageReplies > 0, Texts.languageChanged.match(notice) != nil {
            self.hiddenLanguageReplies -= 1
            return outcome
        } else if self.hiddenNumberingReplies > 0, Texts.numberingOn.match(notice) != nil {
            self.hiddenNumberingReplies -= 1
            return outcome
        } else if Texts.numbersShown.match(notice) != nil {
            self.showsLineNumbers = true
        } else if Texts.numbersHidden.match(notice) != nil {
            self.showsLineNumbers = false
        } else if let number = Self.removedNumber(notice) {
            // The removed line again, struck out, just above the notice saying who removed it.
            if let removed = self.removableLines.take(number) {
                outcome.display.append(ReceivedLine(text: removed.text, kind: .removed))
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
        if let arrival = Texts.arrivals.lazy.compactMap({ $0.match(notice) }).first, let nick = arrival["nick"],
            arrival["room"]?.lowercased() == self.room?.lowercased()
        {
            if !self.roomNicks.contains(nick) { self.roomNicks.append(nick) }
        } else if let rename = Texts.renames.match(notice), let old = rename["old"], let new = rename["nick"] {
            self.roomNicks = self.roomNicks.map { $0 == old ? new : $0 }
        } else if let nick = Texts.departures.lazy.compactMap({ $0.match(notice)?["nick"] }).first {
            self.roomNicks.removeAll { $0 == nick }
        }
    }

    private mutating func noteRemoval(_ text: String) {
        let message = text.dropFirst("-!- error: ".count)
        if Texts.removals.contains(where: { $0.match(message) != nil }) {
            self.removal = String(message)
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

    /// "mestre removed a message (#42)", with or without a reason, in any language → 42.
    static func removedNumber(_ notice: Substring) -> Int? {
        guard let number = Texts.lineRemovals.lazy.compactMap({ $0.match(notice)?["number"] }).first else { return nil }
        return Int(number.filter(\.isNumber))
    }

    /// "Welcome to papod, guest-1! You are in #lobby. Type /help for commands.", in any
    /// language: everyone arrives in #lobby.
    static func parseWelcome(_ notice: Substring) -> (nick: String, room: String)? {
        guard let nick = Texts.welcome.match(notice)?["nick"], !nick.isEmpty, !nick.contains(" ") else { return nil }
        return (nick, "#lobby")
    }

    /// "#lobby (3): @ana +bia caio" → the nicks without their role marks.
    static func parseList(_ notice: Substring, room: String?) -> [String]? {
        guard notice.hasPrefix("#"), let list = Texts.members.match(notice), let listedRoom = list["room"],
            let names = list["names"], !listedRoom.contains(" ")
        else { return nil }
        if let room, listedRoom.lowercased() != room.lowercased() { return nil }
        return names.split(separator: " ").map { name in
            String(name.first == "@" || name.first == "+" ? name.dropFirst() : name)
        }
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> Substring {
        var text = self
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return text
    }
}
