import Foundation
import Logging
import NIOPosix
import PapoCore
import PapoTestSupport
import PostgresNIO
import Testing

@testable import PapoStore

/// Against a real PostgreSQL (`TestDatabase`), each test in a database of its own.
@Suite("PostgresStore: a real PostgreSQL", .enabled(if: TestDatabase.serverURL != nil))
struct PostgresStoreTests {
    static let start = SQLiteStoreTests.start
    static func at(_ seconds: TimeInterval) -> Date { SQLiteStoreTests.at(seconds) }
    static func line(_ text: String, _ seconds: TimeInterval, room: String = "#math", kind: TranscriptKind = .chat)
        -> TranscriptLine
    { SQLiteStoreTests.line(text, seconds, room: room, kind: kind) }
    static var password: String? { TestDatabase.password }
    static let quiet = Logger(label: "papo.test.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    static func withDatabase(_ body: (DatabaseURL) async throws -> Void) async throws {
        try await TestDatabase.withFreshDatabase { url in try await body(try DatabaseURL(url)) }
    }

    static func count(_ url: DatabaseURL, _ sql: String) async throws -> Int {
        try await TestDatabase.count(sql, on: Self.urlString(url))
    }

    /// The URL as the test server's URL spells it, naming `url`'s database.
    static func urlString(_ url: DatabaseURL) throws -> String {
        TestDatabase.replacingDatabase(of: try #require(TestDatabase.serverURL), with: url.database)
    }

    /// `statementTimeout`: short where the test makes the database stop answering.
    static func open(
        _ url: DatabaseURL, replay: Int = 2, historyDays: Int = 30, log: CollectedLog = CollectedLog(),
        maxQueued: Int = 200_000, statementTimeout: TimeInterval = 30
    ) async throws -> PostgresStore {
        try await Self.openWithState(
            url, replay: replay, historyDays: historyDays, log: log, maxQueued: maxQueued, statementTimeout: statementTimeout
        ).store
    }

    /// The store and what it read back on opening.
    static func openWithState(
        _ url: DatabaseURL, replay: Int = 2, historyDays: Int = 30, log: CollectedLog = CollectedLog(),
        maxQueued: Int = 200_000, statementTimeout: TimeInterval = 30
    ) async throws -> (store: PostgresStore, stored: StoredState) {
        try await PostgresStore.open(
            configuration: PostgresStore.Configuration(
                url: url, password: Self.password,
                settings: SQLiteStoreTests.settings(historyDays: historyDays, replay: replay, maxQueued: maxQueued),
                statementTimeout: statementTimeout),
            logger: log.logger)
    }

    @Test("a new database gets the versioned schema, once, even when two papods open it together")
    func schema() async throws {
        try await Self.withDatabase { url in
            async let first = Self.open(url)
            async let second = Self.open(url)
            let stores = try await [first, second]
            stores.forEach { $0.close() }
            #expect(try await Self.count(url, "SELECT count(*) FROM papo_schema_migrations") == 7)
            #expect(
                try await Self.count(
                    url,
                    """
                    SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN
                    ('transcript', 'presence', 'bans', 'op_grants', 'room_settings', 'audit', 'server_settings')
                    """) == 7)
            #expect(try await Self.count(url, "SELECT count(*) FROM pg_indexes WHERE tablename = 'transcript'") == 2)
            #expect(try await Self.count(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'transcript_by_time'") == 0)
            try await Self.open(url).close()
            #expect(try await Self.count(url, "SELECT count(*) FROM papo_schema_migrations") == 7)
        }
    }

    @Test("what is written comes back after reopening: bans, grants, room settings, server settings, recent lines, audit")
    func roundTrip() async throws {
        try await Self.withDatabase { url in
            let store = try await Self.open(url)
            let fixture = RoundTripFixture(lineText: "dois 'aspas' \"duplas\"", topicText: "Aula 3 — “redes” 🧪")
            store.enqueue(fixture.records)
            store.close()
            let (reopened, stored) = try await Self.openWithState(url)
            defer { reopened.close() }
            fixture.check(stored)
        }
    }

    @Test("replay: the newest lines of each room, as SQLite's")
    func replayPerRoom() async throws {
        try await Self.withDatabase { url in
            let fixture = ReplayFixture()
            let store = try await Self.open(url, replay: fixture.replay, historyDays: fixture.historyDays)
            store.enqueue(fixture.records)
            store.close()
            let (reopened, stored) = try await Self.openWithState(url, replay: fixture.replay, historyDays: fixture.historyDays)
            defer { reopened.close() }
            #expect(stored.recentLines.map(\.text) == fixture.expected)
        }
    }

    @Test("removal, clearing, transcript and attendance queries behave as SQLite's, over many lines in order")
    func transcriptAndAttendance() async throws {
        try await Self.withDatabase { url in
            let store = try await Self.open(url)
            var said = Self.line("uma coisa feia", 1)
            said.number = 7
            let many = (0..<1200).map { StoreRecord.transcript(Self.line("m\($0)", 10 + Double($0) / 1000, room: "#big")) }
            store.enqueue(
                [.transcript(said), .presence(PresenceEvent(
                    time: Self.at(0), client: ClientID(1), room: "#math", roomKey: "#math", nick: "ana", address: "10.0.0.1",
                    kind: .join))]
                    + many
                    + [
                        .removal(LineRemoval(number: 7, roomKey: "#math", tombstone: "removed by prof")),
                        .transcript(Self.line("arte", 2, room: "#art")),
                        .clearing(Self.line("cleared by prof", 3, room: "#art", kind: .notice)),
                    ])
            store.close()
            let (reopened, stored) = try await Self.openWithState(url)
            defer { reopened.close() }
            guard case .transcript(let math) = try await reopened.fetch(.transcript(roomKey: "#math", since: nil, until: nil)),
                case .transcript(let big) = try await reopened.fetch(.transcript(roomKey: "#big", since: Self.at(10.5), until: Self.at(10.6))),
                case .transcript(let art) = try await reopened.fetch(.transcript(roomKey: "#art", since: nil, until: nil)),
                case .attendance(let events, let messages, let run) = try await reopened.fetch(.attendance(roomKey: "#math", since: nil))
            else {
                Issue.record("unexpected answers")
                return
            }
            #expect(math.map(\.kind) == [.removed] && math.first?.text == "removed by prof" && math.first?.nick == nil)
            #expect(big.map(\.text) == (500..<600).map { "m\($0)" })
            #expect(art.map(\.text) == ["cleared by prof"])
            #expect(events.map(\.nick) == ["ana"] && events.first?.connection.hasSuffix("/1") == true)
            #expect(messages.isEmpty, "the only #math line was removed")
            #expect(run == reopened.run)
            #expect(stored.lastLineNumber == 7)
        }
    }

    @Test("while the database refuses writes: one error for the outage, records kept and all written once it accepts them")
    func outage() async throws {
        try await Self.withDatabase { url in
            let log = CollectedLog()
            let store = try await Self.open(url, log: log, statementTimeout: 2)
            defer { store.close() }
            store.enqueue([.transcript(Self.line("antes", 0))])
            try await eventually("the first row") { try await Self.count(url, "SELECT count(*) FROM transcript") == 1 }
            try await Self.setReadOnly(url, true)
            store.enqueue([.bans(BanList(bans: [BanList.Ban(target: .nick(key: "rui", display: "rui"), by: "prof", at: Self.start, until: nil, reason: nil)]))])
            for index in 1...5 {
                store.enqueue([.transcript(Self.line("durante \(index)", Double(index)))])
            }
            // Told once: the error is logged just after the writer marks the outage.
            try await eventually("the outage to be noticed and told") {
                store.isFailing && !log.messages(atLeast: .error).isEmpty
            }
            try await eventually("a few more failed attempts") { store.statistics.failedWrites >= 3 }
            #expect(log.messages(atLeast: .warning).count == 1)
            #expect(log.messages(atLeast: .error).first?.hasPrefix("cannot write the database: ") == true, "\(log.messages(atLeast: .error))")
            #expect(try await Self.count(url, "SELECT count(*) FROM transcript") == 1)
            try await Self.setReadOnly(url, false)
            try await eventually("writes to resume") { try await Self.count(url, "SELECT count(*) FROM transcript") == 6 }
            #expect(try await Self.count(url, "SELECT count(*) FROM bans") == 1)
            try await eventually("the resumption to be logged") { log.messages(atLeast: .warning).last == "database writes resumed" }
        }
    }

    /// Makes the database read-only (or writable again) and ends its sessions, so that the
    /// store's next session meets the change, as after a failover to a standby.
    static func setReadOnly(_ url: DatabaseURL, _ readOnly: Bool) async throws {
        let server = try #require(TestDatabase.serverURL)
        try await TestDatabase.execute(
            "ALTER DATABASE \(url.database) SET default_transaction_read_only = \(readOnly)", on: server)
        try await TestDatabase.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(url.database)' AND pid <> pg_backend_pid()",
            on: server)
    }

    @Test("a database papod cannot use stops it at start-up with one line saying which and why")
    func cannotOpen() async throws {
        let server = try DatabaseURL(try #require(TestDatabase.serverURL))
        let missing = try DatabaseURL(TestDatabase.replacingDatabase(of: try #require(TestDatabase.serverURL), with: "papo_no_such_database"))
        await #expect {
            try await Self.open(missing)
        } throws: { error in
            "\(error)" == "papod cannot use the database \(missing): database \"papo_no_such_database\" does not exist"
        }
        let wrongPassword = PostgresStore.Configuration(url: server, password: "not-the-password")
        await #expect {
            try await PostgresStore.open(configuration: wrongPassword, logger: Self.quiet)
        } throws: { error in
            "\(error)".hasPrefix("papod cannot use the database \(server): password authentication failed")
        }
    }
}
