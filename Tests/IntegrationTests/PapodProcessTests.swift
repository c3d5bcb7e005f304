import Foundation
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real papod binary as a subprocess, and the assignment-style Python client against it.
@Suite("papod as a subprocess")
struct PapodProcessTests {
    @Test("papod reads its options from the environment, logs its port and stops on SIGTERM with status 0")
    func environmentAndGracefulShutdown() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("papod-env-\(UUID().uuidString)")
        let (papod, port) = try await PapodProcess.start(environment: [
            "PAPOD_NAME": "aula", "PAPOD_DATA_DIR": dataDirectory.path,
        ])
        defer { papod.kill() }
        // --data-dir from PapodProcess wins over the environment variable.
        #expect(!FileManager.default.fileExists(atPath: dataDirectory.path))

        let client = try await LineClient.connect(to: port)
        #expect(try await client.nextLine() == "-!- Welcome to aula, guest-1! You are in #lobby. Type /help for commands.")
        #expect(try await client.nextLine() == "-!- #lobby is recorded: what is said here is kept for 90 days")
        papod.signal(SIGTERM)
        #expect(try await client.waitForClose() == ["-!- aula is shutting down. Goodbye!"])
        #expect(try await papod.waitForExit() == 0)
        #expect(papod.standardError.contains("papod listening on 127.0.0.1:\(port)"))
    }

    @Test("SIGINT also shuts down gracefully")
    func sigintShutsDown() async throws {
        let (papod, port) = try await PapodProcess.start()
        defer { papod.kill() }
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
        papod.signal(SIGINT)
        #expect(try await client.waitForClose().last == "-!- papod is shutting down. Goodbye!")
        #expect(try await papod.waitForExit() == 0)
    }

    @Test("the data directory is created with mode 0700")
    func dataDirectoryMode() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("papod-dir-\(UUID().uuidString)/nested")
        let (papod, _) = try await PapodProcess.start(arguments: ["--data-dir", dataDirectory.path])
        defer { papod.kill() }
        let attributes = try FileManager.default.attributesOfItem(atPath: dataDirectory.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        papod.signal(SIGTERM)
        #expect(try await papod.waitForExit() == 0)
    }

    @Test("the moderator password comes from a file (its trailing newline dropped) or the environment")
    func moderatorPassword() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("papod-pw-\(UUID().uuidString)")
        try Data("from file\r\n".utf8).write(to: file)
        for (arguments, environment, password) in [
            (["--moderator-password-file", file.path], ["PAPOD_MODERATOR_PASSWORD": "ignored"], "from file"),
            ([], ["PAPOD_MODERATOR_PASSWORD": "from env"], "from env"),
        ] {
            let (papod, port) = try await PapodProcess.start(arguments: arguments, environment: environment)
            defer { papod.kill() }
            let client = try await LineClient.connect(to: port)
            try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
            try await client.waitForLine { $0.hasSuffix(" is recorded: what is said here is kept for 90 days") }
            try await client.sendLine("/login \(password)")
            #expect(try await client.nextLine() == "-!- you are now a moderator; /help lists your commands")
            papod.signal(SIGTERM)
            #expect(try await papod.waitForExit() == 0)
            #expect(!papod.standardError.contains(password))
        }
        let (papod, port) = try await PapodProcess.start()
        defer { papod.kill() }
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await client.waitForLine { $0.hasSuffix(" is recorded: what is said here is kept for 90 days") }
        try await client.sendLine("/login anything")
        #expect(try await client.nextLine() == "-!- error: moderator login is disabled on this server")
    }

    @Test(
        "a malformed environment value is refused with a clear message",
        arguments: [
            ("PAPOD_PORT", "fifty", "PAPOD_PORT must be a whole number, not \"fifty\""),
            ("PAPOD_LOOP_SCHEDULING", "fast", "PAPOD_LOOP_SCHEDULING must be one of batch, normal"),
            ("PAPOD_LANGUAGE", "klingon", "PAPOD_LANGUAGE must be pt-BR or en, not \"klingon\""),
            ("PAPOD_ANNOUNCE_LIMIT", "many", "PAPOD_ANNOUNCE_LIMIT must be a whole number, not \"many\""),
            ("PAPOD_ANNOUNCE_LIMIT", "-5", "--announce-limit must be 0 or more"),
        ])
    func malformedEnvironment(name: String, value: String, message: String) async throws {
        let papod = try ChildProcess(
            executable: try PapodProcess.executable(), arguments: [], environment: [name: value])
        defer { papod.kill() }
        #expect(try await papod.waitForExit() != 0)
        #expect(papod.standardError.contains(message))
    }

    /// The assignment's reference client (Scripts/seed_client.py), connected to `port`.
    static func seedClient(port: Int) throws -> ChildProcess {
        try ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", PapodProcess.packageRoot.appendingPathComponent("Scripts/seed_client.py").path,
                "127.0.0.1", String(port)])
    }

    @Test("Scripts/seed_client.py, driven through a pipe, chats with a line client")
    func seedClientTalksToLineClient() async throws {
        let (papod, port) = try await PapodProcess.start()
        defer { papod.kill() }
        let netcat = try await LineClient.connect(to: port)
        try await netcat.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await netcat.sendLine("/nick rui")
        try await netcat.waitForLine("-!- you are now known as rui")

        let seed = try Self.seedClient(port: port)
        defer { seed.kill() }
        try seed.write("Maria\n")
        try await netcat.waitForLine("-!- guest-2 joined #lobby")
        try seed.write("olá, turma\n")
        try await netcat.waitForLine("-!- guest-2 is now known as Maria")
        try await netcat.waitForLine("<Maria> olá, turma")

        try await netcat.sendLine("oi Maria")
        try await seed.waitForOutput(containing: "<rui> oi Maria")
        #expect(seed.standardOutput.hasPrefix("Usuário: "))

        try seed.write("Desconectar\n")
        try await netcat.waitForLine("-!- Maria left (disconnected)")
        #expect(try await seed.waitForExit() == 0)
        #expect(!netcat.receivedLines.contains { $0.hasPrefix("-!- error") })
    }

    @Test(
        "papod speaks its locale's language unless --language or PAPOD_LANGUAGE says otherwise",
        arguments: [
            ([], ["PAPOD_LANGUAGE": "", "LC_ALL": "", "LANG": "pt_BR.UTF-8"], "-!- Boas-vindas ao papod, guest-1!"),
            ([], ["PAPOD_LANGUAGE": "", "LC_ALL": "", "LANG": "C.UTF-8"], "-!- Welcome to papod, guest-1!"),
            ([], ["PAPOD_LANGUAGE": "pt-BR", "LC_ALL": "", "LANG": "en_US.UTF-8"], "-!- Boas-vindas ao papod, guest-1!"),
            (["--language", "en"], ["PAPOD_LANGUAGE": "pt-BR", "LC_ALL": "pt_BR.UTF-8"], "-!- Welcome to papod, guest-1!"),
        ] as [([String], [String: String], String)])
    func language(arguments: [String], environment: [String: String], welcome: String) async throws {
        let (papod, port) = try await PapodProcess.start(arguments: arguments, environment: environment)
        defer { papod.kill() }
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix(welcome) }
    }

    @Test("--language names a language papod speaks")
    func unknownLanguage() async throws {
        let papod = try ChildProcess(
            executable: try PapodProcess.executable(), arguments: ["--language", "fr"], environment: [:])
        defer { papod.kill() }
        #expect(try await papod.waitForExit() != 0)
        #expect(papod.standardError.contains("--language must be pt-BR or en, not \"fr\""))
    }

    @Test("the assignment's client on a Portuguese server: its framing and Desconectar work, the texts are Portuguese")
    func seedClientOnPortugueseServer() async throws {
        let (papod, port) = try await PapodProcess.start(arguments: ["--language", "pt-BR"])
        defer { papod.kill() }
        let netcat = try await LineClient.connect(to: port)
        try await netcat.waitForLine { $0.hasPrefix("-!- Boas-vindas ao papod") }
        try await netcat.sendLine("/apelido rui")
        try await netcat.waitForLine("-!- agora você se chama rui")

        let seed = try Self.seedClient(port: port)
        defer { seed.kill() }
        try seed.write("Maria\n")
        try await netcat.waitForLine("-!- guest-2 entrou em #lobby")
        try seed.write("olá, turma\n")
        try await netcat.waitForLine("-!- guest-2 agora se chama Maria")
        try await netcat.waitForLine("<Maria> olá, turma")
        try await netcat.sendLine("oi Maria")
        try await seed.waitForOutput(containing: "<rui> oi Maria")
        try seed.write("Desconectar\n")
        try await netcat.waitForLine { $0.hasPrefix("-!- Maria saiu (") }
        #expect(try await seed.waitForExit() == 0)
        #expect(!netcat.receivedLines.contains { $0.hasPrefix("-!- error") })
    }

    @Test("out of file descriptors, papod stops accepting for a while, stays up, and accepts again")
    func outOfDescriptors() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let papodPath = try PapodProcess.executable().path
        let papod = try ChildProcess(
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [
                "-c",
                "ulimit -n 48; exec \(papodPath) --host 127.0.0.1 --port 0 --no-web --no-irc --data-dir \(directory.path) --max-connections-per-address 0",
            ])
        defer { papod.kill() }
        try await papod.waitForOutput(containing: "listening on")
        let port = try #require(PapodProcess.listeningPort(in: papod.standardError))
        let first = try await LineClient.connect(to: port)
        try await first.waitForLine { $0.hasPrefix("-!- Welcome") }
        // More connections than papod has descriptors: the kernel queues them; papod backs off.
        var extra: [LineClient] = []
        for _ in 0..<60 {
            extra.append(try await LineClient.connect(to: port))
        }
        try await first.sendLine("/nick first")
        try await first.waitForLine("-!- you are now known as first")
        for client in extra { await client.close() }
        // With descriptors free again, a newcomer gets in and chats.
        let late = try await LineClient.connect(to: port)
        try await late.waitForLine(timeout: .seconds(30)) { $0.hasPrefix("-!- Welcome") }
        try await late.sendLine("made it")
        try await first.waitForLine { $0.hasSuffix("> made it") }
        papod.signal(SIGTERM)
        #expect(try await papod.waitForExit() == 0)
    }
}

@Suite("papod out of file descriptors")
struct DescriptorLimitTests {
    @Test("out of descriptors papod stops accepting for a moment, chat goes on, and waiting clients get in as others leave")
    func acceptsAgainAfterRunningOut() async throws {
        // About 22 descriptors are papod's own; the rest is room for about 40 clients.
        let (papod, port) = try await PapodProcess.start(descriptorLimit: 64)
        defer { papod.kill() }
        // Connections past the limit wait in the listen backlog, without a welcome.
        var clients: [LineClient] = []
        for _ in 0..<60 {
            clients.append(try await LineClient.connect(to: port))
        }
        try await papod.waitForOutput(containing: "cannot accept connections: Too many open files; retrying")
        // The first clients are in, and chat on while the rest wait.
        try await clients[0].waitForLine { $0.hasPrefix("-!- Welcome") }
        try await clients[1].waitForLine { $0.hasPrefix("-!- Welcome") }
        try await clients[0].sendLine("/nick first")
        try await clients[1].waitForLine("-!- guest-1 is now known as first")
        try await clients[0].sendLine("still here")
        try await clients[1].waitForLine("<first> still here")
        // The others that got in leave: every waiting client is accepted and welcomed.
        let leaving = clients[2...].filter { !$0.receivedLines.isEmpty }
        #expect(leaving.count >= 20)
        for client in leaving {
            await client.close()
        }
        for client in clients[2...] where client.receivedLines.isEmpty {
            try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
        }
        try await papod.waitForOutput(containing: "accepting connections again")
        papod.signal(SIGTERM)
        #expect(try await papod.waitForExit() == 0)
    }
}
