import Foundation
import GRDB
import PapoCore

/// The tables, their versioned migrations, and the mapping between rows and PapoCore's values.
/// Times are seconds since 1970 (REAL): sortable, exact to the microsecond.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Each released schema is a migration; a later change adds one, never edits one.
        migrator.registerMigration("v1: transcript, presence, bans, op grants, room settings, audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE transcript (
                        id INTEGER PRIMARY KEY,
                        time REAL NOT NULL,
                        room TEXT NOT NULL,
                        room_key TEXT NOT NULL,
                        nick TEXT,
                        kind TEXT NOT NULL,
                        text TEXT NOT NULL,
                        connection TEXT
                    );
                    CREATE INDEX transcript_by_room ON transcript(room_key, time);
                    CREATE INDEX transcript_by_time ON transcript(time);
                    CREATE TABLE presence (
                        id INTEGER PRIMARY KEY,
                        time REAL NOT NULL,
                        connection TEXT NOT NULL,
                        room TEXT NOT NULL,
                        room_key TEXT NOT NULL,
                        nick TEXT NOT NULL,
                        address TEXT NOT NULL,
                        kind TEXT NOT NULL
                    );
                    CREATE INDEX presence_by_time ON presence(time);
                    CREATE TABLE bans (
                        target_kind TEXT NOT NULL,
                        target_key TEXT NOT NULL,
                        target TEXT NOT NULL,
                        by TEXT NOT NULL,
                        at REAL NOT NULL,
                        until REAL,
                        reason TEXT,
                        PRIMARY KEY (target_kind, target_key)
                    );
                    CREATE TABLE op_grants (
                        nick_key TEXT PRIMARY KEY,
                        nick TEXT NOT NULL,
                        address TEXT NOT NULL,
                        by TEXT NOT NULL,
                        at REAL NOT NULL
                    );
                    CREATE TABLE room_settings (
                        room_key TEXT PRIMARY KEY,
                        room TEXT NOT NULL,
                        topic TEXT,
                        topic_by TEXT,
                        topic_at REAL,
                        quiet INTEGER NOT NULL,
                        slow_seconds INTEGER NOT NULL
                    );
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        time REAL NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target TEXT,
                        reason TEXT
                    );
                    """)
        }
        // The time index cost every line's insert a second b-tree update; pruning walks the
        // rows in insertion order instead (see `SQLiteStore.prune`), and time ranges are
        // asked per room, which the room index serves.
        migrator.registerMigration("v2: transcript without the time index") { db in
            try db.execute(sql: "DROP INDEX transcript_by_time")
        }
        migrator.registerMigration("v3: server settings") { db in
            try db.execute(sql: "CREATE TABLE server_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        }
        // Chat and action lines' numbers, which `/delete` takes. No index: a removal is rare and
        // may scan; every line's insert would pay for one.
        migrator.registerMigration("v4: line numbers") { db in
            try db.execute(sql: "ALTER TABLE transcript ADD COLUMN line_number INTEGER")
        }
        return migrator
    }

    // MARK: Writing

    static func write(_ record: StoreRecord, run: String, in db: Database) throws {
        switch record {
        case .transcript:
            var insert = TranscriptInsert(db: db, run: run)
            try insert.insert([record])
        case .presence(let event):
            try db.cachedStatement(
                sql: "INSERT INTO presence (time, connection, room, room_key, nick, address, kind) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                event.time.timeIntervalSince1970, Self.connection(run: run, client: event.client), event.room,
                event.roomKey, event.nick, event.address, event.kind.rawValue,
            ])
        case .bans(let list):
            try db.execute(sql: "DELETE FROM bans")
            for ban in list.bans {
                let (kind, key) = Self.targetKey(ban.target)
                try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO bans (target_kind, target_key, target, by, at, until, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"
                ).execute(arguments: [
                    kind, key, ban.target.description, ban.by, ban.at.timeIntervalSince1970,
                    ban.until?.timeIntervalSince1970, ban.reason,
                ])
            }
        case .opGrants(let grants):
            try db.execute(sql: "DELETE FROM op_grants")
            for grant in grants {
                try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO op_grants (nick_key, nick, address, by, at) VALUES (?, ?, ?, ?, ?)"
                ).execute(arguments: [grant.nickKey, grant.nick, grant.address, grant.by, grant.at.timeIntervalSince1970])
            }
        case .roomSettings(let settings):
            if settings.isDefault {
                try db.execute(sql: "DELETE FROM room_settings WHERE room_key = ?", arguments: [settings.roomKey])
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT OR REPLACE INTO room_settings (room_key, room, topic, topic_by, topic_at, quiet, slow_seconds)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    settings.roomKey, settings.room, settings.topic?.text, settings.topic?.setBy,
                    settings.topic?.setAt.timeIntervalSince1970, settings.isQuiet, settings.slowSeconds,
                ])
            }
        case .audit(let entry):
            try db.cachedStatement(
                sql: "INSERT INTO audit (time, actor, action, target, reason) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [entry.at.timeIntervalSince1970, entry.actor, entry.action, entry.target, entry.reason])
        case .clearing(let tombstone):
            try db.execute(sql: "DELETE FROM transcript WHERE room_key = ?", arguments: [tombstone.roomKey])
            var insert = TranscriptInsert(db: db, run: run)
            try insert.insert([.transcript(tombstone)])
        case .removal(let removal):
            try db.cachedStatement(
                sql: "UPDATE transcript SET kind = 'removed', nick = NULL, connection = NULL, text = ? WHERE line_number = ? AND room_key = ?"
            ).execute(arguments: [removal.tombstone, removal.number, removal.roomKey])
        case .serverSetting(let key, let value):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO server_settings (key, value) VALUES (?, ?)")
                .execute(arguments: [key, value])
        }
    }

    /// `RUN/12`: a connection, told apart from the same client id in another run.
    static func connection(run: String, client: ClientID) -> String {
        "\(run)/\(client.rawValue)"
    }

    static func targetKey(_ target: BanList.Target) -> (kind: String, key: String) {
        switch target {
        case .nick(let key, _): return ("nick", key)
        case .address(let block): return ("address", block.description)
        }
    }

    // MARK: Reading

    static func date(_ row: Row, _ column: String) -> Date {
        Date(timeIntervalSince1970: row[column] as Double? ?? 0)
    }

    static func optionalDate(_ row: Row, _ column: String) -> Date? {
        (row[column] as Double?).map { Date(timeIntervalSince1970: $0) }
    }

    static func ban(_ row: Row) -> BanList.Ban? {
        let key = row["target_key"] as String? ?? ""
        let shown = row["target"] as String? ?? key
        let target: BanList.Target
        switch row["target_kind"] as String? {
        case "nick": target = .nick(key: key, display: shown)
        case "address":
            guard let block = AddressBlock(key) else { return nil }
            target = .address(block)
        default: return nil
        }
        return BanList.Ban(
            target: target, by: row["by"] as String? ?? "?", at: Self.date(row, "at"), until: Self.optionalDate(row, "until"),
            reason: row["reason"] as String?)
    }

    static func grant(_ row: Row) -> OpGrant {
        OpGrant(
            nickKey: row["nick_key"] as String? ?? "", nick: row["nick"] as String? ?? "",
            address: row["address"] as String? ?? "", by: row["by"] as String? ?? "?", at: Self.date(row, "at"))
    }

    static func roomSettings(_ row: Row) -> RoomSettings {
        let topic = (row["topic"] as String?).map { text in
            Room.Topic(text: text, setBy: row["topic_by"] as String? ?? "?", setAt: Self.date(row, "topic_at"))
        }
        return RoomSettings(
            room: row["room"] as String? ?? "", roomKey: row["room_key"] as String? ?? "", topic: topic,
            isQuiet: (row["quiet"] as Int? ?? 0) != 0, slowSeconds: row["slow_seconds"] as Int? ?? 0)
    }

    static func transcriptLine(_ row: Row) -> TranscriptLine {
        TranscriptLine(
            time: Self.date(row, "time"), room: row["room"] as String? ?? "", roomKey: row["room_key"] as String? ?? "",
            nick: row["nick"] as String?, kind: TranscriptKind(rawValue: row["kind"] as String? ?? "") ?? .notice,
            text: row["text"] as String? ?? "", number: row["line_number"] as Int?)
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(
            at: Self.date(row, "time"), actor: row["actor"] as String? ?? "?", action: row["action"] as String? ?? "?",
            target: row["target"] as String?, reason: row["reason"] as String?)
    }

    static func attendanceEvent(_ row: Row) -> Attendance.Event? {
        guard let kind = PresenceEvent.Kind(rawValue: row["kind"] as String? ?? "") else { return nil }
        return Attendance.Event(
            time: Self.date(row, "time"), connection: row["connection"] as String? ?? "",
            roomKey: row["room_key"] as String? ?? "", nick: row["nick"] as String? ?? "",
            address: row["address"] as String? ?? "", kind: kind)
    }
}
