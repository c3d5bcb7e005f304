import Foundation
import Testing

@testable import PapoCore

@Suite("Command dispatcher: scope, arguments and role, before any handler")
struct CommandDispatcherTests {
    let dispatcher = CommandDispatcher()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func error(_ line: String, role: Role?, scope: CommandScope) -> String? {
        let actor: CommandActor = role == nil ? .operator : .client(ClientID(7))
        do throws(CommandError) {
            _ = try self.dispatcher.invocation(for: Substring(line), actor: actor, role: role, scope: scope, at: self.now)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a student may not run a moderator's command; a moderator and the operator may")
    func role() throws {
        #expect(self.error("kick bob", role: .user, scope: .user) == "/kick needs moderator rights")
        #expect(self.error("kick bob", role: .moderator, scope: .user) == nil)
        #expect(self.error("kick bob", role: nil, scope: .operator) == nil)
        #expect(self.error("help", role: .user, scope: .user) == nil)
    }

    @Test("a command exists only in its scopes")
    func scope() {
        #expect(self.error("shutdown", role: .moderator, scope: .user) == "unknown command /shutdown. Type /help for the list")
        #expect(self.error("nick ana", role: nil, scope: .operator) == "unknown command nick. Type help for the list")
    }

    @Test("arguments are checked against the spec, with its usage for the scope")
    func arguments() {
        #expect(self.error("kick", role: .moderator, scope: .user) == "missing NICK. Usage: /kick NICK [REASON]")
        #expect(self.error("kick", role: nil, scope: .operator) == "missing NICK. Usage: kick NICK [REASON]")
        #expect(self.error("quiet maybe", role: .moderator, scope: .user) == "on|off must be on or off. Usage: /quiet on|off")
    }

    @Test("the invocation carries the actor, the shared spec and the arguments by position")
    func invocation() throws {
        let invocation = try self.dispatcher.invocation(
            for: "KICK c12 enough for today", actor: .operator, role: nil, scope: .operator, at: self.now)
        #expect(invocation.spec.name == "kick")
        #expect(invocation.spec.scopes == [.user, .operator])
        #expect(invocation.arguments == ["c12", "enough for today"])
        #expect(invocation.actor == .operator)
        #expect(invocation.now == self.now)
    }
}
