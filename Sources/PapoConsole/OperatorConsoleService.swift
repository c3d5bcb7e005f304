import Foundation
import LineEditor
import Logging
import PapoCore
import PapoServer
import ServiceLifecycle

/// papod's own operator prompt on its terminal, as a service so the terminal is restored on
/// every way out: `quit` or Ctrl-D confirmed, SIGTERM, or the operator's `shutdown`.
public struct OperatorConsoleService: Service {
    private let server: ChatServer
    private let output: ConsoleOutput
    private let history: HistoryStore?

    public init(server: ChatServer, output: ConsoleOutput, history: HistoryStore?) {
        self.server = server
        self.output = output
        self.history = history
    }

    public func run() async {
        let (inputs, sink) = AsyncStream<ConsolePrompt.Input>.makeStream()
        let language = self.server.configuration.chat.language
        var prompt = ConsolePrompt(language: language)
        var console = self.startConsole(prompt: prompt.currentPrompt, sink: sink)
        var endsInARow = 0
        await withGracefulShutdownHandler {
            for await input in inputs {
                endsInARow = input == .end ? endsInARow + 1 : 0
                if endsInARow > 10 {
                    // Input keeps ending without anyone typing: the terminal is gone.
                    break
                }
                let action = prompt.handle(input)
                if input == .end {
                    // readline's session ended with Ctrl-D; a new one asks the question.
                    console.stop()
                    console = self.startConsole(prompt: prompt.currentPrompt, sink: sink)
                } else {
                    console.setPrompt(prompt.currentPrompt)
                }
                switch action {
                case .execute(let line):
                    let (command, path) = OutputOption.split(line)
                    let result = await self.server.executeOperator(command)
                    Self.show(Self.writeOutput(result, to: path, in: language), on: console)
                case .shutDown:
                    console.printAbove(Message(.consoleShuttingDown).rendered(in: language))
                    sink.finish()
                case .cancelShutdown(let note), .cancelCommand(let note):
                    console.printAbove(note)
                case .askToShutDown, .askToConfirm, .nothing:
                    break
                }
                if action == .shutDown { break }
            }
        } onGracefulShutdown: {
            sink.finish()
        }
        self.output.detach()
        console.stop()
    }

    private func startConsole(prompt: String, sink: AsyncStream<ConsolePrompt.Input>.Continuation) -> Console {
        let server = self.server
        let completer = Completer { request in
            server.completions(wordsBefore: request.wordsBefore, partial: request.partialWord)
        }
        let console = Console(prompt: prompt, completer: completer, history: self.history)
        self.output.attach(console)
        console.start(onLine: { sink.yield(.line($0)) }, onEnd: { sink.yield(.end) })
        return console
    }

    /// `export … --output FILE` at the console: papod writes FILE; otherwise the document is shown.
    static func writeOutput(_ result: OperatorResult, to path: String?, in language: Language = .english) -> OperatorResult {
        guard let text = result.output, result.isSuccess else { return result }
        var result = result
        result.output = nil
        guard let path else {
            result.lines = [String(text.dropLast(text.hasSuffix("\n") ? 1 : 0))]
            return result
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            result.lines.append(Message(.consoleWrote, ["path": "\(path)"]).rendered(in: language))
        } catch {
            result.isSuccess = false
            result.error = Message(.cannotWriteFile, ["path": "\(path)", "error": "\(error.localizedDescription)"])
                .rendered(in: language)
        }
        return result
    }

    static func show(_ result: OperatorResult, on console: any LineInput) {
        var lines = result.lines
        if let error = result.error { lines.append("error: \(error)") }
        if !lines.isEmpty { console.printAbove(lines.joined(separator: "\n")) }
    }
}
