import Foundation
import GRDB
import Logging
import PapoCore

/// papod's store on one machine: one SQLite file in WAL mode, through GRDB.
///
/// Records reach the file through a `StoreWriter` (batches on a thread of its own, kept and
/// retried while the file cannot be written), so `kill -9` loses at most the records of the
/// last interval. Reads (`fetch`, for export and attendance) use WAL's concurrent readers
/// beside the writer.
public final class SQLiteStore: ChatStore, Sendable {
    @dynamicMemberLookup
    public struct Configuration: Sendable {
        /// The database file.
        public var path: String
        public var settings: StoreSettings

        public init(path: String, settings: StoreSettings = StoreSettings()) {
            self.path = path
            self.settings = settings
        }

        public subscript<Value>(dynamicMember keyPath: WritableKeyPath<StoreSettings, Value>) -> Value {
            get { self.settings[keyPath: keyPath] }
            set { self.settings[keyPath: keyPath] = newValue }
        }
    }

    public static let fileName = "papo.sqlite"

    public let configuration: Configuration
    /// Names this run of papod, so connections (`RUN/c12`) stay apart across restarts.
    public let run: String
    private let pool: DatabasePool
    private let writer: StoreWriter

    /// Opens (creating if needed) and migrates the database, prunes old rows, and starts the writer.
    public init(configuration: Configuration, logger: Logger) throws {
        var options = GRDB.Configuration()
        options.label = "papo"
        options.busyMode = .timeout(5)
        options.prepareDatabase { db in
            // With WAL, NORMAL loses nothing a crash of papod could; only a power cut may lose
            // the last transactions.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Inserts append to the tables' ends and reads are rare: a small page cache per
            // connection (SQLite's default is 2 MiB) keeps papod's memory for the chat.
            try db.execute(sql: "PRAGMA cache_size = -512")
        }
        let pool = try DatabasePool(path: configuration.path, configuration: options)
        try StoreSchema.migrator.migrate(pool)
        let run = "r\(Int64((configuration.now().timeIntervalSince1970 * 1000).rounded()))"
        try Self.prune(pool, recording: configuration.recording, now: configuration.now())
        self.configuration = configuration
        self.pool = pool
        self.run = run
        self.writer = StoreWriter(
            settings: configuration.settings.writer,
            database: StoreWriter.Database(
                write: { batch in try Self.write(batch, run: run, to: pool) },
                prune: { try Self.prune(pool, recording: configuration.recording, now: configuration.now()) },
                describe: Self.describe,
                metadata: ["store.path": "\(configuration.path)"]),
            logger: logger)
    }

    // MARK: Reading back

    /// What papod restores at startup: bans, grants, room settings, recent lines, audit.
    public func load() throws -> StoredState {
        let recording = self.configuration.recording
        let now = self.configuration.now()
        return try self.pool.read { db in
            var state = StoredState()
            state.bans = BanList(bans: try Row.fetchAll(db, sql: "SELECT * FROM bans ORDER BY at").compactMap(StoreSchema.ban))
            state.opGrants = try Row.fetchAll(db, sql: "SELECT * FROM op_grants ORDER BY nick_key").map(StoreSchema.grant)
            state.roomSettings = try Row.fetchAll(db, sql: "SELECT * FROM room_settings ORDER BY room_key")
                .map(StoreSchema.roomSettings)
            if recording.isTranscriptOn && recording.replayLines > 0 {
                let oldest = now.addingTimeInterval(-Double(recording.historyDays) * 86_400)
                state.recentLines = try Self.recentLines(db, since: oldest, perRoom: recording.replayLines)
            }
            state.lastLineNumber = try Self.lastLineNumber(db)
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM server_settings") {
                state.serverSettings[row["key"]] = row["value"] as String
            }
            state.audit = try Row.fetchAll(
                db, sql: "SELECT * FROM (SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id",
                arguments: [self.configuration.auditCapacity]
            ).map(StoreSchema.auditEntry)
            return state
        }
    }

    /// The number of the newest numbered line. Rows are inserted in the order the chat numbers
    /// them, so it is the first numbered row from the end of the table, found by walking back
    /// from the newest rowid: `max(line_number)` read the whole transcript (0.3 s at 3.2
    /// million lines), and an index on the number would cost every insert.
    static func lastLineNumber(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: Self.lastLineNumberSQL) ?? 0
    }

    static let lastLineNumberSQL = "SELECT line_number FROM transcript WHERE line_number IS NOT NULL ORDER BY id DESC LIMIT 1"

    /// The last `perRoom` chat and action lines of each room since `oldest`, in id order.
    ///
    /// Read through the `(room_key, time)` index room by room: each room's first key is found
    /// from the previous one's (a loose index scan) and its newest lines read backwards, so a
    /// start costs the same with a semester's transcript as with a day's. A window over the
    /// whole table had papod silent for tens of seconds at start with a few million lines.
    static func recentLines(_ db: Database, since oldest: Date, perRoom: Int) throws -> [TranscriptLine] {
        let roomKeys = try String.fetchAll(
            db,
            sql: """
                WITH RECURSIVE rooms(room_key) AS (
                    SELECT min(room_key) FROM transcript
                    UNION ALL
                    SELECT (SELECT min(room_key) FROM transcript WHERE room_key > rooms.room_key)
                    FROM rooms WHERE rooms.room_key IS NOT NULL)
                SELECT room_key FROM rooms WHERE room_key IS NOT NULL
                """)
        let newest = try db.cachedStatement(
            sql: """
                SELECT * FROM transcript
                WHERE room_key = ? AND time >= ? AND kind IN ('chat', 'action')
                ORDER BY time DESC, id DESC LIMIT ?
                """)
        var rows: [Row] = []
        for roomKey in roomKeys {
            rows += try Row.fetchAll(newest, arguments: [roomKey, oldest.timeIntervalSince1970, perRoom])
        }
        rows.sort { ($0["id"] as Int64) < ($1["id"] as Int64) }
        return rows.map(StoreSchema.transcriptLine)
    }

    public func fetch(_ query: StoreQuery) async throws -> StoreQueryResult {
        let run = self.run
        return try await self.pool.read { db in
            switch query {
            case .transcript(let roomKey, let since, let until):
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM transcript WHERE room_key = ? AND time >= ? AND time < ? ORDER BY id",
                    arguments: [
                        roomKey, since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude,
                        until?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude,
                    ])
                return .transcript(rows.map(StoreSchema.transcriptLine))
            case .attendance(let roomKey, let since):
                let roomFilter = roomKey == nil ? "" : " AND room_key = ?"
                var arguments: StatementArguments = []
                if let roomKey { arguments += [roomKey] }
                let events = try Row.fetchAll(
                    db, sql: "SELECT * FROM presence WHERE 1 = 1\(roomFilter) ORDER BY id", arguments: arguments
                ).compactMap(StoreSchema.attendanceEvent)
                arguments += [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude]
                var messages: [String: Int] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT connection, count(*) AS messages FROM transcript
                        WHERE kind IN ('chat', 'action') AND connection IS NOT NULL\(roomFilter) AND time >= ?
                        GROUP BY connection
                        """,
                    arguments: arguments)
                {
                    if let connection = row["connection"] as String? {
                        messages[connection] = row["messages"] as Int? ?? 0
                    }
                }
                return .attendance(events: events, messages: messages, currentRun: run)
            }
        }
    }

    // MARK: Writing

    public func enqueue(_ records: [StoreRecord]) {
        self.writer.enqueue(records)
    }

    /// Writes what is queued and stops the writer. Later records are dropped.
    public func close() {
        self.writer.close()
    }

    /// Whether the last write failed (the database cannot be written now).
    public var isFailing: Bool { self.writer.isFailing }

    /// Write attempts that failed since the store opened.
    public var failedWrites: Int { self.writer.failedWrites }

    /// Records waiting to be written.
    public var queuedCount: Int { self.writer.queuedCount }

    public var statistics: StoreStatistics { self.writer.statistics }

    /// For tests: makes the database refuse writes (`PRAGMA query_only`), as a read-only file
    /// or a full disk does, or lets it write again. Works as root too, which file modes do not.
    public func refuseWrites(_ refuse: Bool) throws {
        try self.pool.barrierWriteWithoutTransaction { db in
            try db.execute(sql: "PRAGMA query_only = \(refuse ? 1 : 0)")
        }
    }

    /// The writer's priority now (for tests and diagnostics).
    public var writerPriority: WriterPriority { self.writer.writerPriority }

    /// The writer's thread id, once it runs (for tests that ask the system how it is scheduled).
    var writerThreadID: Int32? { self.writer.writerThreadID }

    private static func write(_ batch: [StoreRecord], run: String, to pool: DatabasePool) throws {
        try pool.write { db in
            // Each run of consecutive transcript lines shares statements; other records are
            // written between runs, so rows keep the queue's order.
            var transcript = TranscriptInsert(db: db, run: run)
            var runStart = batch.startIndex
            for index in batch.indices {
                if case .transcript = batch[index] { continue }
                try transcript.insert(batch[runStart..<index])
                try StoreSchema.write(batch[index], run: run, in: db)
                runStart = index + 1
            }
            try transcript.insert(batch[runStart...])
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }

    /// Deletes transcript and presence rows older than the history kept (all of them with 0 days).
    func prune() throws {
        try Self.prune(self.pool, recording: self.configuration.recording, now: self.configuration.now())
    }

    private static func prune(_ pool: DatabasePool, recording: RecordingSettings, now: Date) throws {
        let oldest = now.addingTimeInterval(-Double(recording.historyDays) * 86_400)
        let limit = recording.isTranscriptOn ? oldest.timeIntervalSince1970 : Double.greatestFiniteMagnitude
        try pool.write { db in
            // Rows are in time order by id (one writer, the server's clock): delete the ids
            // before the first row still kept. Only the rows deleted are read, with no index
            // on time for every insert to maintain.
            try db.execute(
                sql: """
                    DELETE FROM transcript WHERE id < coalesce(
                        (SELECT id FROM transcript WHERE time >= ? ORDER BY id LIMIT 1),
                        (SELECT max(id) + 1 FROM transcript))
                    """,
                arguments: [limit])
            try db.execute(sql: "DELETE FROM presence WHERE time < ?", arguments: [limit])
        }
    }
}
