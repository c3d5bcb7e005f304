import Foundation
import GRDB
import GRDBSQLite
import Logging
import PapoCore
import PapoTestSupport
import Synchronization
import Testing

@testable import PapoStore

struct StoreTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite("SQLiteStore: a real SQLite file in a temporary directory")
struct SQLiteStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ seconds: TimeInterval) -> Date { Self.start.addingTimeInterval(seconds) }

    static func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("papo-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(SQLiteStore.fileName).path
    }

    static func open(
        _ path: String, historyDays: Int = 30, replay: Int = 2, now: Date = start, log: CollectedLog = CollectedLog(),
        maxQueued: Int = 200_000
    ) throws -> SQLiteStore {
        try SQLiteStore(
            configuration: SQLiteStore.Configuration(
                path: path, settings: Self.settings(historyDays: historyDays, replay: replay, now: now, maxQueued: maxQueued)),
            logger: log.logger)
    }

    /// Settings for a test's store (either database): quick flushes and retries.
    static func settings(historyDays: Int = 30, replay: Int = 2, now: Date = start, maxQueued: Int = 200_000) -> StoreSettings {
        StoreSettings(
            recording: RecordingSettings(historyDays: historyDays, replayLines: replay), flushInterval: 0.05,
            maxQueuedRecords: maxQueued, retryInterval: 0.05, now: { now })
    }

    static func line(_ text: String, _ seconds: TimeInterval, room: String = "#math", kind: TranscriptKind = .chat)
        -> TranscriptLine
    {
        TranscriptLine(
            time: Self.at(seconds), room: room, roomKey: room.lowercased(), nick: kind == .notice ? nil : "ana", kind: kind,
            text: text, client: kind == .notice ? nil : ClientID(1))
    }

    /// A connection that waits (as papod's store does) while a store just closed may still be
    /// checkpointing its WAL, instead of failing with "database is locked".
    static func waitingQueue(_ path: String) throws -> DatabaseQueue {
        var options = Configuration()
        options.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: options)
    }

    static func count(_ path: String, _ sql: String) throws -> Int {
        let queue = try Self.waitingQueue(path)
        return try queue.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test("a new database gets the versioned schema and WAL mode")
    func schema() throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        store.close()
        let queue = try Self.waitingQueue(path)
        let (mode, tables) = try queue.read { db throws -> (String?, [String]) in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
            let tables = try ["transcript", "presence", "bans", "op_grants", "room_settings", "audit", "server_settings"]
                .filter { try db.tableExists($0) }
            return (mode, tables)
        }
        #expect(mode == "wal")
        #expect(tables.count == 7)
        #expect(try queue.read { db in try StoreSchema.migrator.appliedIdentifiers(db) }.count == 4)
        let indexes = try queue.read { db in try db.indexes(on: "transcript").map(\.name) }
        #expect(indexes == ["transcript_by_room"])
        // Opening again applies nothing twice.
        try Self.open(path).close()
    }

    @Test("what is written comes back after reopening: bans, grants, room settings, server settings, recent lines, audit")
    func roundTrip() throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        let fixture = RoundTripFixture(lineText: "dois")
        store.enqueue(fixture.records)
        store.close()
        fixture.check(try Self.open(path).load())
    }

    @Test("a removed line keeps a tombstone in place of its text; numbering resumes from the highest stored")
    func removal() async throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        var said = Self.line("uma coisa feia", 1)
        said.number = 7
        var other = Self.line("outra", 2)
        other.number = 8
        store.enqueue([
            .transcript(said), .transcript(other),
            // Another room's line 8 is not touched by a removal in this one.
            .removal(LineRemoval(number: 8, roomKey: "#elsewhere", tombstone: "nope")),
            .removal(LineRemoval(number: 7, roomKey: said.roomKey, tombstone: "removed by mestre: linguagem")),
        ])
        store.close()
        let reopened = try Self.open(path)
        #expect(try reopened.load().lastLineNumber == 8)
        #expect(try reopened.load().recentLines.map(\.text) == ["outra"], "replay skips the tombstone")
        guard case .transcript(let rows) = try await reopened.fetch(.transcript(roomKey: said.roomKey, since: nil, until: nil)) else {
            Issue.record("not a transcript")
            return
        }
        #expect(rows.map(\.kind) == [.removed, .chat])
        #expect(rows.first?.text == "removed by mestre: linguagem")
        #expect(rows.first?.nick == nil)
        #expect(rows.map(\.number) == [7, 8])
    }

    @Test("clearing a room deletes its rows and leaves one tombstone; other rooms keep theirs")
    func clearing() async throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        let tombstone = TranscriptLine(
            time: Self.at(10), room: "#math", roomKey: "#math", nick: nil, kind: .removed, text: "history cleared by mestre")
        store.enqueue([
            .transcript(Self.line("um", 1)), .transcript(Self.line("dois", 2)), .transcript(Self.line("olá", 3, room: "#art")),
            .clearing(tombstone),
        ])
        store.close()
        let reopened = try Self.open(path)
        guard case .transcript(let math) = try await reopened.fetch(.transcript(roomKey: "#math", since: nil, until: nil)),
            case .transcript(let art) = try await reopened.fetch(.transcript(roomKey: "#art", since: nil, until: nil))
        else {
            Issue.record("not a transcript")
            return
        }
        #expect(math.map(\.text) == ["history cleared by mestre"])
        #expect(math.map(\.kind) == [.removed])
        #expect(art.map(\.text) == ["olá"])
    }

    @Test("a transcript query takes one room, since inclusive and until exclusive, in order")
    func transcriptQuery() async throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        store.enqueue((0..<10).map { .transcript(Self.line("m\($0)", Double($0) * 10)) } + [.transcript(Self.line("x", 25, room: "#art"))])
        try await eventually("the rows to be written") { store.queuedCount == 0 && !store.isFailing }
        let answer = try await store.fetch(.transcript(roomKey: "#math", since: Self.at(20), until: Self.at(50)))
        guard case .transcript(let lines) = answer else {
            Issue.record("not a transcript: \(answer)")
            return
        }
        store.close()
        #expect(lines.map(\.text) == ["m2", "m3", "m4"])
        #expect(lines.allSatisfy { $0.room == "#math" && $0.nick == "ana" && $0.kind == .chat })
    }

    @Test("transcript rows come back exactly as written: no nick, accents, emoji, quotes, NUL-free long text")
    func transcriptRoundTrip() async throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        let written = [
            Self.line("alguém entrou", 1, kind: .notice),
            Self.line("olá 👋🏽 \"aspas\" 'e' ; DROP TABLE transcript; --", 2),
            Self.line(String(repeating: "ç", count: 3000), 3, kind: .action),
        ]
        store.enqueue(written.map { .transcript($0) })
        try await eventually("the rows to be written") { store.queuedCount == 0 && !store.isFailing }
        let answer = try await store.fetch(.transcript(roomKey: "#math", since: Self.at(0), until: Self.at(10)))
        store.close()
        guard case .transcript(let lines) = answer else {
            Issue.record("not a transcript: \(answer)")
            return
        }
        #expect(lines.map(\.text) == written.map(\.text))
        #expect(lines.map(\.nick) == [nil, "ana", "ana"])
        #expect(lines.map(\.kind) == [.notice, .chat, .action])
        #expect(lines.map(\.time) == written.map(\.time))
        #expect(lines.map(\.room) == ["#math", "#math", "#math"])
    }

    @Test("a version 1 database is migrated: its lines stay and the time index goes")
    func migratesVersion1() throws {
        let path = try Self.temporaryPath()
        do {
            let queue = try Self.waitingQueue(path)
            try StoreSchema.migrator.migrate(queue, upTo: "v1: transcript, presence, bans, op grants, room settings, audit")
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO transcript (time, room, room_key, nick, kind, text, connection) VALUES (?, '#math', '#math', 'ana', 'chat', 'de antes', 'r/1')",
                    arguments: [Self.at(0).timeIntervalSince1970])
            }
            #expect(try queue.read { db in try db.indexes(on: "transcript").count } == 2)
        }
        try Self.open(path).close()
        let queue = try Self.waitingQueue(path)
        #expect(try queue.read { db in try db.indexes(on: "transcript").map(\.name) } == ["transcript_by_room"])
        #expect(try Self.open(path).load().recentLines.map(\.text) == ["de antes"])
    }

    @Test("many lines in one batch, between other records, are stored whole and in order")
    func manyLinesInOrder() throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path, replay: 1000)
        var records: [StoreRecord] = []
        // 100 lines (three full statements and a rest), with other records between some of them.
        for index in 0..<100 {
            var line = Self.line("linha \(index) 'aspas' ☕", Double(index), room: index % 3 == 0 ? "#Lab" : "#math")
            line.client = ClientID(UInt64(index % 7 + 1))
            records.append(.transcript(line))
            if index % 45 == 44 {
                records.append(.audit(AuditEntry(at: Self.at(Double(index)), actor: "prof", action: "note \(index)")))
            }
        }
        store.enqueue(records)
        store.close()
        let queue = try Self.waitingQueue(path)
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT text, room, room_key, connection, time FROM transcript ORDER BY id")
        }
        #expect(rows.count == 100)
        for (index, row) in rows.enumerated() {
            #expect(row["text"] as String? == "linha \(index) 'aspas' ☕")
            #expect(row["room"] as String? == (index % 3 == 0 ? "#Lab" : "#math"))
            #expect(row["room_key"] as String? == (index % 3 == 0 ? "#lab" : "#math"))
            #expect((row["connection"] as String?)?.hasSuffix("/\(index % 7 + 1)") == true)
            #expect(row["time"] as Double? == Self.at(Double(index)).timeIntervalSince1970)
        }
        #expect(try Self.count(path, "SELECT count(*) FROM audit") == 2)
    }

    @Test("replay: the newest lines of each room, rooms interleaved, without notices or lines older than the history")
    func replayPerRoom() throws {
        let path = try Self.temporaryPath()
        let fixture = ReplayFixture()
        let store = try Self.open(path, historyDays: fixture.historyDays, replay: fixture.replay)
        store.enqueue(fixture.records)
        store.close()
        let reopened = try Self.open(path, historyDays: fixture.historyDays, replay: fixture.replay)
        #expect(try reopened.load().recentLines.map(\.text) == fixture.expected)
    }

    @Test("start-up reads the transcript through its index: no statement of the load scans the whole table")
    func loadUsesTheIndex() throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        store.enqueue([.transcript(Self.line("um", 1)), .transcript(Self.line("dois", 2, room: "#art"))])
        store.close()
        let queue = try Self.waitingQueue(path)
        var plans: [String] = []
        try queue.read { db in
            // Every statement the replay runs, as SQLite will run it.
            let trace = Mutex<[String]>([])
            db.trace { event in
                if case .statement(let statement) = event { trace.withLock { $0.append(statement.sql) } }
            }
            _ = try SQLiteStore.recentLines(db, since: Self.at(0), perRoom: 2)
            db.trace(options: .statement, nil)
            let statements = trace.withLock { $0 }
            #expect(statements.count == 3, "the rooms, then one read for each of the two rooms: \(statements)")
            for sql in Set(statements) {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: sql.contains("?") ? ["#math", 0, 2] : [])
                plans += plan.map { $0["detail"] as String }
            }
        }
        #expect(!plans.isEmpty)
        #expect(plans.allSatisfy { !$0.hasPrefix("SCAN transcript") && !$0.contains("TEMP B-TREE") }, "\(plans)")
    }

    @Test("the last line number is read from the newest rows, not the whole transcript")
    func lastLineNumberFromTheEnd() throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path)
        var records: [StoreRecord] = (1...3000).map { index in
            var line = Self.line("linha \(index)", Double(index))
            line.number = index
            return .transcript(line)
        }
        // Lines without a number (a join, a topic) come after the last numbered one.
        records += (0..<3).map { .transcript(Self.line("entrou", 3001 + Double($0), kind: .notice)) }
        store.enqueue(records)
        store.close()
        let queue = try Self.waitingQueue(path)
        let (last, walkSteps, maxSteps) = try queue.read { db in
            // SQLite's count of virtual machine steps: a walk back over a few rows, where
            // max(line_number) takes one or more per stored row.
            func steps(_ sql: String) throws -> Int32 {
                let statement = try db.makeStatement(sql: sql)
                _ = try Int.fetchOne(statement)
                return sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_VM_STEP, 0)
            }
            return (
                try SQLiteStore.lastLineNumber(db), try steps(SQLiteStore.lastLineNumberSQL),
                try steps("SELECT max(line_number) FROM transcript")
            )
        }
        #expect(last == 3000)
        #expect(walkSteps < 100)
        #expect(maxSteps > 3000)
        let empty = try Self.open(try Self.temporaryPath())
        #expect(try empty.load().lastLineNumber == 0)
        empty.close()
    }

    @Test("pruning keeps every line still inside the history, and deletes all when none is")
    func pruningByInsertionOrder() throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path, historyDays: 30)
        store.enqueue((0..<10).map { .transcript(Self.line("dia \($0)", Double($0) * 86_400)) })
        store.close()
        // On day 35, with 30 days kept: days 5 to 9 remain (day 5 is exactly on the limit).
        try Self.open(path, historyDays: 30, now: Self.at(35 * 86_400)).close()
        let queue = try Self.waitingQueue(path)
        let kept = try queue.read { db in try String.fetchAll(db, sql: "SELECT text FROM transcript ORDER BY id") }
        #expect(kept == (5..<10).map { "dia \($0)" })
        try Self.open(path, historyDays: 30, now: Self.at(100 * 86_400)).close()
        #expect(try Self.count(path, "SELECT count(*) FROM transcript") == 0)
        // An empty table prunes without error.
        try Self.open(path, historyDays: 30, now: Self.at(200 * 86_400)).close()
    }

    @Test("--history-days prunes older transcript and presence rows at startup; 0 keeps none at all")
    func pruning() throws {
        let path = try Self.temporaryPath()
        let store = try Self.open(path, historyDays: 30)
        let presence = PresenceEvent(
            time: Self.at(0), client: ClientID(1), room: "#math", roomKey: "#math", nick: "ana", address: "10.0.0.1", kind: .join)
        store.enqueue([
            .transcript(Self.line("velho", 0)), .presence(presence), .transcript(Self.line("novo", 20 * 86_400)),
            .audit(AuditEntry(at: Self.start, actor: "prof", action: "kick")),
        ])
        store.close()
        #expect(try Self.count(path, "SELECT count(*) FROM transcript") == 2)
        // Forty days later, with 30 days kept: the first line and the join are gone.
        try Self.open(path, historyDays: 30, now: Self.at(40 * 86_400)).close()
        #expect(try Self.count(path, "SELECT count(*) FROM transcript") == 1)
        #expect(try Self.count(path, "SELECT count(*) FROM presence") == 0)
        try Self.open(path, historyDays: 0).close()
        #expect(try Self.count(path, "SELECT count(*) FROM transcript") == 0)
        // The audit is not transcript: it stays.
        #expect(try Self.count(path, "SELECT count(*) FROM audit") == 1)
    }

    @Test("when the database refuses writes: one error for the outage, records kept and written once it accepts them")
    func outage() async throws {
        let path = try Self.temporaryPath()
        let log = CollectedLog()
        let store = try Self.open(path, log: log)
        store.enqueue([.transcript(Self.line("antes", 0))])
        try await eventually("the first row") { try Self.count(path, "SELECT count(*) FROM transcript") == 1 }
        try store.refuseWrites(true)
        for index in 1...5 {
            store.enqueue([.transcript(Self.line("durante \(index)", Double(index)))])
        }
        try await eventually("the outage to be noticed") { store.isFailing }
        // Several retries fail, but the operator is told once.
        try await eventually("a few more retries") { store.queuedCount == 5 && store.failedWrites >= 4 }
        #expect(log.messages(atLeast: .warning).count == 1)
        #expect(log.messages(atLeast: .error).first?.hasPrefix("cannot write the database: attempt to write a readonly database") == true)
        #expect(try Self.count(path, "SELECT count(*) FROM transcript") == 1)
        try store.refuseWrites(false)
        try await eventually("writes to resume") { try Self.count(path, "SELECT count(*) FROM transcript") == 6 }
        try await eventually("the resumption to be logged") { log.messages(atLeast: .warning).count == 2 }
        #expect(log.messages(atLeast: .warning).last == "database writes resumed")
        store.close()
        let stored = try Self.open(path).load()
        #expect(stored.recentLines.map(\.text) == ["durante 4", "durante 5"])
    }

    @Test("the queue is bounded during an outage: the oldest transcript rows go first, and the count is told")
    func boundedQueue() async throws {
        let path = try Self.temporaryPath()
        let log = CollectedLog()
        let store = try Self.open(path, log: log, maxQueued: 10)
        try store.refuseWrites(true)
        store.enqueue([.bans(BanList())] + (0..<30).map { .transcript(Self.line("m\($0)", Double($0))) })
        try await eventually("the outage") { store.isFailing && store.queuedCount == 10 }
        try store.refuseWrites(false)
        try await eventually("writes to resume") { !store.isFailing && store.queuedCount == 0 }
        store.close()
        let answer = try await Self.open(path).fetch(.transcript(roomKey: "#math", since: nil, until: nil))
        guard case .transcript(let lines) = answer else { return }
        #expect(lines.map(\.text) == (21..<30).map { "m\($0)" })
        #expect(
            log.messages(atLeast: .warning).dropFirst() == [
                "the database is still not writable and 10 records wait: the oldest transcript lines are being dropped",
                "database writes resumed; 21 older records were dropped meanwhile",
            ])
    }

    @Test("a path that cannot be a database fails to open, with the reason")
    func cannotOpen() throws {
        let directory = try Self.temporaryPath()
        // The database path is a directory: no user, root included, can open it as a file.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(throws: (any Error).self) { try Self.open(directory) }
    }
}

/// What both stores must give back as written: bans, grants, room settings, audit, server
/// settings and recent lines, with later records replacing earlier ones.
struct RoundTripFixture {
    let start = SQLiteStoreTests.start
    let ban: BanList.Ban
    let blockBan: BanList.Ban
    let grant: OpGrant
    let topic: Room.Topic
    /// The second chat line's text (a store may be tried with quotes in it).
    let lineText: String

    init(lineText: String, topicText: String = "Aula 3") {
        self.ban = BanList.Ban(
            target: .nick(key: "rui", display: "Rui"), by: "prof", at: self.start, until: SQLiteStoreTests.at(3600),
            reason: "cola")
        self.blockBan = BanList.Ban(
            target: .address(AddressBlock("10.0.0.0/24")!), by: "operator", at: self.start, until: nil, reason: nil)
        self.grant = OpGrant(nickKey: "bob", nick: "Bob", address: "10.0.0.2", by: "prof", at: self.start)
        self.topic = Room.Topic(text: topicText, setBy: "prof", setAt: self.start)
        self.lineText = lineText
    }

    var records: [StoreRecord] {
        [
            .bans(BanList(bans: [self.ban])),
            .bans(BanList(bans: [self.ban, self.blockBan])),
            .opGrants([self.grant]),
            .roomSettings(RoomSettings(room: "#Math", roomKey: "#math", topic: self.topic, isQuiet: true, slowSeconds: 10)),
            .roomSettings(RoomSettings(room: "#art", roomKey: "#art", topic: nil, isQuiet: false, slowSeconds: 5)),
            .roomSettings(RoomSettings(room: "#art", roomKey: "#art", topic: nil, isQuiet: false, slowSeconds: 0)),
            .audit(AuditEntry(at: self.start, actor: "prof", action: "ban", target: "Rui", reason: "cola")),
            .serverSetting(key: "privacy", value: "teacher"),
            .serverSetting(key: "privacy", value: "off"),
            .transcript(SQLiteStoreTests.line("um", 1)),
            .transcript(SQLiteStoreTests.line(self.lineText, 2)),
            .transcript(SQLiteStoreTests.line("alguém entrou", 3, kind: .notice)),
            .transcript(SQLiteStoreTests.line("três", 4, kind: .action)),
            .transcript(SQLiteStoreTests.line("olá", 5, room: "#art")),
        ]
    }

    func check(_ stored: StoredState, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(stored.bans.bans == [self.ban, self.blockBan], sourceLocation: sourceLocation)
        #expect(stored.opGrants == [self.grant], sourceLocation: sourceLocation)
        #expect(
            stored.roomSettings
                == [RoomSettings(room: "#Math", roomKey: "#math", topic: self.topic, isQuiet: true, slowSeconds: 10)],
            sourceLocation: sourceLocation)
        #expect(
            stored.audit == [AuditEntry(at: self.start, actor: "prof", action: "ban", target: "Rui", reason: "cola")],
            sourceLocation: sourceLocation)
        #expect(stored.recentLines.map(\.text) == [self.lineText, "três", "olá"], sourceLocation: sourceLocation)
        #expect(stored.recentLines.first?.time == SQLiteStoreTests.at(2), sourceLocation: sourceLocation)
        #expect(stored.serverSettings == ["privacy": "off"], "the last value written", sourceLocation: sourceLocation)
    }
}

/// Replay's choice, the same for both stores: three rooms interleaved over 60 days, with
/// notices (never replayed) and actions, and lines older than the 30 days of history kept.
struct ReplayFixture {
    let historyDays = 30
    let replay = 3
    static let day = 86_400.0
    static let rooms = ["#a", "#b", "#c"]

    static func kind(_ index: Int) -> TranscriptKind { index % 5 == 4 ? .notice : (index % 7 == 6 ? .action : .chat) }
    /// Line `index` is 59 - index days before the stores' clock (`SQLiteStoreTests.start`).
    static func secondsFromStart(_ index: Int) -> TimeInterval { -Double(59 - index) * Self.day }

    var records: [StoreRecord] {
        (0..<60).map { index in
            let room = Self.rooms[index % 3]
            return .transcript(
                SQLiteStoreTests.line("\(room) \(index)", Self.secondsFromStart(index), room: room, kind: Self.kind(index)))
        }
    }

    /// Each room's newest three chat or action lines inside the history, in the order written.
    var expected: [String] {
        var chosen: [Int] = []
        var perRoom: [String: Int] = [:]
        for index in (0..<60).reversed()
        where Self.kind(index) != .notice && Self.secondsFromStart(index) >= -Double(self.historyDays) * Self.day {
            let room = Self.rooms[index % 3]
            if perRoom[room, default: 0] < self.replay {
                perRoom[room, default: 0] += 1
                chosen.append(index)
            }
        }
        return chosen.sorted().map { "\(Self.rooms[$0 % 3]) \($0)" }
    }
}
