import Foundation
import GRDB
import Logging
import PapoCore

/// papod's store: one SQLite file in WAL mode, through GRDB.
///
/// The chat hands records over with `enqueue`, a lock and an append. A thread of the store's
/// own takes what is queued every `flushInterval` (or sooner when `batchSize` records wait) and
/// writes it in one transaction, so no event loop and no chat lock ever waits on the disk, and
/// `kill -9` loses at most the records of the last interval. Reads (`fetch`, for export and
/// attendance) use WAL's concurrent readers beside the writer.
///
/// When the database cannot be written (read-only, disk full) the batch is kept and retried;
/// the operator is told once per outage, and again when writes resume. The queue is bounded:
/// past `maxQueuedRecords` the oldest transcript and presence records are dropped (and counted).
public final class SQLiteStore: ChatStore, Sendable {
    public struct Configuration: Sendable {
        /// The database file.
        public var path: String
        public var recording: RecordingSettings
        /// Longest wait before queued records are written.
        public var flushInterval: TimeInterval
        /// Queued records that are written without waiting for the interval.
        public var batchSize: Int
        /// Records kept queued while the database cannot be written.
        public var maxQueuedRecords: Int
        /// Wait before retrying a failed write.
        public var retryInterval: TimeInterval
        /// How often transcript rows older than `recording.historyDays` are deleted.
        public var pruneInterval: TimeInterval
        /// The most audit entries read back at startup.
        public var auditCapacity: Int
        /// When the writer leaves idle-only CPU time to catch up (see `WriterPriority`).
        public var catchUp: WriterPriority.Policy
        public var now: @Sendable () -> Date

        public init(
            path: String,
            recording: RecordingSettings = RecordingSettings(),
            flushInterval: TimeInterval = 0.25,
            batchSize: Int = 1000,
            maxQueuedRecords: Int = 200_000,
            retryInterval: TimeInterval = 1,
            pruneInterval: TimeInterval = 3600,
            auditCapacity: Int = 10_000,
            catchUp: WriterPriority.Policy = WriterPriority.Policy(catchUpRecords: 4000, catchUpWait: .seconds(1)),
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.path = path
            self.recording = recording
            self.flushInterval = flushInterval
            self.batchSize = batchSize
            self.maxQueuedRecords = maxQueuedRecords
            self.retryInterval = retryInterval
            self.pruneInterval = pruneInterval
            self.auditCapacity = auditCapacity
            self.catchUp = catchUp
            self.now = now
        }
    }

    public static let fileName = "papo.sqlite"

    public let configuration: Configuration
    /// Names this run of papod, so connections (`RUN/c12`) stay apart across restarts.
    public let run: String
    private let pool: DatabasePool
    private let logger: Logger
    private let queue: WriteQueue
    private let finished = DispatchSemaphore(value: 0)

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
        self.configuration = configuration
        self.pool = pool
        self.logger = logger
        self.run = "r\(Int64((configuration.now().timeIntervalSince1970 * 1000).rounded()))"
        self.queue = WriteQueue()
        try self.prune()
        let thread = Thread { [self] in self.writeLoop() }
        thread.start()
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
                state.recentLines = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM (
                            SELECT *, row_number() OVER (PARTITION BY room_key ORDER BY id DESC) AS position
                            FROM transcript WHERE kind IN ('chat', 'action') AND time >= ?)
                        WHERE position <= ? ORDER BY id
                        """,
                    arguments: [oldest.timeIntervalSince1970, recording.replayLines]
                ).map(StoreSchema.transcriptLine)
            }
            state.lastLineNumber = try Int.fetchOne(db, sql: "SELECT max(line_number) FROM transcript") ?? 0
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
        guard !records.isEmpty else { return }
        self.queue.append(records, batchSize: self.configuration.batchSize)
    }

    /// Writes what is queued and stops the writer. Later records are dropped.
    public func close() {
        guard self.queue.stop() else { return }
        self.finished.wait()
    }

    /// Whether the last write failed (the database cannot be written now).
    public var isFailing: Bool { self.queue.withLock { $0.isFailing } }

    /// Write attempts that failed since the store opened.
    public var failedWrites: Int { self.queue.withLock { $0.failedWrites } }

    /// Records waiting to be written.
    public var queuedCount: Int { self.queue.withLock { $0.pending.count } }

    public var statistics: StoreStatistics {
        self.queue.withLock {
            StoreStatistics(
                queued: $0.pending.count, batchesWritten: $0.batchesWritten, writeSeconds: $0.writeSeconds,
                failedWrites: $0.failedWrites)
        }
    }

    /// For tests: makes the database refuse writes (`PRAGMA query_only`), as a read-only file
    /// or a full disk does, or lets it write again. Works as root too, which file modes do not.
    public func refuseWrites(_ refuse: Bool) throws {
        try self.pool.barrierWriteWithoutTransaction { db in
            try db.execute(sql: "PRAGMA query_only = \(refuse ? 1 : 0)")
        }
    }

    /// The writer's priority now (for tests and diagnostics).
    public var writerPriority: WriterPriority { self.queue.withLock { $0.writerPriority } }

    /// The writer's thread id, once it runs (for tests that ask the system how it is scheduled).
    var writerThreadID: Int32? { self.queue.withLock { $0.writerThreadID } }

    private func writeLoop() {
        WriterThread.setName("papo-store")
        // Idle-only time where the writer may leave it again; nice 10 throughout otherwise.
        let mayUseIdleTime = WriterThread.prepare()
        var priority = WriterPriority.catchingUp
        if mayUseIdleTime {
            priority = self.setWriterPriority(.background, from: priority)
        }
        // Published once the thread is set up: read during `prepare` it would show its trial
        // step to nice 9.
        self.queue.withLock { $0.writerThreadID = WriterThread.id }
        var nextPrune = self.configuration.now().addingTimeInterval(self.configuration.pruneInterval)
        var lostOnStop = 0
        while true {
            let (batch, isStopping, queuedAt) = self.queue.take(
                flushInterval: self.configuration.flushInterval, retryInterval: self.configuration.retryInterval,
                batchSize: self.configuration.batchSize)
            if mayUseIdleTime {
                let waited = queuedAt.map { ContinuousClock.now - $0 } ?? .zero
                let next = self.configuration.catchUp.next(after: batch.count, oldestWaited: waited, current: priority)
                priority = self.setWriterPriority(next, from: priority)
            }
            if !batch.isEmpty {
                do {
                    let started = ContinuousClock.now
                    try self.write(batch)
                    let took = ContinuousClock.now - started
                    self.queue.withLock {
                        $0.batchesWritten += 1
                        $0.writeSeconds += Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
                    }
                    self.noteSuccess(count: batch.count)
                } catch {
                    self.noteFailure(error, batch: batch, queuedAt: queuedAt)
                    if isStopping {
                        lostOnStop = self.queue.withLock { state in
                            defer { state.pending = [] }
                            return state.pending.count
                        }
                    }
                }
            }
            let now = self.configuration.now()
            if now >= nextPrune {
                nextPrune = now.addingTimeInterval(self.configuration.pruneInterval)
                try? self.prune()
            }
            if isStopping && self.queue.withLock({ $0.pending.isEmpty }) { break }
        }
        if lostOnStop > 0 {
            self.logger.error(
                "papod stops with \(lostOnStop) records it could not write to the database",
                metadata: ["store.path": "\(self.configuration.path)"])
        }
        self.finished.signal()
    }

    /// Puts the writer thread (the caller) at `priority`; returns the priority it has after.
    private func setWriterPriority(_ priority: WriterPriority, from current: WriterPriority) -> WriterPriority {
        guard priority != current else { return current }
        guard WriterThread.apply(priority) else {
            self.logger.debug("the store writer's priority could not be changed", metadata: ["store.priority": "\(priority)"])
            return current
        }
        self.queue.withLock { $0.writerPriority = priority }
        return priority
    }

    private func write(_ batch: [StoreRecord]) throws {
        let run = self.run
        try self.pool.write { db in
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

    private func noteSuccess(count: Int) {
        let recovered = self.queue.withLock { state -> (dropped: Int, wasFailing: Bool) in
            defer {
                state.isFailing = false
                state.dropped = 0
            }
            return (state.dropped, state.isFailing)
        }
        if recovered.wasFailing {
            let lost = recovered.dropped > 0 ? "; \(recovered.dropped) older records were dropped meanwhile" : ""
            self.logger.warning(
                "database writes resumed\(lost)", metadata: ["store.path": "\(self.configuration.path)"])
        }
    }

    private func noteFailure(_ error: any Error, batch: [StoreRecord], queuedAt: ContinuousClock.Instant?) {
        let (isNewOutage, beganDropping) = self.queue.requeue(
            batch, queuedAt: queuedAt, bound: self.configuration.maxQueuedRecords)
        if isNewOutage {
            self.logger.error(
                "cannot write the database: \(Self.describe(error)); chat goes on, records are kept in memory (at most \(self.configuration.maxQueuedRecords)) and retried",
                metadata: ["store.path": "\(self.configuration.path)"])
        }
        if beganDropping {
            self.logger.warning(
                "the database is still not writable and \(self.configuration.maxQueuedRecords) records wait: the oldest transcript lines are being dropped",
                metadata: ["store.path": "\(self.configuration.path)"])
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
        let recording = self.configuration.recording
        let oldest = self.configuration.now().addingTimeInterval(-Double(recording.historyDays) * 86_400)
        let limit = recording.isTranscriptOn ? oldest.timeIntervalSince1970 : Double.greatestFiniteMagnitude
        try self.pool.write { db in
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

/// The queue between the chat and the writer thread.
final class WriteQueue: @unchecked Sendable {
    struct State {
        var pending: [StoreRecord] = []
        var isStopping = false
        var isFailing = false
        /// Records dropped during the current outage.
        var dropped = 0
        var failedWrites = 0
        var batchesWritten = 0
        var writeSeconds = 0.0
        /// When the oldest record in `pending` was queued.
        var oldestQueuedAt: ContinuousClock.Instant?
        var writerPriority = WriterPriority.catchingUp
        var writerThreadID: Int32?
    }

    // Guards `state`; @unchecked Sendable because every access holds it.
    private let condition = NSCondition()
    private var state = State()

    func withLock<T>(_ body: (inout State) -> T) -> T {
        self.condition.lock()
        defer { self.condition.unlock() }
        return body(&self.state)
    }

    /// Called under the chat lock: an append, and a wake-up only when the writer has work.
    func append(_ records: [StoreRecord], batchSize: Int) {
        self.condition.lock()
        guard !self.state.isStopping else {
            self.condition.unlock()
            return
        }
        let wasEmpty = self.state.pending.isEmpty
        if wasEmpty {
            self.state.oldestQueuedAt = ContinuousClock.now
        }
        self.state.pending.append(contentsOf: records)
        let isFull = self.state.pending.count >= batchSize
        self.condition.unlock()
        if wasEmpty || isFull {
            self.condition.signal()
        }
    }

    /// Waits until there is something to write and it is time, then takes it all; says too
    /// whether the writer is to stop, and when the oldest record taken was queued.
    func take(
        flushInterval: TimeInterval, retryInterval: TimeInterval, batchSize: Int
    ) -> ([StoreRecord], isStopping: Bool, queuedAt: ContinuousClock.Instant?) {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.state.pending.isEmpty && !self.state.isStopping {
            // Wakes now and then even when idle, so pruning runs.
            _ = self.condition.wait(until: Date().addingTimeInterval(60))
        }
        let deadline = Date().addingTimeInterval(self.state.isFailing ? retryInterval : flushInterval)
        while !self.state.isStopping && (self.state.isFailing || self.state.pending.count < batchSize) {
            if !self.condition.wait(until: deadline) { break }
        }
        defer {
            self.state.pending = []
            self.state.oldestQueuedAt = nil
        }
        return (self.state.pending, self.state.isStopping, self.state.oldestQueuedAt)
    }

    /// Puts a batch that could not be written back in front, dropping the oldest transcript and
    /// presence records beyond `bound`. Says whether this begins an outage, and whether it
    /// is the outage's first drop.
    func requeue(
        _ batch: [StoreRecord], queuedAt: ContinuousClock.Instant?, bound: Int
    ) -> (isNewOutage: Bool, beganDropping: Bool) {
        self.condition.lock()
        defer { self.condition.unlock() }
        if let queuedAt {
            self.state.oldestQueuedAt = queuedAt
        }
        let isNew = !self.state.isFailing
        let droppedBefore = self.state.dropped
        self.state.isFailing = true
        self.state.failedWrites += 1
        var all = batch + self.state.pending
        var excess = all.count - bound
        if excess > 0 {
            // Bans, grants, settings and audit are small and matter more: drop chat first.
            all.removeAll { record in
                guard excess > 0 else { return false }
                switch record {
                case .transcript, .presence:
                    excess -= 1
                    self.state.dropped += 1
                    return true
                default:
                    return false
                }
            }
            if excess > 0 {
                all.removeFirst(excess)
                self.state.dropped += excess
            }
        }
        self.state.pending = all
        return (isNew, droppedBefore == 0 && self.state.dropped > 0)
    }

    /// Asks the writer to write what is queued and stop; false if already asked.
    func stop() -> Bool {
        self.condition.lock()
        let wasStopping = self.state.isStopping
        self.state.isStopping = true
        self.condition.unlock()
        self.condition.broadcast()
        return !wasStopping
    }
}
