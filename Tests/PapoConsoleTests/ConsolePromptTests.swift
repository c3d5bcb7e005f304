import PapoConsole
import PapoCore
import Testing

@Suite("Console prompt")
struct ConsolePromptTests {
    @Test("commands run; blank lines do nothing")
    func commandsRun() {
        var prompt = ConsolePrompt()
        #expect(prompt.handle(.line("  clients #lobby ")) == .execute("clients #lobby"))
        #expect(prompt.handle(.line("   ")) == .nothing)
        #expect(prompt.currentPrompt == "papod> ")
    }

    @Test("quit and end of input ask first; only y or yes shuts down", arguments: [
        ConsolePrompt.Input.line("quit"), .line("EXIT"), .end,
    ])
    func askBeforeShuttingDown(trigger: ConsolePrompt.Input) {
        var prompt = ConsolePrompt()
        #expect(prompt.handle(trigger) == .askToShutDown)
        #expect(prompt.currentPrompt == "Shut down papod? [y/N] ")
        #expect(prompt.handle(.line("Y")) == .shutDown)

        #expect(prompt.handle(trigger) == .askToShutDown)
        #expect(prompt.handle(.line("yes")) == .shutDown)
    }

    @Test("anything but yes returns to the prompt", arguments: [
        ConsolePrompt.Input.line(""), .line("n"), .line("no"), .line("clients"), .line("yess"), .end,
    ])
    func anythingElseCancels(answer: ConsolePrompt.Input) {
        var prompt = ConsolePrompt()
        _ = prompt.handle(.line("quit"))
        #expect(prompt.handle(answer) == .cancelShutdown("papod keeps running"))
        #expect(prompt.currentPrompt == "papod> ")
        #expect(!prompt.isAwaitingConfirmation)
    }
}

@Suite("Console prompt in Portuguese")
struct ConsolePromptPortugueseTests {
    @Test("on a Portuguese server the console asks in Portuguese and s or sim shuts down")
    func portuguese() {
        var prompt = ConsolePrompt(language: .portuguese)
        #expect(prompt.handle(.line("sair")) == .execute("sair"))
        #expect(prompt.handle(.end) == .askToShutDown)
        #expect(prompt.currentPrompt == "Desligar o papod? [s/N] ")
        #expect(prompt.handle(.line("não")) == .cancelShutdown("o papod continua no ar"))
        #expect(prompt.handle(.end) == .askToShutDown)
        #expect(prompt.handle(.line("Sim")) == .shutDown)
    }

    @Test("clear ROOM asks first, in the console's language; only a yes runs it")
    func clearAsksFirst() {
        var prompt = ConsolePrompt()
        #expect(prompt.handle(.line("clear #redes")) == .askToConfirm)
        #expect(prompt.currentPrompt == "Remove the whole history of #redes from replay and export? [y/N] ")
        #expect(prompt.handle(.line("y")) == .execute("clear #redes"))
        #expect(prompt.currentPrompt == "papod> ")
        #expect(prompt.handle(.line("clear #redes")) == .askToConfirm)
        #expect(prompt.handle(.line("no")) == .cancelCommand("nothing was cleared"))
        #expect(prompt.handle(.line("clear #redes")) == .askToConfirm)
        #expect(prompt.handle(.end) == .cancelCommand("nothing was cleared"), "Ctrl-D is not a yes")
        // Other commands, and clear without a room (papod answers with its usage), run at once.
        #expect(prompt.handle(.line("clients")) == .execute("clients"))
        #expect(prompt.handle(.line("clear")) == .execute("clear"))
        var portuguese = ConsolePrompt(language: .portuguese)
        #expect(portuguese.handle(.line("limpar #redes")) == .askToConfirm)
        #expect(portuguese.currentPrompt == "Apagar todo o histórico de #redes do histórico e da exportação? [s/N] ")
        #expect(portuguese.handle(.line("sim")) == .execute("limpar #redes"))
    }
}
