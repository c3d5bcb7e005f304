import Foundation
import Testing

@testable import PapoCore

/// IRC registration before the chat: CAP, PASS, NICK, USER and SASL, message by message.
@Suite("IRC registration")
struct IRCRegistrationTests {
    static let server = IRCServerInfo(name: "papod", version: "papod-test", startedAt: Date(timeIntervalSince1970: 0), language: .english)

    func send(_ lines: [String], to registration: inout IRCRegistration) throws -> [IRCRegistration.Outcome] {
        try lines.map { registration.receive(try IRCMessage(parsing: $0[...])) }
    }

    func replies(_ outcome: IRCRegistration.Outcome) -> [String] {
        if case .reply(let messages) = outcome { return messages.map(\.serialized) }
        return []
    }

    @Test("NICK and USER in either order complete registration; before that, commands get 451")
    func nickAndUser() throws {
        var registration = IRCRegistration(server: Self.server)
        let outcomes = try self.send(["PRIVMSG #lobby :cedo", "USER ana 0 * :Ana Maria", "NICK ana"], to: &registration)
        #expect(self.replies(outcomes[0]) == [":papod 451 * :You have not registered"])
        #expect(self.replies(outcomes[1]).isEmpty)
        #expect(outcomes[2] == .complete(try Nick("ana"), user: "~ana", realName: "Ana Maria"))
    }

    @Test("CAP LS holds registration until CAP END; REQ is taken whole or refused whole")
    func capabilities() throws {
        var registration = IRCRegistration(server: Self.server)
        let outcomes = try self.send(
            ["CAP LS 302", "NICK ana", "USER ana 0 * :Ana", "CAP REQ :multi-prefix bogus", "CAP REQ :multi-prefix server-time", "CAP LIST", "CAP END"],
            to: &registration)
        #expect(self.replies(outcomes[0]) == [":papod CAP * LS :cap-notify multi-prefix echo-message server-time batch message-tags sasl=PLAIN draft/message-redaction"])
        #expect(self.replies(outcomes[2]).isEmpty)
        #expect(self.replies(outcomes[3]) == [":papod CAP ana NAK :multi-prefix bogus"])
        #expect(self.replies(outcomes[4]) == [":papod CAP ana ACK :multi-prefix server-time"])
        #expect(self.replies(outcomes[5]) == [":papod CAP ana LIST :cap-notify multi-prefix server-time"])
        #expect(outcomes[6] == .complete(try Nick("ana"), user: "~ana", realName: "Ana"))
        #expect(registration.capabilities.contains(.serverTime))
        // Before 302, LS names no values.
        var old = IRCRegistration(server: Self.server)
        #expect(self.replies(try self.send(["CAP LS"], to: &old)[0]) == [":papod CAP * LS :cap-notify multi-prefix echo-message server-time batch message-tags sasl draft/message-redaction"])
    }

    @Test("a bad nick gets 432 with why; a taken one 433, and registration waits for another")
    func nicks() throws {
        var registration = IRCRegistration(server: Self.server)
        var outcomes = try self.send(["NICK papod", "NICK guest-3", "NICK", "NICK ana", "USER ana 0 * :Ana"], to: &registration)
        #expect(self.replies(outcomes[0]).first?.hasPrefix(":papod 432 * papod :") == true)
        #expect(self.replies(outcomes[1]).first?.hasPrefix(":papod 432 * guest-3 :") == true)
        #expect(self.replies(outcomes[2]) == [":papod 431 * :No nickname given"])
        #expect(outcomes[4] == .complete(try Nick("ana"), user: "~ana", realName: "Ana"))
        #expect(registration.nickTaken().map(\.serialized) == [":papod 433 * ana :Nickname is already in use"])
        outcomes = try self.send(["NICK ana2"], to: &registration)
        #expect(outcomes[0] == .complete(try Nick("ana2"), user: "~ana", realName: "Ana"))
    }

    @Test("SASL PLAIN: the password comes out of the payload, in chunks of 400; aborts and bad payloads fail")
    func sasl() throws {
        var registration = IRCRegistration(server: Self.server)
        _ = try self.send(["CAP LS 302", "NICK ana", "CAP REQ sasl"], to: &registration)
        var outcomes = try self.send(["AUTHENTICATE PLAIN", "AUTHENTICATE " + Data("\0ana\0segredo".utf8).base64EncodedString()], to: &registration)
        #expect(self.replies(outcomes[0]) == [":papod AUTHENTICATE +"])
        #expect(outcomes[1] == .authenticate(password: "segredo"))
        // A payload of exactly 400 characters says more follows.
        let long = Data(("\0ana\0" + String(repeating: "s", count: 400)).utf8).base64EncodedString()
        let first = String(long.prefix(400))
        let rest = String(long.dropFirst(400))
        outcomes = try self.send(["AUTHENTICATE PLAIN", "AUTHENTICATE \(first)", "AUTHENTICATE \(rest)"], to: &registration)
        #expect(self.replies(outcomes[1]).isEmpty)
        #expect(outcomes[2] == .authenticate(password: String(repeating: "s", count: 400)))
        outcomes = try self.send(["AUTHENTICATE PLAIN", "AUTHENTICATE *", "AUTHENTICATE EXTERNAL", "AUTHENTICATE PLAIN", "AUTHENTICATE !!!"], to: &registration)
        #expect(self.replies(outcomes[1]) == [":papod 906 ana :SASL authentication aborted"])
        #expect(self.replies(outcomes[2]) == [":papod 908 ana PLAIN :are available SASL mechanisms", ":papod 904 ana :SASL authentication failed"])
        #expect(self.replies(outcomes[4]) == [":papod 904 ana :SASL authentication failed"])
        #expect(registration.saslSucceeded(host: "abc.papo").map(\.serialized) == [
            ":papod 900 ana ana!~u@abc.papo moderator :You are now logged in as moderator",
            ":papod 903 ana :SASL authentication successful",
        ])
        #expect(registration.isAuthenticated)
    }

    @Test("PING before registering is answered (461 without a token); QUIT closes with ERROR")
    func pingAndQuit() throws {
        var registration = IRCRegistration(server: Self.server)
        let outcomes = try self.send(["PING :abc", "PING", "QUIT :bye"], to: &registration)
        #expect(self.replies(outcomes[0]) == [":papod PONG papod :abc"])
        #expect(self.replies(outcomes[1]) == [":papod 461 * PING :Not enough parameters"], "a PING needs its token")
        #expect(outcomes[2] == .quit(IRCMessage(command: "ERROR", parameters: ["Closing link: quit before registering"])))
    }
}
