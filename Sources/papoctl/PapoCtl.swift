import ArgumentParser
import Foundation
import LineEditor
import PapoControl
import PapoCore
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// papoctl: the operator's tool for a running papod, over its control socket.
@main
struct PapoCtl: ParsableCommand {
    /// The language of papoctl's own texts: its user's locale. papod's replies come in the
    /// server's language.
    static let language = Language.requestedByLocale(ProcessInfo.processInfo.environment) ?? .english

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "papoctl",
            abstract: Message(.papoctlAbstract).rendered(in: Self.language),
            discussion: Message(.papoctlDiscussion).rendered(in: Self.language))
    }

    @Option(help: "The control socket (env: PAPOD_CONTROL_SOCKET; default: ./papo-data/papod.sock).")
    var socket: String?

    @Flag(help: "Print each result as one JSON object.")
    var json = false

    @Argument(parsing: .captureForPassthrough, help: "An operator command and its arguments.")
    var command: [String] = []

    func run() throws {
        // The command words pass through untouched (so `papoctl kick bob -- spam` works), which
        // would send papoctl's own help flag to papod as a command.
        if let first = self.command.first, first == "--help" || first == "-h" {
            print(Self.helpMessage())
            return
        }
        let path = self.socket ?? ControlCodec.defaultSocketPath(environment: ProcessInfo.processInfo.environment)
        let session: ControlSession
        do {
            session = try ControlSession(path: path)
        } catch {
            Self.printError(error.rendered(in: Self.language))
            throw ExitCode(2)
        }
        let printer = ResultPrinter(json: self.json)
        if !self.command.isEmpty {
            let succeeded = printer.run(self.command.joined(separator: " "), on: session)
            throw succeeded ? ExitCode.success : ExitCode.failure
        }
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            Interactive(session: session, printer: printer).run()
            return
        }
        // A pipe: each line in order; the exit status says whether every one succeeded.
        var allSucceeded = true
        while let line = readLine() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed == "quit" || trimmed == "exit" { break }
            allSucceeded = printer.run(trimmed, on: session) && allSucceeded
        }
        if !allSucceeded { throw ExitCode.failure }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("papoctl: \(message)\n".utf8))
    }
}

/// One connection to papod, shared by the prompt and the completion callback.
///
/// Unchecked because the client is used only under `lock`.
final class ControlSession: @unchecked Sendable {
    private let lock = NIOLock()
    private let client: ControlClient

    init(path: String) throws(ControlClientError) {
        self.client = try ControlClient(path: path)
    }

    /// Runs a command; a lost connection becomes a failed response.
    func run(_ command: String) -> ControlResponse {
        self.lock.withLock { [client = self.client] in
            do throws(ControlClientError) {
                return try client.send(ControlRequest(command: command))
            } catch {
                return ControlResponse(ok: false, error: error.rendered(in: PapoCtl.language))
            }
        }
    }

    func complete(wordsBefore: [String], partial: String) -> [String] {
        self.lock.withLock { [client = self.client] in
            let query = CompletionQuery(wordsBefore: wordsBefore, partial: partial)
            return (try? client.send(ControlRequest(complete: query)))?.candidates ?? []
        }
    }
}

/// Prints a response as text lines (errors on stderr) or as one JSON object.
struct ResultPrinter: Sendable {
    let json: Bool

    /// Runs one command line, taking `--output FILE` off it first, and prints the result.
    func run(
        _ line: String, on session: ControlSession, to output: (String) -> Void = { Swift.print($0) },
        document: (String) -> Void = { Swift.print($0, terminator: "") }
    ) -> Bool {
        let (command, path) = OutputOption.split(line)
        return self.print(session.run(command), outputFile: path, to: output, document: document)
    }

    /// Prints `response` and says whether it succeeded. A document (an export) goes to
    /// `outputFile` if given, else to standard output in place of the summary lines.
    func print(
        _ response: ControlResponse, outputFile: String? = nil, to output: (String) -> Void = { Swift.print($0) },
        document: (String) -> Void = { Swift.print($0, terminator: "") }
    ) -> Bool {
        var response = response
        if response.ok, let text = response.output, let outputFile {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: outputFile))
                response.output = nil
            } catch {
                response.ok = false
                response.error = Message(
                    .cannotWriteFile, ["path": "\(outputFile)", "error": "\(error.localizedDescription)"]
                ).rendered(in: PapoCtl.language)
            }
        }
        if self.json {
            if let data = try? ControlCodec.encodeLine(response) {
                output(String(decoding: data.dropLast(), as: UTF8.self))
            }
        } else if let text = response.output {
            document(text)
        } else {
            for line in response.lines { output(line) }
        }
        if !response.ok {
            PapoCtl.printError(response.error ?? Message(.papoctlCommandFailed).rendered(in: PapoCtl.language))
        }
        return response.ok
    }
}

/// The interactive prompt: readline with history and live completion from papod.
struct Interactive {
    let session: ControlSession
    let printer: ResultPrinter

    func run() {
        let history = HistoryStore(
            path: HistoryPolicy.defaultPath(fileName: "papoctl_history", environment: ProcessInfo.processInfo.environment))
        let session = self.session
        let completer = Completer { request in
            session.complete(wordsBefore: request.wordsBefore, partial: request.partialWord)
        }
        let prompt = "papoctl> "
        let console = Console(prompt: prompt, completer: completer, history: history)
        let finished = DispatchSemaphore(value: 0)
        let printer = self.printer
        // A command that cannot be undone (`clear ROOM`) waits here for a yes; lines arrive
        // one at a time on the console's thread.
        let pending = NIOLockedValueBox<String?>(nil)
        console.start(
            onLine: { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                var command = trimmed
                if let waiting = pending.withLockedValue({ value in defer { value = nil }; return value }) {
                    console.setPrompt(prompt)
                    guard OperatorConfirmation.isYes(trimmed) else {
                        console.printAbove(OperatorConfirmation.declined(in: PapoCtl.language))
                        return
                    }
                    command = waiting
                } else if let question = OperatorConfirmation.question(for: trimmed, in: PapoCtl.language) {
                    pending.withLockedValue { $0 = trimmed }
                    console.setPrompt(question)
                    return
                }
                if command.isEmpty { return }
                if command == "quit" || command == "exit" {
                    finished.signal()
                    return
                }
                var text: [String] = []
                _ = printer.run(command, on: session, to: { text.append($0) }, document: { text.append(String($0.dropLast($0.hasSuffix("\n") ? 1 : 0))) })
                if !text.isEmpty { console.printAbove(text.joined(separator: "\n")) }
            },
            onEnd: { finished.signal() })
        finished.wait()
        console.stop()
    }
}
