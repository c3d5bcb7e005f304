import Foundation
import Testing

@testable import PapoCore

/// Each reader gets each line in their own language, rendered once per language.
@Suite("Languages")
struct LanguageTests {
    let start = Date(timeIntervalSince1970: 1_796_479_380)
    let ana = ClientID(1)
    let bob = ClientID(2)
    let cai = ClientID(3)

    /// A Portuguese server with ana (its default), bob (English, asked on connecting) and
    /// cai (the default too), welcomes discarded.
    func portugueseServer() -> ChatState {
        var configuration = ChatConfiguration(serverName: "papod")
        configuration.language = .portuguese
        var state = ChatState(configuration: configuration)
        _ = state.connect(self.ana, address: "10.0.0.1", at: self.start)
        _ = state.connect(self.bob, address: "10.0.0.2", language: .english, at: self.start)
        _ = state.connect(self.cai, address: "10.0.0.3", at: self.start)
        return state
    }

    func input(_ state: inout ChatState, _ text: String, from id: ClientID) -> [Effect] {
        state.receive(.line(text, .lf), from: id, at: self.start)
    }

    @Test("The welcome is in the language each client connects with")
    func welcome() {
        var configuration = ChatConfiguration(serverName: "papod")
        configuration.language = .portuguese
        var state = ChatState(configuration: configuration)
        #expect(
            state.connect(self.ana, address: "10.0.0.1", at: self.start).lines(for: self.ana).first
                == "-!- Boas-vindas ao papod, guest-1! Você está em #lobby. Digite /ajuda para ver os comandos.")
        #expect(
            state.connect(self.bob, address: "10.0.0.2", language: .english, at: self.start).lines(for: self.bob).first
                == "-!- Welcome to papod, guest-2! You are in #lobby. Type /help for commands.")
    }

    @Test("A room's line reaches each reader in their language, one delivery per language, never per reader")
    func oneRenderPerLanguage() {
        var state = self.portugueseServer()
        let effects = self.input(&state, "/nick dan", from: self.ana)
        let deliveries = effects.withoutUpdates
        #expect(
            deliveries == [
                .deliver(.notice("agora você se chama dan"), to: [self.ana]),
                .deliver(.notice("guest-1 is now known as dan"), to: [self.bob]),
                .deliver(.notice("guest-1 agora se chama dan"), to: [self.cai]),
            ])
        // Chat lines have no words of papod's: one delivery for everyone, in any language.
        #expect(
            self.input(&state, "oi", from: self.ana).withoutUpdates == [
                .deliver(.withNumber(1, .chat(from: "dan", text: "oi", room: "#lobby")), to: [self.bob, self.cai])
            ])
    }

    @Test("Readers of the server's language share one delivery; a reader of another gets their own")
    func grouping() {
        var state = self.portugueseServer()
        _ = self.input(&state, "/lang pt-BR", from: self.bob)
        #expect(
            self.input(&state, "/nick eva", from: self.cai).withoutUpdates == [
                .deliver(.notice("agora você se chama eva"), to: [self.cai]),
                .deliver(.notice("guest-3 agora se chama eva"), to: [self.ana, self.bob]),
            ])
    }

    @Test("/lang shows your language, changes it, tells the page and refuses one papod does not speak")
    func langCommand() {
        var state = self.portugueseServer()
        #expect(
            self.input(&state, "/lang", from: self.ana).lines(for: self.ana) == [
                "-!- você lê o papod em português (pt-BR); /idioma en muda para inglês"
            ])
        let changed = self.input(&state, "/idioma en", from: self.ana)
        #expect(changed.lines(for: self.ana) == ["-!- papod now speaks English to you"])
        #expect(changed.updates(for: self.ana) == [.language("en")])
        #expect(
            self.input(&state, "/lang", from: self.ana).lines(for: self.ana) == [
                "-!- you read papod in English (en); /lang pt-BR switches to Brazilian Portuguese"
            ])
        #expect(
            self.input(&state, "/lang klingon", from: self.ana).lines(for: self.ana) == [
                "-!- error: unknown language klingon: choose en or pt-BR"
            ])
        #expect(
            self.input(&state, "/lang de", from: self.cai).lines(for: self.cai) == [
                "-!- error: idioma desconhecido de: escolha en ou pt-BR"
            ])
        // Back to the server's language: the two share one delivery again.
        _ = self.input(&state, "/lang pt", from: self.ana)
        _ = self.input(&state, "/lang pt-BR", from: self.bob)
        #expect(
            self.input(&state, "/nick zed", from: self.cai).withoutUpdates == [
                .deliver(.notice("agora você se chama zed"), to: [self.cai]),
                .deliver(.notice("guest-3 agora se chama zed"), to: [self.ana, self.bob]),
            ])
    }

    @Test("Portuguese names work in every language; the English ones too")
    func portugueseNames() {
        var state = self.portugueseServer()
        _ = self.input(&state, "/entrar #redes", from: self.bob)
        #expect(state.clients[self.bob]?.room.name == "#redes")
        _ = self.input(&state, "/join #redes", from: self.ana)
        #expect(state.clients[self.ana]?.room.name == "#redes")
        #expect(self.input(&state, "/mão", from: self.ana).lines(for: self.ana) == ["-!- sua mão está levantada (1 esperando)"])
        #expect(self.input(&state, "/MAO", from: self.ana).lines(for: self.ana) == ["-!- sua mão está abaixada"])
        #expect(self.input(&state, "/tema", from: self.bob).lines(for: self.bob) == ["-!- #redes has no topic; /topic TEXT sets one"])
        #expect(self.input(&state, "/salas", from: self.ana).lines(for: self.ana).first == "-!- 2 salas:")
    }

    @Test("/ajuda lists the Portuguese names with Portuguese arguments; /help in English lists the English")
    func helpInPortuguese() {
        var state = self.portugueseServer()
        let portuguese = self.input(&state, "/ajuda", from: self.ana).lines(for: self.ana)
        #expect(portuguese.first == "-!- Comandos (digite /ajuda COMANDO para detalhes):")
        #expect(portuguese.contains { $0.hasPrefix("-!-   /entrar SALA ") && $0.hasSuffix("Vai para uma sala, criando-a se não existir") })
        #expect(portuguese.contains { $0.hasPrefix("-!-   /mão ") })
        #expect(portuguese.contains { $0.hasPrefix("-!-   /sair [MOTIVO] ") })
        #expect(portuguese.contains { $0.hasPrefix("-!-   Desconectar ") })
        #expect(!portuguese.contains { $0.contains("/join") && !$0.contains("(/join") && $0.hasPrefix("-!-   /join") })
        let english = self.input(&state, "/help", from: self.bob).lines(for: self.bob)
        #expect(english.contains { $0.hasPrefix("-!-   /join ROOM ") })
        #expect(!english.contains { $0.contains("/entrar") })
        #expect(
            self.input(&state, "/ajuda entrar", from: self.ana).lines(for: self.ana) == [
                "-!- /entrar SALA: Vai para uma sala, criando-a se não existir",
                "-!-   SALA é # e 1–32 letras, dígitos, _ ou -, como em #matematica",
                "-!-   também: /join, /j",
            ])
    }

    @Test("Errors and refusals are in the reader's language; protocol prefixes never change")
    func errors() {
        var state = self.portugueseServer()
        #expect(self.input(&state, "/frob", from: self.ana).lines(for: self.ana) == [
            "-!- error: comando desconhecido /frob. Digite /ajuda para ver a lista"
        ])
        #expect(self.input(&state, "/frob", from: self.bob).lines(for: self.bob) == [
            "-!- error: unknown command /frob. Type /help for the list"
        ])
        #expect(self.input(&state, "/kick bob", from: self.ana).lines(for: self.ana) == ["-!- error: /kick exige ser moderador"])
        #expect(self.input(&state, "/msg ghost oi", from: self.ana).lines(for: self.ana) == [
            "-!- error: não há ninguém com o apelido ghost"
        ])
    }

    @Test("The transcript records the server's language whoever reads what")
    func transcriptLanguage() {
        var configuration = ChatConfiguration(serverName: "papod")
        configuration.language = .portuguese
        configuration.recording = RecordingSettings(historyDays: 1, replayLines: 5, storesPrivateMessages: false)
        var state = ChatState(configuration: configuration)
        _ = state.connect(self.bob, address: "10.0.0.2", language: .english, at: self.start)
        let recorded = self.input(&state, "/nick eva", from: self.bob).compactMap { effect -> String? in
            if case .record(.transcript(let line)) = effect { return line.serverLine.rendered }
            return nil
        }
        #expect(recorded == ["-!- guest-1 agora se chama eva"])
    }
}
