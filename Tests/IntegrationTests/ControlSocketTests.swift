import Foundation
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// papoctl against a papod subprocess, through the control socket.
@Suite("papoctl and the control socket")
struct ControlSocketTests {
    /// papod in a fresh data directory, with its control socket path.
    static func startPapod(arguments: [String] = []) async throws -> (papod: ChildProcess, port: Int, socket: String) {
        let directory = PapodProcess.temporaryDataDirectory()
        let (papod, port) = try await PapodProcess.start(arguments: arguments, dataDirectory: directory)
        // The doors are logged as they bind; the control socket listens a moment later.
        try await papod.waitForOutput(containing: "control socket listening")
        return (papod, port, directory.appendingPathComponent("papod.sock").path)
    }

    static func papoctl(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String, error: String) {
        let process = try ChildProcess(executable: try PapodProcess.papoctl(), arguments: arguments)
        defer { process.kill() }
        if let input { try process.write(input) }
        try process.closeInput()
        let status = try await process.waitForExit()
        return (status, process.standardOutput, process.standardError)
    }

    @Test("--help and -h print papoctl's usage, with no papod needed; a missing socket fails with 2", arguments: ["--help", "-h"])
    func help(flag: String) async throws {
        let help = try await Self.papoctl(["--socket", "/nonexistent/papod.sock", flag])
        #expect(help.status == 0)
        #expect(help.output.contains("OVERVIEW: Operate a running papod"))
        #expect(help.error.isEmpty)
        let missing = try await Self.papoctl(["--socket", "/nonexistent/papod.sock", "clients"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("cannot connect"))
    }

    @Test("one-shot commands: clients lists, kick closes the socket, kick nobody fails on stderr")
    func oneShot() async throws {
        let (papod, port, socket) = try await Self.startPapod()
        defer { papod.kill() }
        let bob = try await LineClient.connect(to: port)
        try await bob.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await bob.sendLine("/nick bob")
        try await bob.waitForLine("-!- you are now known as bob")

        let attributes = try FileManager.default.attributesOfItem(atPath: socket)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let clients = try await Self.papoctl(["--socket", socket, "clients"])
        #expect(clients.status == 0)
        #expect(clients.output.hasPrefix("1 client:\n  c1 bob 127.0.0.1 #lobby user since "))

        let kick = try await Self.papoctl(["--socket", socket, "kick", "bob", "go", "home"])
        #expect(kick.status == 0)
        #expect(try await bob.waitForClose().last == "-!- error: you were kicked by operator: go home")

        let nobody = try await Self.papoctl(["--socket", socket, "kick", "nobody"])
        #expect(nobody.status != 0)
        #expect(nobody.output.isEmpty)
        #expect(nobody.error == "papoctl: no such nick: nobody\n")
    }

    @Test("piped commands run in order; the status tells whether all succeeded")
    func pipedCommands() async throws {
        let (papod, port, socket) = try await Self.startPapod()
        defer { papod.kill() }
        let ana = try await LineClient.connect(to: port)
        try await ana.waitForLine { $0.hasPrefix("-!- Welcome") }

        let good = try await Self.papoctl(["--socket", socket], input: "say #lobby bom dia\n# a comment\n\ntopic #lobby Aula 1\n")
        #expect(good.status == 0)
        #expect(good.output == "said to #lobby (1)\ntopic of #lobby set\n")
        try await ana.waitForLine("-!- server: bom dia")
        try await ana.waitForLine("-!- operator set the topic of #lobby: Aula 1")

        let mixed = try await Self.papoctl(["--socket", socket], input: "bogus\nrooms\n")
        #expect(mixed.status != 0)
        #expect(mixed.error.contains("unknown command bogus"))
        #expect(mixed.output.contains("#lobby (1 member): Aula 1"))
    }

    @Test("--json prints one parseable object per command")
    func jsonOutput() async throws {
        let (papod, port, socket) = try await Self.startPapod()
        defer { papod.kill() }
        let ana = try await LineClient.connect(to: port)
        try await ana.waitForLine { $0.hasPrefix("-!- Welcome") }
        let result = try await Self.papoctl(["--socket", socket, "--json", "clients"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true)
        let rows = try #require(object["data"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["nick"] as? String == "guest-1")
        #expect(rows.first?["room"] as? String == "#lobby")
        #expect(rows.first?["queuedBytes"] as? Double == 0)

        let failed = try await Self.papoctl(["--socket", socket, "--json", "kick", "nobody"])
        #expect(failed.status != 0)
        let error = try #require(try JSONSerialization.jsonObject(with: Data(failed.output.utf8)) as? [String: Any])
        #expect(error["ok"] as? Bool == false)
        #expect(error["error"] as? String == "no such nick: nobody")
    }

    @Test("a second papod on the same socket refuses to start; a stale socket is replaced")
    func socketOwnership() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let (first, _) = try await PapodProcess.start(dataDirectory: directory)
        defer { first.kill() }
        let second = try ChildProcess(
            executable: try PapodProcess.executable(),
            arguments: ["--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--no-irc", "--data-dir", directory.path])
        defer { second.kill() }
        #expect(try await second.waitForExit() != 0)
        #expect(second.standardError.contains("another papod is running with the control socket"))

        // Killed without cleanup, the first leaves its socket file behind.
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("papod.sock").path))
        let (third, _) = try await PapodProcess.start(dataDirectory: directory)
        defer { third.kill() }
        try await third.waitForOutput(containing: "control socket listening")
        let stats = try await Self.papoctl(["--socket", directory.appendingPathComponent("papod.sock").path, "stats"])
        #expect(stats.status == 0)
        #expect(stats.output.hasPrefix("uptime "))
        third.signal(SIGTERM)
        #expect(try await third.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("papod.sock").path))
    }

    @Test("the operator's shutdown counts down for clients, says goodbye and stops papod with status 0")
    func operatorShutdown() async throws {
        let (papod, port, socket) = try await Self.startPapod()
        defer { papod.kill() }
        let ana = try await LineClient.connect(to: port)
        try await ana.waitForLine { $0.hasPrefix("-!- Welcome") }
        let result = try await Self.papoctl(["--socket", socket, "shutdown", "2", "maintenance"])
        #expect(result.status == 0)
        #expect(result.output == "shutting down in 2s\n")
        try await ana.waitForLine("-!- papod shuts down in 2s: maintenance")
        #expect(try await ana.waitForClose().last == "-!- papod is shutting down (maintenance). Goodbye!")
        #expect(try await papod.waitForExit() == 0)
    }

    @Test("papoctl without a server says how to find one and fails")
    func noServer() async throws {
        let result = try await Self.papoctl(["--socket", "/nonexistent/papod.sock", "clients"])
        #expect(result.status != 0)
        #expect(result.error.contains("cannot connect to papod's control socket /nonexistent/papod.sock"))
    }
}
