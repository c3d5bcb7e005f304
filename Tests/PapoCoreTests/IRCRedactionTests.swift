import Foundation
import Testing

@testable import PapoCore

/// IRCv3's draft/message-redaction: a room line's msgid is its number, `/delete` reaches the IRC
/// clients that took the capability as REDACT, and an IRC moderator's REDACT is a `/delete`.
@Suite("IRC message redaction")
struct IRCRedactionTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    /// IRC, message-tags and message-redaction: a moderator.
    let prof = ClientID(1)
    /// IRC, message-tags and message-redaction.
    let ana = ClientID(2)
    /// IRC, message-tags only.
    let rui = ClientID(3)
    /// A line client.
    let bia = ClientID(4)

    func irc(_ line: String, by id: ClientID, in state: inout ChatState) throws -> [Effect] {
        state.receive(.irc(try IRCMessage(parsing: line[...])), from: id, at: Self.start)
    }

    func classroom() throws -> ChatState {
        var state = ChatState(
            configuration: ChatConfiguration(moderatorPassword: "segredo", flood: FloodBucket.Limits(burst: 0, rate: 0)),
            random: RandomSource(seed: 7))
        for (id, nick, capabilities) in [
            (self.prof, "prof", [IRCCapabilities.Capability.messageTags, .messageRedaction]),
            (self.ana, "ana", [.messageTags, .messageRedaction]), (self.rui, "rui", [.messageTags]),
        ] {
            _ = state.connect(
                id, address: "10.0.0.\(id.rawValue)", nick: try Nick(nick), presenceAsEvents: true,
                ircCapabilities: IRCCapabilities(Set(capabilities)), at: Self.start)
        }
        _ = state.connect(self.bia, address: "10.0.0.4", at: Self.start)
        _ = state.receive(.line("/nick bia", .lf), from: self.bia, at: Self.start)
        _ = state.receive(.line("/login segredo", .lf), from: self.prof, at: Self.start)
        return state
    }

    /// The IRC messages `id` is sent with `command`.
    func sent(_ command: String, in effects: [Effect], to id: ClientID) -> [IRCMessage] {
        effects.compactMap { effect in
            guard case .deliver(.irc(let message), let recipients) = effect, recipients.contains(id),
                message.command == command
            else { return nil }
            return message
        }
    }

    @Test("/delete reaches the clients that took the capability as REDACT of the line's msgid, with the reason")
    func deleteSendsRedact() throws {
        var state = try self.classroom()
        let said = try self.irc("PRIVMSG #lobby :uma coisa feia", by: self.ana, in: &state)
        let number = state.lastLineNumber
        let toRui = said.compactMap { effect -> ServerLine? in
            guard case .deliver(let line, let recipients) = effect, recipients.contains(self.rui) else { return nil }
            return line
        }
        #expect(toRui.compactMap(ChatState.ircTags(of:)).first?.first { $0.key == "msgid" }?.value == "#\(number)")

        let effects = state.receive(.line("/delete \(number) linguagem", .lf), from: self.prof, at: Self.start)
        let redact = self.sent("REDACT", in: effects, to: self.ana)
        #expect(redact.map(\.parameters) == [["#lobby", "#\(number)", "linguagem"]])
        #expect(redact.first?.source?.hasPrefix("prof!") == true)
        #expect(self.sent("REDACT", in: effects, to: self.prof).count == 1)
        #expect(self.sent("REDACT", in: effects, to: self.rui).isEmpty, "no capability, no REDACT: the notice tells")
        #expect(self.sent("REDACT", in: effects, to: self.bia).isEmpty)
    }

    @Test("an IRC moderator's REDACT removes the line as /delete does; a student's, another room's, a bad id are refused")
    func redactFromIRC() throws {
        var state = try self.classroom()
        _ = try self.irc("PRIVMSG #lobby :oops", by: self.ana, in: &state)
        let number = state.lastLineNumber

        let byStudent = try self.irc("REDACT #lobby #\(number)", by: self.rui, in: &state)
        #expect(self.sent("REDACT", in: byStudent, to: self.ana).isEmpty)
        #expect(!state.removedLineNumbers.contains(number))

        let elsewhere = try self.irc("REDACT #outra #\(number)", by: self.prof, in: &state)
        #expect(self.sent("FAIL", in: elsewhere, to: self.prof).map(\.parameters).first?.prefix(3) == ["REDACT", "INVALID_TARGET", "#outra"])
        let badID = try self.irc("REDACT #lobby abc", by: self.prof, in: &state)
        #expect(self.sent("FAIL", in: badID, to: self.prof).map(\.parameters).first?.prefix(2) == ["REDACT", "UNKNOWN_MSGID"])

        let byModerator = try self.irc("REDACT #lobby #\(number) :spam", by: self.prof, in: &state)
        #expect(state.removedLineNumbers.contains(number))
        #expect(self.sent("REDACT", in: byModerator, to: self.ana).map(\.parameters) == [["#lobby", "#\(number)", "spam"]])
        #expect(state.audit.last?.action == "delete")
    }
}
