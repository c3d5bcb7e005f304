import Foundation
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// papod with `--database`: what it keeps lives in PostgreSQL (`TestDatabase`), not in the data
/// directory, and survives a restart with a fresh data directory.
@Suite("Persistence in PostgreSQL", .enabled(if: TestDatabase.serverURL != nil))
struct PostgresPersistenceTests {
    @Test("a restart on another data directory keeps bans, topic, settings and the audit, and replays the room's lines")
    func restartKeepsState() async throws {
        try await TestDatabase.withFreshDatabase { url in
            let arguments = ["--database", url]
            do {
                let (papod, port) = try await PersistenceTests.start(PapodProcess.temporaryDataDirectory(), arguments: arguments)
                defer { papod.kill() }
                #expect(papod.standardError.contains("database open"), "\(papod.standardError)")
                let ana = try await PersistenceTests.moderator(port, as: "ana")
                try await ana.sendLine("/join #Math")
                try await ana.waitForLine("-!- you are now in #Math (1 member)")
                for line in ["/topic Aula 3", "bom dia", "/me acena", "/slow 15", "/ban rui 1h cola"] {
                    try await ana.sendLine(line)
                }
                try await ana.waitForLine { $0.hasPrefix("-!- banned rui") }
                papod.signal(SIGTERM)
                #expect(try await papod.waitForExit() == 0)
            }
            #expect(try await TestDatabase.count("SELECT count(*) FROM bans", on: url) == 1)
            #expect(try await TestDatabase.count("SELECT count(*) FROM transcript WHERE kind = 'chat'", on: url) == 1)

            let directory = PapodProcess.temporaryDataDirectory()
            let (papod, port) = try await PersistenceTests.start(directory, arguments: arguments)
            defer { papod.kill() }
            let rui = try await LineClient.connect(to: port)
            try await rui.waitForLine { $0.hasPrefix("-!- Welcome") }
            try await rui.sendLine("/nick rui")
            #expect(try await rui.waitForLine { $0.hasPrefix("-!- error:") } == "-!- error: the nick rui is banned")
            try await rui.sendLine("/join #math")
            try await rui.waitForLine("-!- you are now in #Math (1 member)")
            #expect(try await rui.nextLine() == "-!- topic: Aula 3")
            try await rui.waitForLine("-!- history: the last 2 messages in #Math")
            #expect(try await rui.nextLine().hasSuffix("] <ana> bom dia"))
            #expect(try await rui.nextLine().hasSuffix("] * ana acena"))
            let audit = try await PersistenceTests.papoctl(["--socket", PersistenceTests.socket(directory), "audit"])
            #expect(audit.output.contains(" ana ban rui until "), "\(audit.output)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("papo.sqlite").path))
        }
    }

    @Test("a database papod cannot use stops it at start-up with one line; a password in the URL is refused")
    func unusableDatabase() async throws {
        let server = try #require(TestDatabase.serverURL)
        let missing = TestDatabase.replacingDatabase(of: server, with: "papo_no_such_database")
        let papod = try ChildProcess(
            executable: try PapodProcess.executable(),
            arguments: [
                "--host", "127.0.0.1", "--port", "0", "--no-console", "--no-web", "--no-irc", "--database", missing,
                "--data-dir", PapodProcess.temporaryDataDirectory().path,
            ],
            environment: ["PGPASSWORD": TestDatabase.password ?? ""])
        defer { papod.kill() }
        #expect(try await papod.waitForExit() == 1)
        #expect(papod.standardError.contains("database \"papo_no_such_database\" does not exist"), "\(papod.standardError)")
        #expect(!papod.standardError.contains("listening on"))

        let withPassword = try ChildProcess(
            executable: try PapodProcess.executable(),
            arguments: ["--no-console", "--database", "postgres://papo:segredo@127.0.0.1/papo"], environment: [:])
        defer { withPassword.kill() }
        #expect(try await withPassword.waitForExit() != 0)
        #expect(withPassword.standardError.contains("--database must not carry a password"), "\(withPassword.standardError)")
    }
}
