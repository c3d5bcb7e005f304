import Testing

@testable import PapoCore

private func parse(_ line: String, scope: CommandScope = .user, table: CommandTable = .standard) throws(CommandError)
    -> CommandParser.Parsed
{
    try CommandParser(table: table).parse(Substring(line), scope: scope)
}

/// A table with an operator command beside a user one, for scope tests.
private let mixedTable = CommandTable([
    CommandSpec(name: "say", scopes: [.user, .operator], arguments: [.rest("TEXT")], summary: "Say", handler: { _, _ in }),
    CommandSpec(
        name: "kick", scopes: [.operator], arguments: [.nick(), .rest("REASON", optional: true)], summary: "Kick",
        handler: { _, _ in }),
    CommandSpec(
        name: "pair", scopes: [.user], arguments: [.word("A", optional: true), .word("B", optional: true)], summary: "Pair",
        handler: { _, _ in }),
])

private let parsedLines: [(String, String, [String?])] = [
    ("nick ana", "nick", ["ana"]),
    ("  nick   ana  ", "nick", ["ana"]),
    ("NICK ana", "nick", ["ana"]),
    ("nick\tana", "nick", ["ana"]),
    ("j #math", "join", ["#math"]),
    ("join math", "join", ["math"]),
    ("msg bob  hello   world  ", "msg", ["bob", "hello   world"]),
    ("tell bob hi", "msg", ["bob", "hi"]),
    ("topic", "topic", [nil]),
    ("topic   ", "topic", [nil]),
    ("topic  Prova na sexta  ", "topic", ["Prova na sexta"]),
    ("help", "help", [nil]),
    ("? nick", "help", ["nick"]),
    ("h /msg", "help", ["/msg"]),
    ("list", "list", []),
    ("names", "list", []),
    ("rooms", "rooms", []),
    ("part", "part", []),
    ("leave", "part", []),
    ("quit", "quit", [nil]),
    ("bye see you", "quit", ["see you"]),
    ("me waves  hello", "me", ["waves  hello"]),
    ("who ana", "who", ["ana"]),
    ("whois ana", "who", ["ana"]),
]

private let refusedLines: [(String, String)] = [
    ("", "empty command. Type /help for the list"),
    ("   ", "empty command. Type /help for the list"),
    ("frob", "unknown command /frob. Type /help for the list"),
    ("frob x y", "unknown command /frob. Type /help for the list"),
    ("fr\u{1B}ob", "unknown command /frob. Type /help for the list"),
    (String(repeating: "x", count: 40), "unknown command /" + String(repeating: "x", count: 30) + "…. Type /help for the list"),
    ("nick", "missing NAME. Usage: /nick NAME"),
    ("nick a b", "too many arguments. Usage: /nick NAME"),
    ("list all", "too many arguments. Usage: /list"),
    ("part now", "too many arguments. Usage: /part"),
    ("join", "missing ROOM. Usage: /join ROOM"),
    ("join #a #b", "too many arguments. Usage: /join ROOM"),
    ("msg", "missing NICK. Usage: /msg NICK TEXT"),
    ("msg bob", "missing TEXT. Usage: /msg NICK TEXT"),
    ("msg bob   ", "missing TEXT. Usage: /msg NICK TEXT"),
    ("me", "missing ACTION. Usage: /me ACTION"),
    ("who", "missing NICK. Usage: /who NICK"),
    ("who a b", "too many arguments. Usage: /who NICK"),
    ("help nick extra", "too many arguments. Usage: /help [COMMAND]"),
]

@Suite("CommandParser")
struct CommandParserTests {
    @Test("A command line gives the command and its arguments by position", arguments: parsedLines)
    func parsesArguments(line: String, name: String, arguments: [String?]) throws {
        let parsed = try parse(line)
        #expect(parsed.spec.name == name)
        #expect(parsed.arguments == arguments)
        #expect(parsed.arguments.count == parsed.spec.arguments.count)
    }

    @Test("A bad command line is refused with the problem and the usage", arguments: refusedLines)
    func refusesBadLines(line: String, message: String) {
        #expect(refusal { () throws(CommandError) in try parse(line) } == message)
    }

    @Test("Optional words may each be left out")
    func optionalWords() throws {
        #expect(try parse("pair", table: mixedTable).arguments == [nil, nil])
        #expect(try parse("pair x", table: mixedTable).arguments == ["x", nil])
        #expect(try parse("pair x y", table: mixedTable).arguments == ["x", "y"])
        #expect(refusal { () throws(CommandError) in try parse("pair x y z", table: mixedTable) } == "too many arguments. Usage: /pair [A] [B]")
    }

    @Test("Operator commands are typed without a slash and only in operator scope")
    func operatorScope() throws {
        let kick = try parse("kick ana  flooding the room ", scope: .operator, table: mixedTable)
        #expect(kick.spec.name == "kick")
        #expect(kick.arguments == ["ana", "flooding the room"])
        #expect(try parse("say hi", scope: .operator, table: mixedTable).arguments == ["hi"])
        #expect(refusal { () throws(CommandError) in try parse("kick", scope: .operator, table: mixedTable) } == "missing NICK. Usage: kick NICK [REASON]")
        #expect(refusal { () throws(CommandError) in try parse("kick ana", table: mixedTable) } == "unknown command /kick. Type /help for the list")
        #expect(refusal { () throws(CommandError) in try parse("pair", scope: .operator, table: mixedTable) } == "unknown command pair. Type help for the list")
        #expect(refusal { () throws(CommandError) in try parse("", scope: .operator, table: mixedTable) } == "empty command. Type help for the list")
    }

    @Test("User commands cannot be typed in operator scope")
    func userCommandsAreUserOnly() {
        #expect(refusal { () throws(CommandError) in try parse("nick ana", scope: .operator, table: CommandTable(UserCommands.specs)) } == "unknown command nick. Type help for the list")
    }
}

/// What a parse refused with, in English; nil if it did not refuse.
private func refusal(_ body: () throws(CommandError) -> Any) -> String? {
    do throws(CommandError) {
        _ = try body()
        return nil
    } catch {
        return error.description
    }
}
