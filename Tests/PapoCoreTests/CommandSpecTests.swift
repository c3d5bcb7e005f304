import Testing

@testable import PapoCore

@Suite("CommandSpec")
struct CommandSpecTests {
    @Test(
        "Usage names the command and its arguments, optional ones in brackets",
        arguments: [
            ("msg", "/msg NICK TEXT", "msg NICK TEXT"), ("topic", "/topic [TEXT]", "topic [TEXT]"), ("list", "/list", "list"),
            ("help", "/help [COMMAND]", "help [COMMAND]"), ("quit", "/quit [REASON]", "quit [REASON]"),
            ("join", "/join ROOM", "join ROOM"),
        ]
    )
    func usage(name: String, user: String, operator: String) throws {
        let command = try #require(CommandTable.standard.lookup(name, scope: .user))
        #expect(command.usage(for: .user) == user)
        #expect(command.usage(for: .operator) == `operator`)
    }

    @Test("Argument builders give their default names and kinds")
    func argumentBuilders() {
        #expect(ArgumentSpec.nick() == ArgumentSpec(name: "NICK", kind: .nick, isOptional: false))
        #expect(ArgumentSpec.room(optional: true) == ArgumentSpec(name: "ROOM", kind: .room, isOptional: true))
        #expect(ArgumentSpec.command() == ArgumentSpec(name: "COMMAND", kind: .command, isOptional: false))
        #expect(ArgumentSpec.word("MODE") == ArgumentSpec(name: "MODE", kind: .word, isOptional: false))
        #expect(ArgumentSpec.rest("TEXT", optional: true) == ArgumentSpec(name: "TEXT", kind: .text, isOptional: true))
        #expect(ArgumentSpec.nick().usage == "NICK")
        #expect(ArgumentSpec.nick(optional: true).usage == "[NICK]")
    }

    @Test("Only the last argument of a standard command takes the rest of the line")
    func restArgumentsComeLast() {
        for command in CommandTable.standard.specs {
            for argument in command.arguments.dropLast() {
                #expect(argument.kind != .text, "\(command.name)")
            }
        }
    }
}
