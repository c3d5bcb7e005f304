import Testing

@testable import PapoCore

private func spec(_ name: String, aliases: [String] = [], scopes: Set<CommandScope> = [.user], summary: MessageID = "help.help")
    -> CommandSpec
{
    CommandSpec(name: name, aliases: aliases, scopes: scopes, summary: summary, handler: { _, _ in })
}

private let aliases: [(String, String)] = [
    ("help", "help"), ("HELP", "help"), ("h", "help"), ("?", "help"), ("nick", "nick"), ("Nick", "nick"),
    ("list", "list"), ("names", "list"), ("rooms", "rooms"), ("join", "join"), ("j", "join"), ("part", "part"),
    ("leave", "part"), ("msg", "msg"), ("m", "msg"), ("tell", "msg"), ("me", "me"), ("topic", "topic"), ("who", "who"),
    ("whois", "who"), ("quit", "quit"), ("exit", "quit"), ("bye", "quit"), ("BYE", "quit"),
]

@Suite("CommandTable")
struct CommandTableTests {
    @Test("The user commands come first in the users' part of the standard table, in help order")
    func standardCommands() {
        let names = ["help", "nick", "list", "rooms", "join", "part", "msg", "me", "topic", "who", "quit", "lang"]
        #expect(UserCommands.specs.map(\.name) == Array(names.dropFirst()))
        #expect(CommandTable.standard.specs(in: .user).prefix(names.count).map(\.name) == names)
        #expect(CommandTable(UserCommands.specs).specs(in: .user).map(\.name) == Array(names.dropFirst()))
        // Of the users' commands only rooms is the operator's too.
        #expect(CommandTable(UserCommands.specs).specs(in: .operator).map(\.name) == ["rooms"])
    }

    @Test(
        "a command moderators and the operator share is one spec in both scopes, its target a client",
        arguments: ["op", "deop", "kick", "ban", "mute", "unmute", "move", "gather", "announce", "unban", "bans", "hands", "breakout"])
    func sharedCommands(name: String) throws {
        let table = CommandTable.standard
        let user = try #require(table.lookup(name, scope: .user))
        let `operator` = try #require(table.lookup(name, scope: .operator))
        #expect(user.scopes == [.user, .operator])
        #expect(`operator`.scopes == [.user, .operator])
        #expect(table.specs.filter { $0.name == name }.count == 1)
        #expect(user.arguments == `operator`.arguments)
        #expect(user.requiredRole == .moderator)
        if let target = user.arguments.first, target.name == "NICK" {
            #expect(target.kind == .client)
        }
    }

    @Test("Names and aliases find their command, whatever the case", arguments: aliases)
    func lookupByNameOrAlias(typed: String, name: String) throws {
        let found = try #require(CommandTable.standard.lookup(typed, scope: .user))
        #expect(found.name == name)
    }

    @Test("Unknown names and commands of another scope are not found")
    func lookupMisses() {
        #expect(CommandTable.standard.lookup("frob", scope: .user) == nil)
        #expect(CommandTable.standard.lookup("", scope: .user) == nil)
        #expect(CommandTable.standard.lookup("/nick", scope: .user) == nil)
        #expect(CommandTable(UserCommands.specs).lookup("nick", scope: .operator) == nil)
    }

    @Test("Every standard name and alias is lower-case and unique within its scope", arguments: [CommandScope.user, .operator])
    func standardNamesAreUnique(scope: CommandScope) {
        let all = CommandTable.standard.specs(in: scope).flatMap { [$0.name] + $0.aliases + $0.portugueseNames }
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy { $0 == $0.lowercased() && !$0.isEmpty && !$0.contains(" ") })
    }

    @Test("Every standard command has a summary and a usage in each of its scopes")
    func standardCommandsDescribeThemselves() {
        for command in CommandTable.standard.specs {
            #expect(MessageCatalogue.entries[command.summary] != nil, "\(command.name)")
            #expect(!command.scopes.isEmpty, "\(command.name)")
            if command.scopes.contains(.user) {
                #expect(command.usage(for: .user).hasPrefix("/" + command.name))
            }
        }
        #expect(UserCommands.specs.allSatisfy { $0.requiredRole == .user && $0.scopes.contains(.user) })
    }

    @Test("When two commands claim one name in a scope, the first keeps it")
    func firstClaimWins() throws {
        let table = CommandTable([spec("a", aliases: ["x"], summary: "first"), spec("b", aliases: ["x", "a"], summary: "second")])
        #expect(table.lookup("x", scope: .user)?.summary == "first")
        #expect(table.lookup("a", scope: .user)?.summary == "first")
        #expect(table.lookup("b", scope: .user)?.summary == "second")
    }

    @Test("One name may mean different commands in different scopes")
    func namesAreUniquePerScope() throws {
        let table = CommandTable([
            spec("kick", scopes: [.user], summary: "user kick"),
            spec("kick", scopes: [.operator], summary: "operator kick"),
            spec("who", aliases: ["w"], scopes: [.user, .operator], summary: "both"),
        ])
        #expect(table.lookup("kick", scope: .user)?.summary == "user kick")
        #expect(table.lookup("KICK", scope: .operator)?.summary == "operator kick")
        #expect(table.lookup("w", scope: .operator)?.summary == "both")
        #expect(table.specs(in: .operator).map(\.summary) == ["operator kick", "both"])
    }
}
