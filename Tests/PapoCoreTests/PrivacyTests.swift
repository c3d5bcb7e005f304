import Foundation
import Testing

@testable import PapoCore

/// `/privacy open|teacher|off`: who may send private messages, on every door.
@Suite("Private-message policy")
struct PrivacyTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let teacher = ClientID(1)
    let ana = ClientID(2)
    let bia = ClientID(3)
    /// An IRC student with message-tags.
    let caio = ClientID(4)

    func classroom() throws -> ChatState {
        var state = ChatState(
            configuration: ChatConfiguration(moderatorPassword: "segredo", recording: RecordingSettings()),
            random: RandomSource(seed: 7))
        for (id, nick) in [(self.teacher, "mestre"), (self.ana, "ana"), (self.bia, "bia")] {
            _ = state.connect(id, address: "10.0.0.\(id.rawValue)", at: Self.start)
            _ = state.type("/nick \(nick)", by: id)
        }
        _ = state.connect(
            self.caio, address: "10.0.0.4", nick: try Nick("caio"), presenceAsEvents: true,
            ircCapabilities: IRCCapabilities([.messageTags]), at: Self.start)
        _ = state.type("/login segredo", by: self.teacher)
        return state
    }

    func irc(_ line: String, by id: ClientID, in state: inout ChatState) throws -> [Effect] {
        state.receive(.irc(try IRCMessage(parsing: line[...])), from: id, at: Self.start)
    }

    @Test("open: anyone to anyone, as before")
    func open() throws {
        var state = try self.classroom()
        #expect(state.privacy == .open)
        #expect(state.type("/msg bia oi", by: self.ana).lines(for: self.bia) == ["*ana* oi"])
    }

    @Test("teacher: students only to moderators, moderators to anyone; a refusal says why")
    func teacherOnly() throws {
        var state = try self.classroom()
        let changed = state.type("/privacy teacher", by: self.teacher)
        #expect(
            changed.lines(for: self.ana) == [
                "-!- mestre set private messages to teacher (students may send private messages only to moderators; moderators to anyone)"
            ])
        #expect(state.audit.last?.action == "privacy" && state.audit.last?.target == "teacher")
        #expect(changed.records == [.serverSetting(key: "privacy", value: "teacher")])
        let refused = state.type("/msg bia oi", by: self.ana)
        #expect(refused.lines(for: self.bia).isEmpty)
        #expect(
            refused.lines(for: self.ana) == [
                "-!- error: private messages go only to moderators in this class, and bia is not one (a moderator set /privacy teacher)"
            ])
        #expect(state.type("/msg mestre dúvida", by: self.ana).lines(for: self.teacher) == ["*ana* dúvida"])
        #expect(state.type("/msg ana respondo", by: self.teacher).lines(for: self.ana) == ["*mestre* respondo"])
        // IRC has no way round: PRIVMSG and NOTICE to a nick, and TAGMSG.
        let privmsg = try self.irc("PRIVMSG bia :psst", by: self.caio, in: &state)
        #expect(privmsg.lines(for: self.bia).isEmpty)
        let notice = try self.irc("NOTICE ana :psst", by: self.caio, in: &state)
        #expect(notice.lines(for: self.ana).isEmpty)
        #expect(try self.irc("@+typing=active TAGMSG ana", by: self.caio, in: &state).isEmpty)
    }

    @Test("off: only moderators send private messages; /help msg shows the policy in force")
    func off() throws {
        var state = try self.classroom()
        _ = state.type("/privacy off", by: self.teacher)
        #expect(
            state.type("/msg mestre oi", by: self.ana).lines(for: self.ana) == [
                "-!- error: private messages are off in this class (a moderator set /privacy off)"
            ])
        #expect(state.type("/msg ana oi", by: self.teacher).lines(for: self.ana) == ["*mestre* oi"])
        let help = state.type("/help msg", by: self.ana).lines(for: self.ana)
        #expect(help.contains("-!-   Now: off (only moderators send private messages)"))
        #expect(state.type("/privacy", by: self.teacher).lines(for: self.teacher) == ["-!- private messages: off (only moderators send private messages)"])
        #expect(state.type("/privacy off", by: self.teacher).lines(for: self.teacher) == ["-!- error: private messages are already off (only moderators send private messages)"])
        #expect(state.type("/privacy open", by: self.ana).lines(for: self.ana) == ["-!- error: /privacy needs moderator rights"])
        #expect(state.type("/privacy closed", by: self.teacher).lines(for: self.teacher).first?.contains("open|teacher|off") == true)
    }

    @Test("the operator has the same command; the policy comes back from the store")
    func operatorAndRestore() throws {
        var state = try self.classroom()
        let (result, effects) = state.executeOperator("privacy teacher", at: Self.start)
        #expect(result.isSuccess)
        #expect(result.lines == ["private messages: teacher (students may send private messages only to moderators; moderators to anyone)"])
        #expect(effects.lines(for: self.ana).first?.hasPrefix("-!- operator set private messages to teacher") == true)
        var restarted = ChatState(configuration: ChatConfiguration(recording: RecordingSettings()))
        restarted.restore(StoredState(serverSettings: ["privacy": "off"]), at: Self.start)
        #expect(restarted.privacy == .off)
        restarted.restore(StoredState(serverSettings: ["privacy": "bogus"]), at: Self.start)
        #expect(restarted.privacy == .open)
    }
}

extension ChatState {
    fileprivate mutating func type(_ line: String, by id: ClientID) -> [Effect] {
        self.receive(.line(line, .lf), from: id, at: PrivacyTests.start)
    }
}

extension [Effect] {
    fileprivate var records: [StoreRecord] {
        self.compactMap { effect in
            if case .record(let record) = effect, case .serverSetting = record { return record }
            return nil
        }
    }
}
