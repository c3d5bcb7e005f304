import Foundation
import PapoCore
import PostgresNIO

/// The PostgreSQL tables: the same versioned migrations as `StoreSchema` (the same names, in
/// the same order), kept in `papo_schema_migrations`, and the mapping between rows and
/// PapoCore's values. Times are seconds since 1970 (`double precision`), as in SQLite.
enum PostgresSchema {
    struct Migration {
        let version: Int
        let name: String
        /// One statement each: the extended protocol takes one at a time.
        let statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "v1: transcript, presence, bans, op grants, room settings, audit",
            statements: [
                """
                CREATE TABLE transcript (
                    id BIGSERIAL PRIMARY KEY, time DOUBLE PRECISION NOT NULL, room TEXT NOT NULL,
                    room_key TEXT NOT NULL, nick TEXT, kind TEXT NOT NULL, text TEXT NOT NULL, connection TEXT)
                """,
                "CREATE INDEX transcript_by_room ON transcript(room_key, time)",
                "CREATE INDEX transcript_by_time ON transcript(time)",
                """
                CREATE TABLE presence (
                    id BIGSERIAL PRIMARY KEY, time DOUBLE PRECISION NOT NULL, connection TEXT NOT NULL,
                    room TEXT NOT NULL, room_key TEXT NOT NULL, nick TEXT NOT NULL, address TEXT NOT NULL,
                    kind TEXT NOT NULL)
                """,
                "CREATE INDEX presence_by_time ON presence(time)",
                """
                CREATE TABLE bans (
                    target_kind TEXT NOT NULL, target_key TEXT NOT NULL, target TEXT NOT NULL, by TEXT NOT NULL,
                    at DOUBLE PRECISION NOT NULL, until DOUBLE PRECISION, reason TEXT,
                    PRIMARY KEY (target_kind, target_key))
                """,
                """
                CREATE TABLE op_grants (
                    nick_key TEXT PRIMARY KEY, nick TEXT NOT NULL, address TEXT NOT NULL, by TEXT NOT NULL,
                    at DOUBLE PRECISION NOT NULL)
                """,
                """
                CREATE TABLE room_settings (
                    room_key TEXT PRIMARY KEY, room TEXT NOT NULL, topic TEXT, topic_by TEXT,
                    topic_at DOUBLE PRECISION, quiet BOOLEAN NOT NULL, slow_seconds INTEGER NOT NULL)
                """,
                """
                CREATE TABLE audit (
                    id BIGSERIAL PRIMARY KEY, time DOUBLE PRECISION NOT NULL, actor TEXT NOT NULL,
                    action TEXT NOT NULL, target TEXT, reason TEXT)
                """,
            ]),
        Migration(version: 2, name: "v2: transcript without the time index", statements: ["DROP INDEX transcript_by_time"]),
        Migration(
            version: 3, name: "v3: server settings",
            statements: ["CREATE TABLE server_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"]),
        Migration(
            version: 4, name: "v4: line numbers", statements: ["ALTER TABLE transcript ADD COLUMN line_number BIGINT"]),
        // PostgreSQL's own: what several nodes share (`PostgresChatLog`). The head row's lock
        // orders appends; a sequence would number them in the order they ask, not commit.
        Migration(
            version: 5, name: "v5: the chat log several nodes share",
            statements: [
                """
                CREATE TABLE chat_log (
                    sequence BIGINT PRIMARY KEY, node TEXT NOT NULL, written_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                    payload BYTEA NOT NULL)
                """,
                """
                CREATE TABLE chat_log_head (
                    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row), last_sequence BIGINT NOT NULL)
                """,
                "INSERT INTO chat_log_head (last_sequence) VALUES (0)",
            ]),
        // The log's clock lives in the head row, so an append's time is taken under the same
        // lock as its numbers and never runs backwards along the log (`PostgresChatLog`). A
        // node number is taken at every start; a plain sequence suits it, since gaps do no
        // harm there. The secret is drawn by PostgreSQL, once, so every node reads the same
        // one: `gen_random_uuid` is built in (PostgreSQL 13+) and strongly random, and the
        // first 8 hex digits of a version-4 UUID are all random bits (the version and variant
        // bits come later), so two of them make 64.
        Migration(
            version: 6, name: "v6: the cluster's clock, node numbers and secret",
            statements: [
                "ALTER TABLE chat_log_head ADD COLUMN last_micros BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE chat_log ADD COLUMN at_micros BIGINT NOT NULL DEFAULT 0",
                "CREATE SEQUENCE cluster_node_number",
                """
                CREATE TABLE cluster_secret (
                    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row), secret BIGINT NOT NULL)
                """,
                """
                INSERT INTO cluster_secret (secret)
                VALUES (('x' || left(gen_random_uuid()::text, 8) || left(gen_random_uuid()::text, 8))::bit(64)::bigint)
                """,
            ]),
        // The chat as it was after entry `sequence` of the log: a starting node loads the
        // latest and follows the log from there, and the log before it can go.
        Migration(
            version: 7, name: "v7: checkpoints of the shared chat",
            statements: [
                """
                CREATE TABLE chat_checkpoints (
                    sequence BIGINT PRIMARY KEY, node TEXT NOT NULL, written_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                    snapshot BYTEA NOT NULL)
                """
            ]),
    ]

    /// Taken for the length of a migration, so nodes starting together migrate once.
    static let migrationLock: Int64 = 0x5041_504F_0001

    // MARK: Writing

    static let transcriptColumns = 8
    /// Rows per transcript insert: well under the protocol's 65,535 parameters.
    static let transcriptRowsPerStatement = 500

    /// One multi-row insert for `lines` (at most `transcriptRowsPerStatement`).
    static func transcriptInsert(_ lines: ArraySlice<TranscriptLine>, run: String) -> PostgresQuery {
        var binds = PostgresBindings(capacity: lines.count * Self.transcriptColumns)
        var rows: [String] = []
        rows.reserveCapacity(lines.count)
        for line in lines {
            let first = binds.count
            binds.append(line.time.timeIntervalSince1970)
            binds.append(line.room)
            binds.append(line.roomKey)
            binds.append(line.nick)
            binds.append(line.kind.rawValue)
            binds.append(line.text)
            binds.append(line.client.map { StoreSchema.connection(run: run, client: $0) })
            binds.append(line.number.map(Int64.init))
            rows.append("(" + (1...Self.transcriptColumns).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
        }
        return PostgresQuery(
            unsafeSQL: "INSERT INTO transcript (time, room, room_key, nick, kind, text, connection, line_number) VALUES "
                + rows.joined(separator: ", "),
            binds: binds)
    }

    /// The statements that write one record other than a transcript line, in order.
    static func statements(for record: StoreRecord, run: String) -> [PostgresQuery] {
        switch record {
        case .transcript(let line):
            return [Self.transcriptInsert([line], run: run)]
        case .presence(let event):
            return [
                """
                INSERT INTO presence (time, connection, room, room_key, nick, address, kind)
                VALUES (\(event.time.timeIntervalSince1970), \(StoreSchema.connection(run: run, client: event.client)),
                \(event.room), \(event.roomKey), \(event.nick), \(event.address), \(event.kind.rawValue))
                """
            ]
        case .bans(let list):
            var queries: [PostgresQuery] = ["DELETE FROM bans"]
            for ban in list.bans {
                let (kind, key) = StoreSchema.targetKey(ban.target)
                queries.append(
                    """
                    INSERT INTO bans (target_kind, target_key, target, by, at, until, reason)
                    VALUES (\(kind), \(key), \(ban.target.description), \(ban.by), \(ban.at.timeIntervalSince1970),
                    \(ban.until?.timeIntervalSince1970), \(ban.reason))
                    ON CONFLICT (target_kind, target_key) DO UPDATE SET target = excluded.target, by = excluded.by,
                    at = excluded.at, until = excluded.until, reason = excluded.reason
                    """)
            }
            return queries
        case .opGrants(let grants):
            var queries: [PostgresQuery] = ["DELETE FROM op_grants"]
            for grant in grants {
                queries.append(
                    """
                    INSERT INTO op_grants (nick_key, nick, address, by, at)
                    VALUES (\(grant.nickKey), \(grant.nick), \(grant.address), \(grant.by), \(grant.at.timeIntervalSince1970))
                    ON CONFLICT (nick_key) DO UPDATE SET nick = excluded.nick, address = excluded.address,
                    by = excluded.by, at = excluded.at
                    """)
            }
            return queries
        case .roomSettings(let settings):
            if settings.isDefault {
                return ["DELETE FROM room_settings WHERE room_key = \(settings.roomKey)"]
            }
            return [
                """
                INSERT INTO room_settings (room_key, room, topic, topic_by, topic_at, quiet, slow_seconds)
                VALUES (\(settings.roomKey), \(settings.room), \(settings.topic?.text), \(settings.topic?.setBy),
                \(settings.topic?.setAt.timeIntervalSince1970), \(settings.isQuiet), \(Int32(clamping: settings.slowSeconds)))
                ON CONFLICT (room_key) DO UPDATE SET room = excluded.room, topic = excluded.topic,
                topic_by = excluded.topic_by, topic_at = excluded.topic_at, quiet = excluded.quiet,
                slow_seconds = excluded.slow_seconds
                """
            ]
        case .audit(let entry):
            return [
                """
                INSERT INTO audit (time, actor, action, target, reason)
                VALUES (\(entry.at.timeIntervalSince1970), \(entry.actor), \(entry.action), \(entry.target), \(entry.reason))
                """
            ]
        case .clearing(let tombstone):
            return [
                "DELETE FROM transcript WHERE room_key = \(tombstone.roomKey)",
                Self.transcriptInsert([tombstone], run: run),
            ]
        case .removal(let removal):
            return [
                """
                UPDATE transcript SET kind = 'removed', nick = NULL, connection = NULL, text = \(removal.tombstone)
                WHERE line_number = \(Int64(removal.number)) AND room_key = \(removal.roomKey)
                """
            ]
        case .serverSetting(let key, let value):
            return [
                """
                INSERT INTO server_settings (key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """
            ]
        }
    }

    // MARK: Reading

    static func date(_ row: PostgresRandomAccessRow, _ column: String) throws -> Date {
        Date(timeIntervalSince1970: try row[column].decode(Double?.self) ?? 0)
    }

    static func optionalDate(_ row: PostgresRandomAccessRow, _ column: String) throws -> Date? {
        try row[column].decode(Double?.self).map { Date(timeIntervalSince1970: $0) }
    }

    static func text(_ row: PostgresRandomAccessRow, _ column: String) throws -> String? {
        try row[column].decode(String?.self)
    }

    static func ban(_ row: PostgresRandomAccessRow) throws -> BanList.Ban? {
        let key = try Self.text(row, "target_key") ?? ""
        let shown = try Self.text(row, "target") ?? key
        let target: BanList.Target
        switch try Self.text(row, "target_kind") {
        case "nick": target = .nick(key: key, display: shown)
        case "address":
            guard let block = AddressBlock(key) else { return nil }
            target = .address(block)
        default: return nil
        }
        return BanList.Ban(
            target: target, by: try Self.text(row, "by") ?? "?", at: try Self.date(row, "at"),
            until: try Self.optionalDate(row, "until"), reason: try Self.text(row, "reason"))
    }

    static func grant(_ row: PostgresRandomAccessRow) throws -> OpGrant {
        OpGrant(
            nickKey: try Self.text(row, "nick_key") ?? "", nick: try Self.text(row, "nick") ?? "",
            address: try Self.text(row, "address") ?? "", by: try Self.text(row, "by") ?? "?", at: try Self.date(row, "at"))
    }

    static func roomSettings(_ row: PostgresRandomAccessRow) throws -> RoomSettings {
        let topic = try Self.text(row, "topic").map { text in
            Room.Topic(text: text, setBy: try Self.text(row, "topic_by") ?? "?", setAt: try Self.date(row, "topic_at"))
        }
        return RoomSettings(
            room: try Self.text(row, "room") ?? "", roomKey: try Self.text(row, "room_key") ?? "", topic: topic,
            isQuiet: try row["quiet"].decode(Bool?.self) ?? false,
            slowSeconds: Int(try row["slow_seconds"].decode(Int32?.self) ?? 0))
    }

    static func transcriptLine(_ row: PostgresRandomAccessRow) throws -> TranscriptLine {
        TranscriptLine(
            time: try Self.date(row, "time"), room: try Self.text(row, "room") ?? "",
            roomKey: try Self.text(row, "room_key") ?? "", nick: try Self.text(row, "nick"),
            kind: TranscriptKind(rawValue: try Self.text(row, "kind") ?? "") ?? .notice, text: try Self.text(row, "text") ?? "",
            number: try row["line_number"].decode(Int64?.self).map(Int.init))
    }

    static func auditEntry(_ row: PostgresRandomAccessRow) throws -> AuditEntry {
        AuditEntry(
            at: try Self.date(row, "time"), actor: try Self.text(row, "actor") ?? "?",
            action: try Self.text(row, "action") ?? "?", target: try Self.text(row, "target"),
            reason: try Self.text(row, "reason"))
    }

    static func attendanceEvent(_ row: PostgresRandomAccessRow) throws -> Attendance.Event? {
        guard let kind = PresenceEvent.Kind(rawValue: try Self.text(row, "kind") ?? "") else { return nil }
        return Attendance.Event(
            time: try Self.date(row, "time"), connection: try Self.text(row, "connection") ?? "",
            roomKey: try Self.text(row, "room_key") ?? "", nick: try Self.text(row, "nick") ?? "",
            address: try Self.text(row, "address") ?? "", kind: kind)
    }
}
