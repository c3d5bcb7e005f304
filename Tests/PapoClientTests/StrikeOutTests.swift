import PapoCore
import Testing

@testable import PapoClient

/// papo strikes out a line a moderator removes: it asks for numbered lines, shows them without
/// their numbers, and on the removal notice shows the line again struck out.
@Suite("Striking out removed lines")
struct StrikeOutTests {
    static let welcome = ClientSessionTests.welcome

    @Test("numbers are split off chat, action and replayed lines; other lines have none")
    func split() {
        #expect(RemovableLines.split("[#42] <ana> oi")! == (42, "<ana> oi"))
        #expect(RemovableLines.split("[#7] * ana acena")! == (7, "* ana acena"))
        #expect(RemovableLines.split("[10:42] [#3] <ana> antes")! == (3, "[10:42] <ana> antes"))
        for line in ["<ana> [#42] oi", "-!- [#1] x", "[#] <a> b", "[#x] <a> b", "[#42]<ana> oi", "[10:42] <ana> oi", "[#99999999999999999999] <a> b"] {
            #expect(RemovableLines.split(line) == nil, "\(line)")
        }
    }

    @Test("remembers the last lines only, each removed once")
    func capacity() {
        var lines = RemovableLines(capacity: 2)
        for number in 1...3 { lines.remember(ReceivedLine(server: "<ana> \(number)"), number: number) }
        #expect(lines.count == 2)
        #expect(lines.take(1) == nil)
        #expect(lines.take(3)?.text == "<ana> 3")
        #expect(lines.take(3) == nil)
    }

    @Test("papo asks for numbers quietly, shows lines without them, and strikes out a removed one above the notice")
    func strikesOut() {
        var session = ClientSession(strikesRemovedLines: true)
        #expect(session.receive(Self.welcome).send == ["/numbering on", "/list"])
        #expect(session.receive("-!- chat lines you are sent now carry their numbers ([#42])").display.isEmpty)
        #expect(session.receive("[#41] <ana> uma coisa feia").display == [ReceivedLine(text: "<ana> uma coisa feia", kind: .chat(nick: "ana"))])
        #expect(session.receive("[#42] * bia acena").display.map(\.text) == ["* bia acena"])
        let removed = session.receive("-!- mestre removed a message (#41): linguagem")
        #expect(
            removed.display == [
                ReceivedLine(text: "<ana> uma coisa feia", kind: .removed),
                ReceivedLine(text: "-!- mestre removed a message (#41): linguagem", kind: .notice),
            ])
        // In Portuguese too; a line papo never saw (or no longer remembers) is only the notice.
        #expect(session.receive("-!- mestre apagou uma mensagem (#42)").display.map(\.kind) == [.removed, .notice])
        #expect(session.receive("-!- mestre removed a message (#9)").display.map(\.kind) == [.notice])
        // Struck out and faint in a colour terminal.
        let colours = LineColorizer(isEnabled: true)
        #expect(colours.render(ReceivedLine(text: "<ana> x", kind: .removed)) == "\u{1B}[9;2m<ana> x\u{1B}[0m")
    }

    @Test("with /ids on the user sees the numbers; without strikethrough papo asks for nothing")
    func idsAndPlain() {
        var session = ClientSession(strikesRemovedLines: true)
        _ = session.receive(Self.welcome)
        _ = session.receive("-!- chat lines now show their numbers ([#42]); /delete N removes one")
        #expect(session.showsLineNumbers)
        #expect(session.receive("[#5] <ana> oi").display.map(\.text) == ["[#5] <ana> oi"])
        _ = session.receive("-!- chat lines no longer show their numbers")
        #expect(session.receive("[#6] <ana> oi").display.map(\.text) == ["<ana> oi"])
        #expect(session.receive("-!- mestre removed a message (#5)").display.first?.text == "<ana> oi")

        var plain = ClientSession()
        #expect(plain.receive(Self.welcome).send == ["/list"])
        #expect(plain.receive("-!- mestre removed a message (#5)").display.map(\.kind) == [.notice])
    }
}
