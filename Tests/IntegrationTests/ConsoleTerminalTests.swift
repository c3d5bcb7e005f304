import Foundation
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// papod's operator console in a real pseudo-terminal (tmux): what the operator sees.
@Suite("papod's console in a terminal", .serialized, .enabled(if: TmuxSession.isAvailable))
struct ConsoleTerminalTests {
    /// papod in tmux with its console, and the port it listens on.
    static func startConsole(_ directory: URL) async throws -> (TmuxSession, Int) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let papod = try PapodProcess.executable().path
        let command =
            "XDG_STATE_HOME=\(directory.path)/state \(papod) --host 127.0.0.1 --port 0 --no-web --no-irc --log-level debug --data-dir \(directory.path)/data; echo papod-exit=$? > \(directory.path)/status.tmp; stty -a > \(directory.path)/stty; mv \(directory.path)/status.tmp \(directory.path)/status; sleep 60"
        let session = try TmuxSession(command: command, directory: directory)
        let screen = try await session.waitForScreen("papod's prompt and its listening line") { lines in
            lines.last == "papod>" && lines.contains { $0.contains("papod listening on ") }
        }
        let port = PapodProcess.listeningPort(in: screen.joined(separator: "\n"))
        return (session, try #require(port))
    }

    @Test("log lines arrive above the prompt while the typed text stays intact; Tab completes a nick")
    func asynchronousOutputAndCompletion() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let (session, port) = try await Self.startConsole(directory)
        defer { session.kill() }

        try session.type("kick bo")
        try await session.waitForScreen("the typed text") { $0.last == "papod> kick bo" }
        let bob = try await LineClient.connect(to: port)
        try await bob.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await bob.sendLine("/nick bob")
        try await bob.waitForLine("-!- you are now known as bob")
        let screen = try await session.waitForScreen("the connection logged above the prompt") { lines in
            lines.contains { $0.contains("client connected") }
        }
        #expect(screen.last == "papod> kick bo")
        let logIndex = try #require(screen.lastIndex { $0.contains("client connected") })
        #expect(logIndex < screen.count - 1)

        try session.press("Tab")
        try await session.waitForScreen("the completed nick") { $0.last == "papod> kick bob" }
        try session.type(" bye")
        try session.press("Enter")
        #expect(try await bob.waitForClose().last == "-!- error: you were kicked by operator: bye")

        // Ctrl-C clears the line and papod lives on.
        try session.type("stats")
        try session.press("C-c")
        try await session.waitForScreen("a cleared prompt") { $0.last == "papod>" }
        try session.type("rooms")
        try session.press("Enter")
        try await session.waitForScreen("the rooms listing") { $0.contains("  #lobby (0 members)") }
    }

    @Test("quit asks first: n keeps papod running, y shuts it down with status 0")
    func quitAsksFirst() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let (session, port) = try await Self.startConsole(directory)
        defer { session.kill() }
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix("-!- Welcome") }

        try session.type("quit")
        try session.press("Enter")
        try await session.waitForScreen("the question") { $0.last == "Shut down papod? [y/N]" }
        try session.type("n")
        try session.press("Enter")
        try await session.waitForScreen("the prompt again") { $0.last == "papod>" && $0.contains("papod keeps running") }

        try session.press("C-d")
        try await session.waitForScreen("the question after Ctrl-D") { $0.last == "Shut down papod? [y/N]" }
        try session.type("y")
        try session.press("Enter")
        #expect(try await client.waitForClose().last == "-!- papod is shutting down. Goodbye!")
        let statusFile = directory.appendingPathComponent("status").path
        try await waitUntil("papod to exit") { FileManager.default.fileExists(atPath: statusFile) }
        #expect(try String(contentsOfFile: statusFile, encoding: .utf8) == "papod-exit=0\n")
        try Self.expectTerminalRestored(directory)
    }

    @Test("SIGTERM shuts papod down gracefully from its console and restores the terminal")
    func sigtermRestoresTerminal() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let (session, port) = try await Self.startConsole(directory)
        defer { session.kill() }
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
        try session.type("half typed")
        try await session.waitForScreen("the typed text") { $0.last == "papod> half typed" }

        let pid = try #require(
            Self.processID(executable: try PapodProcess.executable().path, commandLineContaining: directory.path + "/data"))
        kill(pid, SIGTERM)
        #expect(try await client.waitForClose().last == "-!- papod is shutting down. Goodbye!")
        let statusFile = directory.appendingPathComponent("status").path
        try await waitUntil("papod to exit") { FileManager.default.fileExists(atPath: statusFile) }
        #expect(try String(contentsOfFile: statusFile, encoding: .utf8) == "papod-exit=0\n")
        try Self.expectTerminalRestored(directory)
    }

    /// After papod exits, `stty -a` in the same terminal shows echo and canonical mode back on.
    static func expectTerminalRestored(_ directory: URL) throws {
        let modes = try String(contentsOfFile: directory.appendingPathComponent("stty").path, encoding: .utf8)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" })
        #expect(modes.contains("echo"))
        #expect(modes.contains("icanon"))
        #expect(modes.contains("isig"))
    }

    /// The pid of the `executable` process whose command line contains `text`, from /proc.
    static func processID(executable: String, commandLineContaining text: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), pid != getpid() else { continue }
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let commandLine = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            if commandLine.hasPrefix(executable + " ") && commandLine.contains(text) { return pid }
        }
        return nil
    }
}
