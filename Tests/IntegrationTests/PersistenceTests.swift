import Foundation
import Logging
import PapoControl
import PapoCore
import PapoServer
import PapoStore
import PapoTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// papod with its SQLite store in a temporary data directory: restarts, crashes, replay,
/// export through papoctl, and a database that stops accepting writes.
@Suite("Persistence")
struct PersistenceTests {
    static let password = "segredo"

    static func papoctl(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        let process = try ChildProcess(executable: try PapodProcess.papoctl(), arguments: arguments)
        defer { process.kill() }
        try process.closeInput()
        let status = try await process.waitForExit()
        return (status, process.standardOutput, process.standardError)
    }

    static func start(_ directory: URL, arguments: [String] = []) async throws -> (papod: ChildProcess, port: Int) {
        let (papod, port) = try await PapodProcess.start(
            arguments: arguments, environment: ["PAPOD_MODERATOR_PASSWORD": Self.password], dataDirectory: directory)
        // The control socket opens just after the doors: papoctl may be the test's next step.
        do {
            try await papod.waitForOutput(containing: "control socket listening")
        } catch {
            papod.kill()
            throw error
        }
        return (papod, port)
    }

    static func socket(_ directory: URL) -> String {
        directory.appendingPathComponent("papod.sock").path
    }

    /// A welcomed client with `nick`, its welcome and notices read.
    static func client(_ port: Int, as nick: String) async throws -> LineClient {
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await client.sendLine("/nick \(nick)")
        try await client.waitForLine { $0.hasSuffix("you are now known as \(nick)") || $0.hasPrefix("-!- error:") }
        return client
    }

    /// A client logged in as moderator.
    static func moderator(_ port: Int, as nick: String) async throws -> LineClient {
        let client = try await Self.client(port, as: nick)
        try await client.sendLine("/login \(Self.password)")
        try await client.waitForLine("-!- you are now a moderator; /help lists your commands")
        return client
    }

    /// The chat and action lines of `room`'s transcript, through `papoctl export --format json`.
    static func exportedChat(_ directory: URL, room: String) async throws -> [String] {
        let export = try await Self.papoctl(["--socket", Self.socket(directory), "export", room, "--format", "json"])
        guard export.status == 0 else { throw StoreFailure("export failed: \(export.error)") }
        let rows = try JSONSerialization.jsonObject(with: Data(export.output.utf8)) as? [[String: Any]] ?? []
        return rows.filter { ["chat", "action"].contains($0["kind"] as? String) }.compactMap { $0["text"] as? String }
    }

    struct StoreFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test("a restart keeps bans, room settings, /op grants and the audit, and replays the room's last lines")
    func restartKeepsState() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        do {
            let (papod, port) = try await Self.start(directory)
            defer { papod.kill() }
            let ana = try await Self.moderator(port, as: "ana")
            try await ana.sendLine("/join #Math")
            try await ana.waitForLine("-!- you are now in #Math (1 member)")
            for line in ["/topic Aula 3", "bom dia", "/me acena", "/quiet on", "/slow 15", "/ban rui 1h cola"] {
                try await ana.sendLine(line)
            }
            try await ana.waitForLine { $0.hasPrefix("-!- banned rui") }
            let bob = try await Self.client(port, as: "bob")
            try await ana.sendLine("/op bob")
            try await bob.waitForLine("-!- you are now a moderator (made by ana); /help lists your commands")
            papod.signal(SIGTERM)
            #expect(try await papod.waitForExit() == 0)
        }

        let (papod, port) = try await Self.start(directory)
        defer { papod.kill() }
        let rui = try await LineClient.connect(to: port)
        try await rui.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await rui.sendLine("/nick rui")
        #expect(try await rui.waitForLine { $0.hasPrefix("-!- error:") } == "-!- error: the nick rui is banned")
        try await rui.sendLine("/join #math")
        try await rui.waitForLine("-!- you are now in #Math (1 member)")
        #expect(try await rui.nextLine() == "-!- topic: Aula 3")
        #expect(try await rui.nextLine() == "-!- #Math is recorded: what is said here is kept for 90 days")
        #expect(try await rui.nextLine() == "-!- history: the last 2 messages in #Math")
        #expect(try await rui.nextLine().hasSuffix("] <ana> bom dia"))
        #expect(try await rui.nextLine().hasSuffix("] * ana acena"))
        #expect(try await rui.nextLine() == "-!- end of history")
        try await rui.sendLine("olá?")
        #expect(
            try await rui.nextLine() == "-!- error: #Math is quiet: only moderators and voiced users may speak")

        // bob comes back from the same address: a moderator again.
        let bob = try await LineClient.connect(to: port)
        try await bob.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await bob.sendLine("/nick bob")
        try await bob.waitForLine("-!- you are a moderator again (made by ana); /help lists your commands")

        let rooms = try await Self.papoctl(["--socket", Self.socket(directory), "rooms"])
        #expect(rooms.output.contains("#Math (1 member) [quiet, slow 15s]: Aula 3"))
        let audit = try await Self.papoctl(["--socket", Self.socket(directory), "audit"])
        #expect(audit.output.contains(" ana ban rui until "))
        #expect(audit.output.contains(" ana op bob"))
        let bans = try await Self.papoctl(["--socket", Self.socket(directory), "bans"])
        #expect(bans.output.contains("rui by ana at"))
    }

    @Test("kill -9 mid-chat: after a restart bans, settings and the audit are there, and the transcript lacks at most the last lines")
    func killAndRestart() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let first = (0..<20).map { "primeira \($0)" }
        let second = (0..<30).map { "segunda \($0)" }
        do {
            let (papod, port) = try await Self.start(directory)
            defer { papod.kill() }
            let ana = try await Self.moderator(port, as: "ana")
            for line in ["/join #aula", "/topic Frações", "/ban 10.9.9.0/24 cola"] + first {
                try await ana.sendLine(line)
            }
            // The writer writes on its own, with no shutdown: the first lines reach the file.
            try await eventually("the first lines to be written", timeout: .seconds(30)) {
                (try? await Self.exportedChat(directory, room: "#aula")) == first
            }
            for line in second {
                try await ana.sendLine(line)
            }
            papod.signal(SIGKILL)
            _ = try await papod.waitForExit()
        }
        let (papod, port) = try await Self.start(directory)
        defer { papod.kill() }
        let kept = try await Self.exportedChat(directory, room: "#aula")
        // Everything written before, then the second lines in order with none missing but
        // perhaps the last few.
        #expect(Array(kept.prefix(first.count)) == first)
        let rest = Array(kept.dropFirst(first.count))
        #expect(rest == Array(second.prefix(rest.count)))
        let bans = try await Self.papoctl(["--socket", Self.socket(directory), "bans"])
        #expect(bans.output.contains("10.9.9.0/24 by ana"))
        let audit = try await Self.papoctl(["--socket", Self.socket(directory), "audit"])
        #expect(audit.output.contains(" ana ban 10.9.9.0/24 until lifted (cola)"))
        let student = try await Self.client(port, as: "rui")
        try await student.sendLine("/join #aula")
        try await student.waitForLine("-!- topic: Frações")
    }

    @Test("export through papoctl: CSV and JSON parse and match what was said, text reads as chat, --output writes the file")
    func export() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let (papod, port) = try await Self.start(directory)
        defer { papod.kill() }
        let before = Date().addingTimeInterval(-1)
        let ana = try await Self.client(port, as: "ana")
        let bob = try await Self.client(port, as: "bob")
        try await ana.sendLine("/join #math")
        try await ana.waitForLine("-!- you are now in #math (1 member)")
        try await bob.sendLine("/join #math")
        try await ana.waitForLine("-!- bob joined #math")
        let said: [(nick: String, kind: String, text: String)] = [
            ("ana", "chat", "bom dia, \"turma\""), ("bob", "chat", "olá; tudo bem?"), ("ana", "action", "acena 👋"),
        ]
        try await ana.sendLine("bom dia, \"turma\"")
        try await bob.waitForLine("<ana> bom dia, \"turma\"")
        try await bob.sendLine("olá; tudo bem?")
        try await ana.waitForLine("<bob> olá; tudo bem?")
        try await ana.sendLine("/me acena 👋")
        try await bob.waitForLine("* ana acena 👋")
        let socket = Self.socket(directory)

        try await eventually("the lines to be written", timeout: .seconds(30)) {
            (try? await Self.exportedChat(directory, room: "#math"))?.count == 3
        }
        let csv = try await Self.papoctl(["--socket", socket, "export", "#math", "--format", "csv"])
        #expect(csv.status == 0)
        let records = CSV.parse(csv.output)
        #expect(records.first == ["time", "room", "nick", "kind", "text"])
        let spoken = records.dropFirst().filter { $0[3] != "notice" }
        #expect(spoken.map { [$0[2], $0[3], $0[4]] } == said.map { [$0.nick, $0.kind, $0.text] })
        #expect(records.dropFirst().allSatisfy { $0[1] == "#math" && $0.count == 5 })
        #expect(records.dropFirst().contains { $0[3] == "notice" && $0[4] == "bob joined #math" && $0[2].isEmpty })
        for record in records.dropFirst() {
            let time = try #require(try? Date(record[0], strategy: .iso8601))
            #expect(time >= before && time <= Date().addingTimeInterval(1))
        }

        let json = try await Self.papoctl(["--socket", socket, "export", "math", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(rows.count == records.count - 1)
        let jsonSpoken = rows.filter { $0["kind"] as? String != "notice" }
        #expect(jsonSpoken.map { "\($0["nick"] ?? "") \($0["kind"] ?? "") \($0["text"] ?? "")" } == said.map { "\($0.nick) \($0.kind) \($0.text)" })
        #expect(zip(rows, records.dropFirst()).allSatisfy { $0["time"] as? String == $1[0] })

        let text = try await Self.papoctl(["--socket", socket, "export", "#math"])
        let textLines = text.output.split(separator: "\n").map(String.init)
        #expect(textLines.contains { $0.hasSuffix("] <ana> bom dia, \"turma\"") })
        #expect(textLines.contains { $0.hasSuffix("] * ana acena 👋") })
        #expect(textLines.allSatisfy { $0.hasPrefix("[20") })

        let file = directory.appendingPathComponent("math.csv").path
        let written = try await Self.papoctl(["--socket", socket, "export", "#math", "--format", "csv", "--output", file])
        #expect(written.status == 0)
        #expect(written.output == "exported \(records.count - 1) lines of #math\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == csv.output)

        let future = try await Self.papoctl(["--socket", socket, "export", "#math", "--since", "2999-01-01", "--format", "csv"])
        #expect(future.output == "time,room,nick,kind,text\r\n")
        let bad = try await Self.papoctl(["--socket", socket, "export", "#math", "--since", "ontem"])
        #expect(bad.status != 0)
        #expect(bad.error.contains("--since takes an ISO 8601 time"))

        let attendance = try await Self.papoctl(["--socket", socket, "attendance", "#math"])
        #expect(attendance.status == 0)
        #expect(attendance.output.hasPrefix("2 people in #math:\n"))
        #expect(attendance.output.contains("  ana 127.0.0.1: first join "))
        #expect(attendance.output.contains("still here, present "))
        #expect(attendance.output.contains(", 2 messages\n"))
    }

    @Test("an export larger than a control-socket line (1 MiB) arrives whole")
    func largeExport() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let (papod, port) = try await Self.start(directory, arguments: ["--flood-rate", "0"])
        defer { papod.kill() }
        let ana = try await Self.client(port, as: "ana")
        let filler = String(repeating: "x", count: 90)
        let count = 15_000
        var batch = ""
        for index in 0..<count {
            batch += "\(index) \(filler)\n"
        }
        try await ana.sendRaw(batch)
        try await eventually("every line to be written", timeout: .seconds(60)) {
            let export = try? await Self.papoctl(["--socket", Self.socket(directory), "export", "#lobby", "--format", "csv"])
            return export?.output.contains("\n2") == true && export?.output.contains(",\(count - 1) \(filler)\r\n") == true
        }
        // Into a file, which papoctl writes itself: no pipe between it and the test to lag.
        let file = directory.appendingPathComponent("lobby.csv").path
        let export = try await Self.papoctl(["--socket", Self.socket(directory), "export", "#lobby", "--format", "csv", "--output", file])
        #expect(export.status == 0)
        let document = try String(contentsOfFile: file, encoding: .utf8)
        #expect(document.utf8.count > ControlCodec.maxLineBytes)
        let texts = CSV.parse(document).dropFirst().filter { $0[3] == "chat" }.map { $0[4] }
        // Compared compactly: a failure should not print 15,000 lines.
        let expected = (0..<count).map { "\($0) \(filler)" }
        #expect(texts.count == count)
        let firstDifference = zip(texts, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstDifference == nil, "first difference at \(firstDifference?.offset ?? -1): \(firstDifference?.element.0.prefix(40) ?? "")")
    }

    @Test("--store-private keeps private messages as kind private; --history-days 0 keeps no transcript and says nothing")
    func privateAndNoHistory() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        do {
            let (papod, port) = try await Self.start(directory, arguments: ["--store-private"])
            defer { papod.kill() }
            let ana = try await Self.client(port, as: "ana")
            let bob = try await Self.client(port, as: "bob")
            try await ana.sendLine("/msg bob psst")
            try await bob.waitForLine("*ana* psst")
            try await eventually("the private line to be written", timeout: .seconds(30)) {
                let export = try? await Self.papoctl(["--socket", Self.socket(directory), "export", "#lobby", "--format", "csv"])
                return export?.output.contains(",#lobby,ana,private,to bob: psst\r\n") == true
            }
            papod.signal(SIGTERM)
            _ = try await papod.waitForExit()
        }
        let (papod, port) = try await Self.start(directory, arguments: ["--history-days", "0"])
        defer { papod.kill() }
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix("-!- Welcome") }
        try await client.sendLine("/rooms")
        // No privacy line and no history between the welcome and the answer.
        #expect(try await client.nextLine() == "-!- 1 room:")
        let export = try await Self.papoctl(["--socket", Self.socket(directory), "export", "#lobby"])
        #expect(export.status != 0)
        #expect(export.error.contains("no transcript is kept"))
        papod.signal(SIGTERM)
        _ = try await papod.waitForExit()
        // The earlier transcript was deleted at startup.
        let store = try SQLiteStore(
            configuration: SQLiteStore.Configuration(
                path: directory.appendingPathComponent(SQLiteStore.fileName).path,
                settings: StoreSettings(recording: RecordingSettings(historyDays: 36_500))),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        defer { store.close() }
        #expect(try await store.fetch(.transcript(roomKey: "#lobby", since: nil, until: nil)) == .transcript([]))
    }

    @Test("a database papod cannot open: it says so and serves chat without keeping anything")
    func databaseCannotOpen() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        // A directory where the database file should be: no one, root included, can open it.
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent(SQLiteStore.fileName), withIntermediateDirectories: true)
        let (papod, port) = try await Self.start(directory)
        defer { papod.kill() }
        #expect(papod.standardError.contains("error papod: cannot open the database"))
        let ana = try await Self.client(port, as: "ana")
        let bob = try await Self.client(port, as: "bob")
        try await ana.sendLine("ainda funciona")
        try await bob.waitForLine("<ana> ainda funciona")
        // No store, so no recording line was sent, and export explains.
        #expect(!ana.receivedLines.contains { $0.contains("is recorded") })
        let export = try await Self.papoctl(["--socket", Self.socket(directory), "export", "#lobby"])
        #expect(export.status != 0)
        #expect(export.error.contains("no transcript is kept"))
    }

    @Test("a database that cannot be written does not stop the chat; the operator is told once; writes resume")
    func databaseRefusesWrites() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = CollectedLog()
        // papod may run as root, whom file modes do not stop: the store's test hook makes
        // SQLite itself refuse writes (PRAGMA query_only), as a read-only file would.
        let store = try SQLiteStore(
            configuration: SQLiteStore.Configuration(
                path: directory.appendingPathComponent(SQLiteStore.fileName).path,
                settings: StoreSettings(flushInterval: 0.05, retryInterval: 0.05)),
            logger: log.logger)
        defer { store.close() }
        var configuration = ServerConfiguration()
        configuration.chat.recording = RecordingSettings()
        configuration.store = store
        try await TestServer.withServer(configuration: configuration) { server in
            let ana = try await server.connect(as: "ana")
            let bob = try await server.connect(as: "bob")
            try await ana.sendLine("antes")
            try await bob.waitForLine("<ana> antes")
            try await eventually("the first line to be written") {
                try await store.fetch(.transcript(roomKey: "#lobby", since: nil, until: nil)).chat == ["antes"]
            }
            try store.refuseWrites(true)
            for index in 1...3 {
                try await ana.sendLine("durante \(index)")
                try await bob.waitForLine("<ana> durante \(index)")
            }
            try await waitUntil("the failing writes to be retried") { store.isFailing && store.failedWrites >= 3 }
            try await bob.sendLine("ainda conversamos")
            try await ana.waitForLine("<bob> ainda conversamos")
            #expect(log.lines.filter { $0.hasPrefix("error cannot write the database") }.count == 1)
            try store.refuseWrites(false)
            try await eventually("writes to resume") {
                try await store.fetch(.transcript(roomKey: "#lobby", since: nil, until: nil)).chat
                    == ["antes", "durante 1", "durante 2", "durante 3", "ainda conversamos"]
            }
            try await waitUntil("the operator to be told") { log.lines.contains("warning database writes resumed") }
        }
    }
}

extension StoreQueryResult {
    /// The chat texts of a transcript answer.
    var chat: [String] {
        guard case .transcript(let lines) = self else { return [] }
        return lines.filter { $0.kind == .chat }.map(\.text)
    }
}

/// Waits for an asynchronous condition (a store read, a papoctl run), polling.
/// RFC 4180, enough to read an export back.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var isQuoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let character = characters.popFirst() {
            if isQuoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append("\"")
                        characters.removeFirst()
                    } else {
                        isQuoted = false
                    }
                } else {
                    field.unicodeScalars.append(character)
                }
            } else if character == "\"" {
                isQuoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character == "\r" && characters.first == "\n" {
                characters.removeFirst()
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}

@Suite("Control responses in pieces")
struct ControlResponsePiecesTests {
    @Test("a long output goes in pieces under the limit, each valid UTF-8, that join back to the whole")
    func pieces() throws {
        let text = String(repeating: "olá, 👋 turma\n", count: 5000)
        var whole = ControlResponse(ok: true, lines: ["exported 5000 lines of #math"], data: .int(5000))
        whole.output = text
        let pieces = whole.pieces(chunkBytes: 1000)
        #expect(pieces.count > 10)
        #expect(pieces.dropLast().allSatisfy { $0.more == true && ($0.output?.utf8.count ?? 0) <= 1000 && $0.lines.isEmpty })
        #expect(pieces.last?.more == nil)
        #expect(pieces.last?.lines == ["exported 5000 lines of #math"])
        var joined = try ControlCodec.decode(ControlResponse.self, from: try ControlCodec.encodeLine(pieces[0]).dropLast())
        for piece in pieces.dropFirst() {
            joined.append(try ControlCodec.decode(ControlResponse.self, from: try ControlCodec.encodeLine(piece).dropLast()))
        }
        #expect(joined == whole)
        let short = ControlResponse(ok: true, lines: ["x"])
        #expect(short.pieces() == [short])
    }
}
