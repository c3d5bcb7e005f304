import Foundation
import Testing

@testable import PapoCore

/// The live names every completion test offers.
private let names = CommandCompletion.Names(
    nicks: ["ana", "bob", "Bea"], rooms: ["#lab", "#lobby", "#art"], clientIDs: ["c1", "c2", "c3"])

/// Candidates for `line`, split as a line editor would: the words before the cursor's word, and
/// the partial word (empty after a trailing space).
private func complete(_ line: String, scope: CommandScope = .operator, table: CommandTable = .standard) -> [String] {
    var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    let partial = line.hasSuffix(" ") || line.isEmpty ? "" : (words.popLast() ?? "")
    return CommandCompletion(table: table, scope: scope).candidates(wordsBefore: words, partial: partial, names: names)
}

private let durations = ["10m", "1d", "1h", "30s", "5m"]

@Suite("CommandCompletion")
struct CommandCompletionTests {
    // MARK: Command names

    @Test("An empty operator line offers every operator command, bare and sorted")
    func operatorCommandNames() {
        let expected = CommandTable.standard.specs(in: .operator).map(\.name).sorted()
        #expect(complete("") == expected)
        #expect(expected.count == 28)
        #expect(complete("").allSatisfy { !$0.hasPrefix("/") })
    }

    @Test("An empty user line offers every user-scope command with its slash")
    func userCommandNames() {
        let expected = CommandTable.standard.specs(in: .user).map { "/" + $0.name }.sorted()
        #expect(complete("", scope: .user) == expected)
        #expect(complete("", scope: .user).contains("/quiet"))
        #expect(!complete("", scope: .user).contains("/stats"))
    }

    @Test("Command names complete by case-insensitive prefix", arguments: [
        ("k", CommandScope.operator, ["kick"]), ("KI", .operator, ["kick"]), ("b", .operator, ["ban", "bans", "breakout"]),
        ("s", .operator, ["say", "shutdown", "stats"]), ("lo", .operator, ["log-level"]), ("z", .operator, []),
        ("/k", .user, ["/kick"]), ("/HE", .user, ["/help"]), ("/m", .user, ["/me", "/move", "/msg", "/mute"]),
        ("k", .user, []), ("/k", .operator, []),
    ])
    func commandPrefix(line: String, scope: CommandScope, expected: [String]) {
        #expect(complete(line, scope: scope) == expected)
    }

    @Test("Aliases are understood but not offered")
    func aliases() {
        #expect(complete("wh") == [])
        #expect(complete("who ") == ["#art", "#lab", "#lobby"])
        #expect(complete("/tell ", scope: .user) == ["Bea", "ana", "bob"])
    }

    // MARK: Arguments by kind

    @Test("Each argument completes by its kind", arguments: [
        // client: nicks and client ids
        ("kick ", CommandScope.operator, ["Bea", "ana", "bob", "c1", "c2", "c3"]),
        ("kick b", .operator, ["Bea", "bob"]), ("kick C", .operator, ["c1", "c2", "c3"]), ("op a", .operator, ["ana"]),
        ("unmute c2", .operator, ["c2"]),
        // nick: nicks only
        ("/msg ", .user, ["Bea", "ana", "bob"]), ("/who B", .user, ["Bea", "bob"]), ("/kick ", .user, ["Bea", "ana", "bob"]),
        // room
        ("move bob ", .operator, ["#art", "#lab", "#lobby"]), ("move bob #l", .operator, ["#lab", "#lobby"]),
        ("say #LO", .operator, ["#lobby"]), ("clients ", .operator, ["#art", "#lab", "#lobby"]),
        ("/join #a", .user, ["#art"]),
        // command: bare names of the scope
        ("help ki", .operator, ["kick"]), ("help s", .operator, ["say", "shutdown", "stats"]),
        ("/help n", .user, ["next", "nick", "numbering"]),
        // log level
        ("log-level ", .operator, ["critical", "debug", "error", "info", "notice", "trace", "warning"]),
        ("log-level W", .operator, ["warning"]), ("LOG-LEVEL e", .operator, ["error"]),
        // choices
        ("/quiet o", .user, ["off", "on"]), ("/quiet ", .user, ["off", "on"]), ("/quiet of", .user, ["off"]),
        ("/QUIET O", .user, ["off", "on"]),
        // duration
        ("ban bob ", .operator, ["--nick-only"] + durations), ("ban bob --n", .operator, ["--nick-only"]),
        ("ban bob --nick-only ", .operator, durations), ("mute c2 1", .operator, ["10m", "1d", "1h"]),
        ("/ban bob 3", .user, ["30s"]),
    ])
    func argumentKinds(line: String, scope: CommandScope, expected: [String]) {
        #expect(complete(line, scope: scope) == expected)
    }

    @Test("Text, plain words and arguments past the last complete nothing", arguments: [
        "say #lab ", "say #lab hel", "announce ", "announce b", "topic #lab ", "kick bob ", "kick bob b",
        "shutdown 30 ", "audit ", "unban ", "unban b", "op bob ", "op bob b", "rooms ", "stats x", "ban bob 10m ",
        "ban bob 10m b",
    ])
    func nothingToComplete(line: String) {
        #expect(complete(line) == [])
    }

    @Test("Text and words complete nothing for users either", arguments: ["/me ", "/msg ana ", "/msg ana b", "/nick b", "/slow "])
    func nothingToCompleteForUsers(line: String) {
        #expect(complete(line, scope: .user) == [])
    }

    @Test("Unknown commands complete nothing", arguments: [
        ("frob ", CommandScope.operator), ("frob b", .operator), ("/kick b", .operator), ("/frob ", .user),
        ("kick b", .user), ("stats ", .user),
    ])
    func unknownCommands(line: String, scope: CommandScope) {
        #expect(complete(line, scope: scope) == [])
    }

    // MARK: Optional durations

    @Test("A word that is not a duration moves on to the argument after the duration")
    func durationSkipping() {
        // `ban bob spam`: spam is the start of the REASON, which completes nothing.
        #expect(complete("ban bob spam ") == [])
        #expect(complete("ban bob spam b") == [])
        // With a table whose optional duration is followed by a room, then a nick:
        let table = CommandTable([
            CommandSpec(
                name: "wait", scopes: [.operator], arguments: [.duration(), .room(), .nick(optional: true)],
                summary: "", handler: { _, _ in })
        ])
        #expect(complete("wait ", table: table) == durations)
        #expect(complete("wait 5m ", table: table) == ["#art", "#lab", "#lobby"])
        #expect(complete("wait 5m #lab ", table: table) == ["Bea", "ana", "bob"])
        #expect(complete("wait #lab ", table: table) == ["Bea", "ana", "bob"])
        #expect(complete("wait #lab b", table: table) == ["Bea", "bob"])
        #expect(complete("wait #lab ana ", table: table) == [])
        #expect(complete("wait 5m #lab ana ", table: table) == [])
    }

    @Test("The argument index skips only an optional duration that was not typed")
    func argumentIndex() throws {
        let ban = try #require(CommandTable.standard.lookup("ban", scope: .operator))
        #expect(CommandCompletion.argument(at: 0, of: ban, wordsTyped: [])?.kind == .client)
        #expect(CommandCompletion.arguments(at: 1, of: ban, wordsTyped: ["bob"]).map(\.kind) == [.flag, .duration])
        #expect(CommandCompletion.argument(at: 2, of: ban, wordsTyped: ["bob", "--nick-only"])?.kind == .duration)
        #expect(CommandCompletion.argument(at: 2, of: ban, wordsTyped: ["bob", "10m"])?.name == "REASON")
        #expect(CommandCompletion.argument(at: 2, of: ban, wordsTyped: ["bob", "spam"])?.name == "REASON")
        let op = try #require(CommandTable.standard.lookup("op", scope: .operator))
        #expect(CommandCompletion.argument(at: 1, of: op, wordsTyped: ["bob"]) == nil)
    }

    // MARK: Matching

    @Test("Matches are sorted and without duplicates")
    func sortedAndUnique() {
        let doubled = CommandCompletion.Names(nicks: ["bob", "ana", "bob", "c2"], rooms: [], clientIDs: ["c2", "c1", "c2"])
        let candidates = CommandCompletion(scope: .operator).candidates(wordsBefore: ["kick"], partial: "", names: doubled)
        #expect(candidates == ["ana", "bob", "c1", "c2"])
        #expect(CommandCompletion.matching(["b", "a", "B", "a"], "") == ["B", "a", "b"])
    }

    @Test("Matching ignores case both ways and keeps the candidates' spelling", arguments: [
        ("", ["Ana", "bob", "BEA"]), ("a", ["Ana"]), ("A", ["Ana"]), ("be", ["BEA"]), ("bea", ["BEA"]), ("beatriz", []),
    ])
    func caseInsensitive(partial: String, expected: [String]) {
        let matched = CommandCompletion.matching(["bob", "Ana", "BEA"], partial)
        #expect(Set(matched) == Set(expected))
        #expect(matched == matched.sorted())
    }

    // MARK: Live names

    @Test("ChatState offers its nicks and client ids in id order and its rooms sorted")
    func completionNames() {
        var state = ChatState()
        for id in [ClientID(3), ClientID(1), ClientID(2)] {
            _ = state.connect(id, address: "10.0.0.\(id.rawValue)", at: Date(timeIntervalSince1970: 1_800_000_000))
        }
        _ = state.receive(.line("/nick zoe", .lf), from: ClientID(1), at: Date(timeIntervalSince1970: 1_800_000_000))
        _ = state.receive(.line("/join #Math", .lf), from: ClientID(2), at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(
            state.completionNames
                == CommandCompletion.Names(
                    nicks: ["zoe", "guest-3", "guest-1"], rooms: ["#Math", "#lobby"], clientIDs: ["c1", "c2", "c3"]))
        let candidates = CommandCompletion(scope: .operator)
            .candidates(wordsBefore: ["move", "zoe"], partial: "#m", names: state.completionNames)
        #expect(candidates == ["#Math"])
    }

    @Test("An empty chat offers only #lobby")
    func emptyChat() {
        #expect(ChatState().completionNames == CommandCompletion.Names(nicks: [], rooms: ["#lobby"], clientIDs: []))
    }

    @Test("in Portuguese the Portuguese names are offered beside the English ones")
    func portugueseNames() {
        let portuguese = CommandCompletion(scope: .user, language: .portuguese)
        #expect(portuguese.candidates(wordsBefore: [], partial: "/en", names: .init()) == ["/encerrar", "/endpoll", "/enquete", "/entrar"])
        #expect(portuguese.candidates(wordsBefore: [], partial: "/m", names: .init()).contains("/mão"))
        #expect(portuguese.candidates(wordsBefore: ["/entrar"], partial: "#r", names: .init(rooms: ["#redes"])) == ["#redes"])
        let english = CommandCompletion(scope: .user)
        #expect(english.candidates(wordsBefore: [], partial: "/en", names: .init()) == ["/endpoll"])
    }
}
