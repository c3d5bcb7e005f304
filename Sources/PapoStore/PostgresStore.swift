import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PapoCore
import PostgresNIO

/// papod's store in PostgreSQL (`--database postgres://…`), through postgres-nio: the same
/// records, tables and migrations as `SQLiteStore`, for a school that runs its own database.
///
/// Records reach the database through a `StoreWriter`: batches on a thread of the writer's own,
/// one transaction each, over one connection it opens again when the database comes back. While
/// the database is unreachable the chat goes on and the writer holds what it must write
/// (bounded; the oldest transcript lines dropped first, counted), said once in the log.
public final class PostgresStore: ChatStore, Sendable {
    @dynamicMemberLookup
    public struct Configuration: Sendable {
        public var url: DatabaseURL
        /// From `PGPASSWORD` or a file; nil for trust or peer authentication.
        public var password: String?
        public var settings: StoreSettings
        /// Longest wait for one of the writer's statements: a database that stops answering (a
        /// lost network) fails the batch, which is kept and retried on a new connection.
        public var statementTimeout: TimeInterval

        public init(url: DatabaseURL, password: String?, settings: StoreSettings = StoreSettings(), statementTimeout: TimeInterval = 30) {
            self.url = url
            self.password = password
            self.settings = settings
            self.statementTimeout = statementTimeout
        }

        public subscript<Value>(dynamicMember keyPath: WritableKeyPath<StoreSettings, Value>) -> Value {
            get { self.settings[keyPath: keyPath] }
            set { self.settings[keyPath: keyPath] = newValue }
        }
    }

    public let configuration: Configuration
    /// Names this run of papod, so connections (`RUN/c12`) stay apart across restarts.
    public let run: String
    private let link: PostgresLink
    private let writer: StoreWriter

    /// Connects, migrates the schema, prunes old rows and starts the writer, off the caller's
    /// thread; then what it kept (`load`). Throws a `PostgresStoreError` saying what went wrong
    /// if the database cannot be reached or used.
    public static func open(configuration: Configuration, logger: Logger) async throws -> (PostgresStore, StoredState) {
        try await onOwnThread {
            let store = try PostgresStore(configuration: configuration, logger: logger)
            do {
                return (store, try store.load())
            } catch {
                store.close()
                throw error
            }
        }
    }

    /// Connects, migrates the schema, prunes old rows and starts the writer. Blocks: for a
    /// thread of the caller's own (see `open`).
    public init(configuration: Configuration, logger: Logger) throws {
        let link = try PostgresLink(
            url: configuration.url, password: configuration.password, statementTimeout: configuration.statementTimeout,
            logger: logger)
        do {
            try link.withConnection(isTimed: false) { session in
                try Self.migrate(session)
                try Self.prune(session, recording: configuration.recording, now: configuration.now())
            }
        } catch {
            link.close()
            throw PostgresStoreError(url: configuration.url, reason: Self.describe(error))
        }
        let run = "r\(Int64((configuration.now().timeIntervalSince1970 * 1000).rounded()))"
        self.configuration = configuration
        self.link = link
        self.run = run
        self.writer = StoreWriter(
            settings: configuration.settings.writer,
            database: StoreWriter.Database(
                write: { batch in
                    try link.withConnection { try Self.write(batch, run: run, to: $0) }
                },
                prune: {
                    try link.withConnection {
                        try Self.prune($0, recording: configuration.recording, now: configuration.now())
                    }
                },
                describe: Self.describe,
                metadata: ["store.database": "\(configuration.url)"]),
            logger: logger)
    }

    // MARK: Reading back

    /// What papod restores at startup: bans, grants, room settings, recent lines, audit. Throws
    /// a `PostgresStoreError` saying why it cannot.
    public func load() throws -> StoredState {
        do {
            return try self.loadRows()
        } catch {
            throw PostgresStoreError(url: self.configuration.url, reason: Self.describe(error))
        }
    }

    private func loadRows() throws -> StoredState {
        let recording = self.configuration.recording
        let now = self.configuration.now()
        let auditCapacity = self.configuration.auditCapacity
        return try self.link.withConnection(isTimed: false) { session in
            func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
                try session.run(query).rows.map { $0.makeRandomAccess() }
            }
            var state = StoredState()
            state.bans = BanList(bans: try rows("SELECT * FROM bans ORDER BY at").compactMap(PostgresSchema.ban))
            state.opGrants = try rows("SELECT * FROM op_grants ORDER BY nick_key").map(PostgresSchema.grant)
            state.roomSettings = try rows("SELECT * FROM room_settings ORDER BY room_key").map(PostgresSchema.roomSettings)
            if recording.isTranscriptOn && recording.replayLines > 0 {
                let oldest = now.addingTimeInterval(-Double(recording.historyDays) * 86_400).timeIntervalSince1970
                // Room by room through the (room_key, time) index, each room's key found from the
                // previous one's, as SQLiteStore.recentLines does: a window over the whole
                // transcript made a start as slow as the transcript is long.
                state.recentLines = try rows(
                    """
                    WITH RECURSIVE rooms(room_key) AS (
                        (SELECT room_key FROM transcript ORDER BY room_key LIMIT 1)
                        UNION ALL
                        SELECT (SELECT t.room_key FROM transcript t WHERE t.room_key > rooms.room_key
                                ORDER BY t.room_key LIMIT 1)
                        FROM rooms WHERE rooms.room_key IS NOT NULL)
                    SELECT recent.* FROM rooms CROSS JOIN LATERAL (
                        SELECT * FROM transcript t
                        WHERE t.room_key = rooms.room_key AND t.time >= \(oldest) AND t.kind IN ('chat', 'action')
                        ORDER BY t.time DESC, t.id DESC LIMIT \(Int64(recording.replayLines))) AS recent
                    ORDER BY recent.id
                    """
                ).map(PostgresSchema.transcriptLine)
            }
            state.lastLineNumber = Int(
                try rows("SELECT max(line_number) AS last FROM transcript").first?["last"].decode(Int64?.self) ?? 0)
            for row in try rows("SELECT key, value FROM server_settings") {
                state.serverSettings[try row["key"].decode(String.self)] = try row["value"].decode(String.self)
            }
            state.audit = try rows(
                "SELECT * FROM (SELECT * FROM audit ORDER BY id DESC LIMIT \(Int64(auditCapacity))) AS latest ORDER BY id"
            ).map(PostgresSchema.auditEntry)
            return state
        }
    }

    public func fetch(_ query: StoreQuery) async throws -> StoreQueryResult {
        // Operator reads are rare: each has a connection of its own, beside the writer's.
        let connection = try await self.link.connect()
        defer { Task { try? await connection.close() } }
        let logger = self.link.logger
        func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
            try await connection.query(query, logger: logger).get().rows.map { $0.makeRandomAccess() }
        }
        switch query {
        case .transcript(let roomKey, let since, let until):
            let from = since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude
            let to = until?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude
            return .transcript(
                try await rows(
                    "SELECT * FROM transcript WHERE room_key = \(roomKey) AND time >= \(from) AND time < \(to) ORDER BY id"
                ).map(PostgresSchema.transcriptLine))
        case .attendance(let roomKey, let since):
            let from = since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude
            let events = try await rows(
                "SELECT * FROM presence WHERE \(roomKey)::text IS NULL OR room_key = \(roomKey) ORDER BY id"
            ).compactMap(PostgresSchema.attendanceEvent)
            var messages: [String: Int] = [:]
            for row in try await rows(
                """
                SELECT connection, count(*) AS messages FROM transcript
                WHERE kind IN ('chat', 'action') AND connection IS NOT NULL
                AND (\(roomKey)::text IS NULL OR room_key = \(roomKey)) AND time >= \(from)
                GROUP BY connection
                """)
            {
                if let connection = try row["connection"].decode(String?.self) {
                    messages[connection] = Int(try row["messages"].decode(Int64.self))
                }
            }
            return .attendance(events: events, messages: messages, currentRun: self.run)
        }
    }

    // MARK: Writing

    public func enqueue(_ records: [StoreRecord]) {
        self.writer.enqueue(records)
    }

    /// Writes what is queued, stops the writer and closes the connection.
    public func close() {
        self.writer.close()
        self.link.close()
    }

    /// Whether the last write failed (the database cannot be written now).
    public var isFailing: Bool { self.writer.isFailing }

    /// Records waiting to be written.
    public var queuedCount: Int { self.writer.queuedCount }

    public var statistics: StoreStatistics { self.writer.statistics }

    private static func write(_ batch: [StoreRecord], run: String, to session: PostgresSession) throws {
        try session.run("BEGIN")
        do {
            // Consecutive transcript lines share multi-row inserts; other records are written
            // between them, so rows keep the queue's order.
            var lines: [TranscriptLine] = []
            func flushLines() throws {
                var start = lines.startIndex
                while start < lines.endIndex {
                    let end = min(start + PostgresSchema.transcriptRowsPerStatement, lines.endIndex)
                    try session.run(PostgresSchema.transcriptInsert(lines[start..<end], run: run))
                    start = end
                }
                lines.removeAll(keepingCapacity: true)
            }
            for record in batch {
                if case .transcript(let line) = record {
                    lines.append(line)
                    continue
                }
                try flushLines()
                for query in PostgresSchema.statements(for: record, run: run) {
                    try session.run(query)
                }
            }
            try flushLines()
            try session.run("COMMIT")
        } catch {
            if !session.connection.isClosed {
                _ = try? session.run("ROLLBACK")
            }
            throw error
        }
    }

    /// Applies the migrations this database lacks, in one transaction under an advisory lock, so
    /// that papods starting together on one database migrate it once.
    static func migrate(_ session: PostgresSession) throws {
        try session.run("BEGIN")
        do {
            try session.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))")
            try session.run(
                """
                CREATE TABLE IF NOT EXISTS papo_schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """)
            let applied = Set(
                try session.run("SELECT version FROM papo_schema_migrations").rows
                    .map { try $0.decode(Int32.self) }.map(Int.init))
            for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try session.run(PostgresQuery(unsafeSQL: statement))
                }
                try session.run(
                    "INSERT INTO papo_schema_migrations (version, name) VALUES (\(Int32(migration.version)), \(migration.name))")
            }
            try session.run("COMMIT")
        } catch {
            if !session.connection.isClosed {
                _ = try? session.run("ROLLBACK")
            }
            throw error
        }
    }

    /// Deletes transcript and presence rows older than the history kept (all of them with 0 days).
    private static func prune(_ session: PostgresSession, recording: RecordingSettings, now: Date) throws {
        let oldest = now.addingTimeInterval(-Double(recording.historyDays) * 86_400)
        let limit = recording.isTranscriptOn ? oldest.timeIntervalSince1970 : Double.greatestFiniteMagnitude
        try session.run("DELETE FROM transcript WHERE time < \(limit)")
        try session.run("DELETE FROM presence WHERE time < \(limit)")
    }

    /// An error as the operator reads it: the server's own message where there is one.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message
        }
        if let underlying = error.underlying {
            return "\(error.code): \(underlying)"
        }
        return "\(error.code)"
    }
}

/// The database cannot be used at start-up: which, and why.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let url: DatabaseURL
    public let reason: String

    public var description: String {
        "papod cannot use the database \(self.url): \(self.reason)"
    }
}

/// The writer's connection to PostgreSQL, opened again after the database was lost.
final class PostgresLink: Sendable {
    let logger: Logger
    private let configuration: PostgresConnection.Configuration
    private let statementTimeout: TimeInterval
    private let current = NIOLockedValueBox<PostgresConnection?>(nil)
    private let nextID = NIOLockedValueBox(1)

    init(url: DatabaseURL, password: String?, statementTimeout: TimeInterval = 30, logger: Logger) throws {
        self.logger = logger
        self.statementTimeout = statementTimeout
        self.configuration = try url.connectionConfiguration(password: password)
    }

    /// A new connection of its own (for a read beside the writer).
    func connect() async throws -> PostgresConnection {
        try await self.opening().get()
    }

    private func opening() -> EventLoopFuture<PostgresConnection> {
        let id = self.nextID.withLockedValue { id in
            defer { id += 1 }
            return id
        }
        return PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: self.configuration, id: id, logger: self.logger)
    }

    /// Runs `body` on the writer's connection, opening it first if there is none or it was lost.
    /// Blocks: for the writer's thread and start-up only, never an event loop. `isTimed`: each
    /// statement is bounded by the statement timeout, as the writer's are; opening (migrating,
    /// which may wait for another node's migration, pruning, reading back) is not.
    func withConnection<T>(isTimed: Bool = true, _ body: (PostgresSession) throws -> T) throws -> T {
        let connection: PostgresConnection
        if let open = self.current.withLockedValue({ $0 }), !open.isClosed {
            connection = open
        } else {
            connection = try self.opening().wait()
            self.current.withLockedValue { $0 = connection }
        }
        do {
            return try body(
                PostgresSession(connection: connection, logger: self.logger, timeout: isTimed ? self.statementTimeout : nil))
        } catch {
            if connection.isClosed {
                self.current.withLockedValue { $0 = nil }
            }
            throw error
        }
    }

    func close() {
        if let connection = self.current.withLockedValue({ current in
            defer { current = nil }
            return current
        }) {
            try? connection.close().wait()
        }
    }
}

extension DatabaseURL {
    /// postgres-nio's configuration for this URL: TLS as `sslmode` asks (libpq's meanings).
    public func connectionConfiguration(password: String?) throws -> PostgresConnection.Configuration {
        switch self.endpoint {
        case .socket(let path):
            return PostgresConnection.Configuration(
                unixSocketPath: path, username: self.user, password: password, database: self.database)
        case .tcp(let host, let port):
            var tls = TLSConfiguration.makeClientConfiguration()
            let mode: PostgresConnection.Configuration.TLS
            switch self.tlsMode {
            case .disable:
                mode = .disable
            case .prefer, .require:
                // As libpq's `prefer` and `require`: encrypted, the certificate unchecked.
                tls.certificateVerification = .none
                let context = try NIOSSLContext(configuration: tls)
                mode = self.tlsMode == .prefer ? .prefer(context) : .require(context)
            case .verifyFull:
                mode = .require(try NIOSSLContext(configuration: tls))
            }
            return PostgresConnection.Configuration(
                host: host, port: port, username: self.user, password: password, database: self.database, tls: mode)
        }
    }
}

/// The writer's connection as its statements use it: each blocks the calling thread (never an
/// event loop), for at most `timeout` if there is one.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    let timeout: TimeInterval?

    struct Timeout: Error, CustomStringConvertible {
        let seconds: TimeInterval
        var description: String { "no answer from the database in \(Int(self.seconds)) s" }
    }

    /// Runs `query`. A database that does not answer in time fails it and loses the connection
    /// (its state is unknown), so that the writer opens a new one rather than wait forever.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        guard let seconds = self.timeout else {
            return try self.connection.query(query, logger: self.logger).wait()
        }
        let loop = self.connection.eventLoop
        let promise = loop.makePromise(of: PostgresQueryResult.self)
        let isSettled = NIOLockedValueBox(false)
        let settle: @Sendable (Result<PostgresQueryResult, any Error>) -> Void = { result in
            guard isSettled.withLockedValue({ settled in
                defer { settled = true }
                return !settled
            }) else { return }
            promise.completeWith(result)
        }
        let connection = self.connection
        let timer = loop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
            settle(.failure(Timeout(seconds: seconds)))
            connection.close().whenComplete { _ in }
        }
        connection.query(query, logger: self.logger).whenComplete { result in
            timer.cancel()
            settle(result)
        }
        return try promise.futureResult.wait()
    }
}
