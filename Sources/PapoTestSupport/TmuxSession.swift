import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program in a real pseudo-terminal, driven through tmux: type keys, read the screen.
/// Each session uses its own tmux server socket, so tests never touch the user's tmux.
public final class TmuxSession: Sendable {
    private let socketName: String
    public let name = "papo"

    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    }

    /// Starts `command` (a shell command line) in a detached 120×40 terminal.
    public init(command: String, directory: URL? = nil) throws {
        self.socketName = "papo-test-\(UUID().uuidString.prefix(8))"
        var arguments = ["new-session", "-d", "-s", self.name, "-x", "120", "-y", "40"]
        if let directory { arguments += ["-c", directory.path] }
        try self.tmux(arguments + [command])
    }

    /// Types `keys` literally (no Enter).
    public func type(_ text: String) throws {
        try self.tmux(["send-keys", "-t", self.name, "-l", text])
    }

    /// Presses named keys: `Enter`, `Tab`, `C-c`, `C-d`.
    public func press(_ keys: String...) throws {
        try self.tmux(["send-keys", "-t", self.name] + keys)
    }

    /// The visible screen, trailing blank lines dropped.
    public func screen() throws -> [String] {
        let text = try self.tmux(["capture-pane", "-p", "-t", self.name], capturingOutput: true)
        var lines = text.components(separatedBy: "\n")
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Waits until the screen satisfies `condition`.
    @discardableResult
    public func waitForScreen(
        _ what: String, timeout: Duration = .seconds(20), _ condition: ([String]) -> Bool
    ) async throws -> [String] {
        var last: [String] = []
        do {
            try await waitUntil(what, timeout: timeout) {
                last = (try? self.screen()) ?? []
                return condition(last)
            }
        } catch {
            throw TimeoutError(what: "\(what); screen was:\n\(last.joined(separator: "\n"))")
        }
        return last
    }

    public var isRunning: Bool {
        (try? self.tmux(["has-session", "-t", self.name])) != nil
    }

    public func kill() {
        // The panes' processes first, by process group (each pane is its own session): here
        // `kill-server` alone has left servers running with their papod inside, test after test.
        if let pids = try? self.tmux(["list-panes", "-s", "-t", self.name, "-F", "#{pane_pid}"], capturingOutput: true) {
            for pid in pids.split(whereSeparator: \.isNewline).compactMap({ pid_t(String($0)) }) where pid > 1 {
                _ = Glibc.kill(-pid, SIGKILL)
                _ = Glibc.kill(pid, SIGKILL)
            }
        }
        _ = try? self.tmux(["kill-server"])
    }

    /// Runs one tmux client command with posix_spawn and waitpid. Foundation's Process is not
    /// used: the first command starts the tmux server, which inherits the client's descriptors
    /// (so a pipe never reaches end of file) and whose client Foundation did not reap here.
    @discardableResult
    private func tmux(_ arguments: [String], capturingOutput: Bool = false) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        // CI runs without a terminal; tmux only needs TERM to name one for the outer side.
        if environment["TERM"] == nil || environment["TERM"] == "dumb" { environment["TERM"] = "xterm-256color" }
        environment["TMUX"] = nil
        let argv = ["tmux", "-L", self.socketName, "-f", "/dev/null"] + arguments
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capturingOutput ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // The tmux server outlives this call: it must not inherit the test's sockets, or a
        // connection the server under test closes would stay open in tmux.
        try Self.closeInheritedDescriptors(&actions)

        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, cArguments, cEnvironment) == 0 else {
            throw TmuxError(arguments: arguments)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw TmuxError(arguments: arguments) }
        return capturingOutput ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
    }
}

extension TmuxSession {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), which Swift's Glibc module does
    /// not import.
    static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { throw TmuxError(arguments: ["posix_spawn_file_actions_addclosefrom_np is missing"]) }
        let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
        guard closeFrom(&actions, 3) == 0 else { throw TmuxError(arguments: ["addclosefrom_np failed"]) }
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public let arguments: [String]
    public var description: String { "tmux \(self.arguments.joined(separator: " ")) failed" }
}
