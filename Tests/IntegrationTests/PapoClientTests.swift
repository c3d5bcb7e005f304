import Foundation
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The papo client as a subprocess against papod, in pipe mode and in a terminal.
@Suite("papo, the line client")
struct PapoClientProcessTests {
    /// papo in the C locale unless `locale` names another, whatever the tests' own.
    static func papo(port: Int, _ arguments: [String] = [], locale: String = "C.UTF-8") throws -> ChildProcess {
        try ChildProcess(
            executable: try PapodProcess.papo(), arguments: ["127.0.0.1:\(port)"] + arguments,
            environment: ["LC_ALL": "", "LC_MESSAGES": "", "LANG": locale])
    }

    @Test("under a Brazilian locale papo asks for Portuguese, follows the Portuguese texts and leaves in Portuguese")
    func brazilianLocale() async throws {
        try await TestServer.withServer { server in
            let watcher = try await server.connect(as: "rui")
            try await watcher.sendLine("/join #redes")
            try await watcher.waitForLine("-!- you are now in #redes (1 member)")
            let ana = try Self.papo(port: server.port, ["--nick", "ana", "--room", "redes"], locale: "pt_BR.UTF-8")
            defer { ana.kill() }
            try await ana.waitForOutput(containing: "-!- agora você está em #redes (2 membros)")
            // The reply to the /lang papo sent for the user is not shown; everyone else reads English.
            #expect(!ana.standardOutput.contains("agora o papod fala"))
            try await watcher.waitForLine("-!- ana joined #redes")
            try ana.write("/tema\nolá\n")
            try await ana.waitForOutput(containing: "-!- #redes não tem tema; /tema TEXTO define um")
            try await watcher.waitForLine("<ana> olá")
            try ana.closeInput()
            #expect(try await ana.waitForExit() == 0)
            #expect(ana.standardOutput.hasSuffix("-!- tchau, ana\n"))
            try await watcher.waitForLine("-!- ana left (quit)")
        }
    }

    @Test("two piped clients see each other; nick and room follow the server")
    func twoClients() async throws {
        try await TestServer.withServer { server in
            let watcher = try await server.connect(as: "rui")
            try await watcher.sendLine("/join #math")
            try await watcher.waitForLine("-!- you are now in #math (1 member)")

            let ana = try Self.papo(port: server.port, ["--nick", "ana", "--room", "math", "--linger", "30"])
            defer { ana.kill() }
            try await ana.waitForOutput(containing: "-!- you are now in #math (2 members)")
            try ana.write("olá, turma\n")
            try await watcher.waitForLine("<ana> olá, turma")
            try await watcher.sendLine("oi ana")
            try await ana.waitForOutput(containing: "<rui> oi ana")
            // Its own message is shown locally, as the server does not echo it.
            #expect(ana.standardOutput.contains("<ana> olá, turma\n"))
            try ana.write("/nick ana_b\n")
            try await watcher.waitForLine("-!- ana is now known as ana_b")
            // With --linger, papo keeps printing what arrives after its input ends.
            try ana.closeInput()
            try await watcher.sendLine("still there?")
            try await ana.waitForOutput(containing: "<rui> still there?")
            ana.signal(SIGTERM)
            _ = try await ana.waitForExit()
        }
    }

    @Test("printf lines | papo sends them, leaves politely after input ends and exits 0")
    func scripted() async throws {
        try await TestServer.withServer { server in
            let watcher = try await server.connect(as: "rui")
            let bot = try Self.papo(port: server.port)
            defer { bot.kill() }
            try bot.write("/nick bot\nhello from a script\n")
            try bot.closeInput()
            try await watcher.waitForLine("<bot> hello from a script")
            try await watcher.waitForLine("-!- bot left (quit)")
            #expect(try await bot.waitForExit() == 0)
            #expect(bot.standardOutput.hasSuffix("-!- goodbye, bot\n"))
            #expect(!bot.standardOutput.contains("\u{1B}["))
        }
    }

    @Test("a kick ends papo with status 2 and the reason, without retrying")
    func kicked() async throws {
        try await TestServer.withServer(configuration: ModerationIntegrationTests.configuration) { server in
            let prof = try await ModerationIntegrationTests.moderator(server, "prof")
            let bob = try Self.papo(port: server.port, ["--nick", "bob"])
            defer { bob.kill() }
            try await prof.waitForLine("-!- guest-2 is now known as bob")
            try await prof.sendLine("/kick bob enough")
            #expect(try await bob.waitForExit() == 2)
            #expect(bob.standardOutput.contains("-!- error: you were kicked by prof: enough"))
            #expect(!bob.standardOutput.contains("reconnecting"))
        }
    }

    @Test("no server: status 1 and a message")
    func noServer() async throws {
        let closedPort = try await TestServer.withServer { $0.port }
        let papo = try Self.papo(port: closedPort)
        defer { papo.kill() }
        #expect(try await papo.waitForExit() == 1)
        #expect(papo.standardError.contains("papo: cannot connect to 127.0.0.1:\(closedPort)"))
    }

    @Test("after a server restart papo reconnects and restores its nick and room")
    func reconnects() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let (first, port) = try await PapodProcess.start(dataDirectory: directory)
        defer { first.kill() }
        let ana = try Self.papo(port: port, ["--linger", "60"])
        defer { ana.kill() }
        try ana.write("/nick ana\n/join #lab\n")
        try await ana.waitForOutput(containing: "-!- you are now in #lab")

        first.signal(SIGTERM)
        #expect(try await first.waitForExit() == 0)
        try await ana.waitForOutput(containing: "was lost; reconnecting in 1s")
        let (second, _) = try await PapodProcess.start(arguments: ["--port", String(port)], dataDirectory: directory)
        defer { second.kill() }
        try await ana.waitForOutput(containing: "reconnected to 127.0.0.1:\(port)", timeout: .seconds(60))
        // Restored: the room notice comes a second time, from the new server.
        try await waitUntil("papo to rejoin #lab", timeout: .seconds(30)) {
            ana.standardOutput.components(separatedBy: "-!- you are now in #lab").count > 2
        }
        let watcher = try await LineClient.connect(to: port)
        try await watcher.sendLine("/join #lab")
        try await watcher.waitForLine { $0.hasPrefix("-!- you are now in #lab (2 members)") }
        try await watcher.sendLine("/list")
        // (Past the line saying the room is recorded.)
        #expect(try await watcher.waitForLine { $0.hasPrefix("-!- #lab (") } == "-!- #lab (2): ana guest-2")
    }

    @Test("in a terminal, an incoming message appears above the half-typed line, which stays intact",
        .enabled(if: TmuxSession.isAvailable))
    func terminal() async throws {
        try await TestServer.withServer { server in
            let directory = PapodProcess.temporaryDataDirectory()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let session = try TmuxSession(
                command: "XDG_STATE_HOME=\(directory.path) NO_COLOR=1 \(try PapodProcess.papo().path) 127.0.0.1:\(server.port) --nick ana; sleep 30")
            defer { session.kill() }
            try await session.waitForScreen("papo's prompt") { $0.last == "[#lobby] ana>" }
            let rui = try await server.connect(as: "rui")
            try session.type("half a thou")
            try await session.waitForScreen("the typed text") { $0.last == "[#lobby] ana> half a thou" }
            try await rui.sendLine("did you finish?")
            let screen = try await session.waitForScreen("the incoming line") { $0.contains("<rui> did you finish?") }
            #expect(screen.last == "[#lobby] ana> half a thou")
            try session.type("ght")
            try session.press("Enter")
            try await rui.waitForLine("<ana> half a thought")
            try await session.waitForScreen("the own line") { $0.contains("<ana> half a thought") }
            try session.press("C-d")
            try await rui.waitForLine("-!- ana left (quit)")
        }
    }
}
