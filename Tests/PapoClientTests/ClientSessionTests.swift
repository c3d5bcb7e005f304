import PapoCore
import Testing

@testable import PapoClient

@Suite("Client session")
struct ClientSessionTests {
    static let welcome = "-!- Welcome to papod, guest-3! You are in #lobby. Type /help for commands."

    @Test("the welcome gives nick and room; wanted nick and room are asked for")
    func welcomeAndWishes() {
        var session = ClientSession(nick: "ana", room: "math")
        #expect(session.prompt == "papo> ")
        let outcome = session.receive(Self.welcome)
        #expect(session.nick == "guest-3")
        #expect(session.room == "#lobby")
        #expect(outcome.send == ["/nick ana", "/join #math"])
        #expect(outcome.display.map(\.text) == [Self.welcome])
        #expect(session.prompt == "[#lobby] guest-3> ")
    }

    @Test("the prompt follows nick changes, joins and moves; the nick list is refreshed quietly")
    func tracking() {
        var session = ClientSession()
        #expect(session.receive(Self.welcome).send == ["/list"])
        // The automatic /list reply is not shown, but fills the nick list.
        #expect(session.receive("-!- #lobby (2): @prof guest-3").display.isEmpty)
        #expect(session.roomNicks == ["prof", "guest-3"])
        _ = session.receive("-!- you are now known as ana")
        #expect(session.prompt == "[#lobby] ana> ")
        _ = session.receive("-!- bob joined #lobby")
        _ = session.receive("-!- prof is now known as teacher_1")
        #expect(session.roomNicks == ["teacher_1", "guest-3", "bob"])
        _ = session.receive("-!- bob left (quit)")
        #expect(session.roomNicks == ["teacher_1", "guest-3"])

        _ = session.receive("-!- you were moved to #lab by prof")
        let moved = session.receive("-!- you are now in #lab (3 members)")
        #expect(moved.send == ["/list"])
        #expect(session.prompt == "[#lab] ana> ")
        // A /list the user asks for is shown.
        _ = session.receive("-!- #lab (3): a b ana")
        #expect(session.receive("-!- #lab (3): a b ana").display.count == 1)

        // After a reconnect the last nick and room are restored.
        session.connectionStarted()
        #expect(session.receive(Self.welcome).send == ["/nick ana", "/join #lab"])
    }

    @Test("a kick or a ban is remembered as a removal")
    func removal() {
        var session = ClientSession()
        _ = session.receive(Self.welcome)
        #expect(session.removal == nil)
        _ = session.receive("-!- error: no such nick: zed")
        #expect(session.removal == nil)
        let kicked = session.receive("-!- error: you were kicked by prof: stop")
        #expect(kicked.display.first?.kind == .error)
        #expect(session.removal == "you were kicked by prof: stop")
    }

    @Test("in Portuguese: the locale's language is asked for first, its reply is hidden, and the Portuguese texts are followed")
    func portuguese() {
        var session = ClientSession(nick: "ana", room: "redes", language: .portuguese)
        let welcome = "-!- Boas-vindas ao papod, guest-3! Você está em #lobby. Digite /ajuda para ver os comandos."
        let outcome = session.receive(welcome)
        #expect(session.nick == "guest-3")
        #expect(session.room == "#lobby")
        #expect(outcome.send == ["/lang pt-BR", "/nick ana", "/join #redes"])
        #expect(session.receive("-!- agora o papod fala português com você").display.isEmpty)
        // Only the reply papo asked for is hidden.
        #expect(session.receive("-!- agora o papod fala português com você").display.count == 1)
        _ = session.receive("-!- agora você se chama ana")
        #expect(session.nick == "ana")
        #expect(session.receive("-!- agora você está em #redes (1 membro)").send == ["/list"])
        #expect(session.room == "#redes")
        #expect(session.receive("-!- #redes (2): @prof ana").display.isEmpty)
        _ = session.receive("-!- bia entrou em #redes")
        _ = session.receive("-!- prof agora se chama teacher")
        #expect(session.roomNicks == ["teacher", "ana", "bia"])
        _ = session.receive("-!- teacher tirou bia do chat: chega")
        #expect(session.roomNicks == ["teacher", "ana"])
        _ = session.receive("-!- error: teacher baniu você: spam")
        #expect(session.removal == "teacher baniu você: spam")
    }

    @Test("with no locale papo asks for no language, and an English reply to /lang is shown")
    func noLanguage() {
        var session = ClientSession()
        #expect(session.receive(Self.welcome).send == ["/list"])
        #expect(session.receive("-!- papod now speaks English to you").display.count == 1)
    }

    @Test("a locale asks for its language; C, POSIX or none leaves the server's", arguments: [
        (["LANG": "pt_BR.UTF-8"], Language?.some(.portuguese)), (["LANG": "de_DE.UTF-8"], .english),
        (["LANG": "C.UTF-8"], nil), (["LC_ALL": "POSIX", "LANG": "pt_BR"], nil), ([:], nil),
        (["LC_MESSAGES": "pt_PT"], .portuguese),
    ])
    func localeRequest(environment: [String: String], language: Language?) {
        #expect(Language.requestedByLocale(environment) == language)
    }

    @Test("typed chat is sent and shown locally; commands pass through unshown")
    func input() {
        var session = ClientSession()
        _ = session.receive(Self.welcome)
        let chat = session.input("olá  ")
        #expect(chat.send == ["olá"])
        #expect(chat.display == [ReceivedLine(text: "<guest-3> olá", kind: .own)])
        let command = session.input("/help")
        #expect(command.send == ["/help"])
        #expect(command.display.isEmpty)
        #expect(session.input("//etc/hosts").display.map(\.text) == ["<guest-3> /etc/hosts"])
        #expect(session.input("   ").send.isEmpty)
    }

    @Test("a multi-line paste goes out as one frame and shows each line")
    func paste() {
        var session = ClientSession()
        _ = session.receive(Self.welcome)
        let outcome = session.input("first\n\nsecond\nthird")
        #expect(outcome.send == ["first\nsecond\nthird"])
        #expect(outcome.display.map(\.text) == ["<guest-3> first", "<guest-3> second", "<guest-3> third"])
    }

    @Test("quitting marks the session as leaving", arguments: ["/quit", "/quit bye", "Desconectar", " desconectar"])
    func leaving(line: String) {
        var session = ClientSession()
        _ = session.input(line)
        #expect(session.isLeaving)
        #expect(session.leave().send.isEmpty)
    }

    @Test("/quitter is not /quit")
    func notQuit() {
        var session = ClientSession()
        _ = session.input("/quitter")
        #expect(!session.isLeaving)
        #expect(session.leave().send == ["/quit"])
    }
}

@Suite("Received lines")
struct ReceivedLineTests {
    @Test("kinds are told by their prefixes", arguments: [
        ("<ana> hi", ReceivedLine.Kind.chat(nick: "ana")),
        ("* ana waves", .action(nick: "ana")),
        ("*ana* psst", .privateMessage(nick: "ana")),
        ("-> *bob* psst", .privateEcho(nick: "bob")),
        ("-!- bob joined #lobby", .notice),
        ("-!- error: nope", .error),
        ("plain", .other),
    ])
    func classify(text: String, kind: ReceivedLine.Kind) {
        #expect(ReceivedLine(server: text).kind == kind)
    }

    @Test("control characters from the server are removed")
    func sanitized() {
        #expect(ReceivedLine(server: "<x> \u{1B}]0;pwned\u{07}\u{1B}[2Jhi").text == "<x> ]0;pwned[2Jhi")
    }

    @Test("colours: a stable colour per nick, a colour per kind, none when disabled")
    func colours() {
        #expect(LineColorizer.colour(forNick: "Ana") == LineColorizer.colour(forNick: "ana"))
        let line = ReceivedLine(server: "<ana> hi")
        #expect(LineColorizer(isEnabled: false).render(line) == "<ana> hi")
        let coloured = LineColorizer(isEnabled: true).render(line)
        #expect(coloured == "<\u{1B}[\(LineColorizer.colour(forNick: "ana"))mana\u{1B}[0m> hi")
        #expect(LineColorizer(isEnabled: true).render(ReceivedLine(server: "-!- error: x")) == "\u{1B}[31m-!- error: x\u{1B}[0m")
    }

    @Test("reconnection waits double up to 30 seconds")
    func backoff() {
        #expect((0...7).map(ChatClientApp.backoff) == [1, 2, 4, 8, 16, 30, 30, 30])
    }
}
