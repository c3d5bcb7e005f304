import Foundation
import GRDB
import GRDBSQLite
import PapoCore

/// The transcript inserts of one write transaction, several rows per statement, bound through
/// SQLite's C interface.
///
/// A chat line is most of what the store writes, one row per line said, and the writer's CPU
/// competes with the event loops for the machine's cores. Through GRDB's `StatementArguments`
/// each row boxed its seven values and cost more reference counting than SQLite spent
/// inserting it; one statement per row paid SQLite's per-statement work (step, reset, the
/// connection's mutex) for every line. So lines are gathered and inserted up to
/// `rowsPerStatement` at a time, binding the cached statement directly; GRDB does the rest.
struct TranscriptInsert {
    static let rowsPerStatement = 32
    private static let columns = 8
    /// SQLite copies the bytes before the bind returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// The insert for 1 to `rowsPerStatement` rows, built once.
    private static let statements = (0...rowsPerStatement).map(Self.sql(rows:))

    private let db: Database
    private let run: String
    /// `RUN/12` for each client seen in this transaction: one string per speaker, not per line.
    private var connectionNames: [ClientID: String] = [:]

    init(db: Database, run: String) {
        self.db = db
        self.run = run
    }

    /// Inserts the transcript lines among `records` (in their order), a statement per
    /// `rowsPerStatement` lines.
    mutating func insert(_ records: ArraySlice<StoreRecord>) throws {
        var chunkStart = records.startIndex
        while chunkStart < records.endIndex {
            let chunkEnd = min(chunkStart + Self.rowsPerStatement, records.endIndex)
            try self.insertChunk(records[chunkStart..<chunkEnd])
            chunkStart = chunkEnd
        }
    }

    private mutating func insertChunk(_ records: ArraySlice<StoreRecord>) throws {
        let statement = try self.db.cachedStatement(sql: Self.statements[records.count])
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        var first: Int32 = 0
        for record in records {
            guard case .transcript(let line) = record else { continue }
            sqlite3_bind_double(handle, first + 1, line.time.timeIntervalSince1970)
            Self.bind(line.room, at: first + 2, in: handle)
            Self.bind(line.roomKey, at: first + 3, in: handle)
            Self.bind(line.nick, at: first + 4, in: handle)
            Self.bind(line.kind.rawValue, at: first + 5, in: handle)
            Self.bind(line.text, at: first + 6, in: handle)
            Self.bind(line.client.map { self.connectionName($0) }, at: first + 7, in: handle)
            if let number = line.number {
                sqlite3_bind_int64(handle, first + 8, Int64(number))
            } else {
                sqlite3_bind_null(handle, first + 8)
            }
            first += Int32(Self.columns)
        }
        guard first == Int32(records.count * Self.columns) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "a record that is not a transcript line", sql: statement.sql)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(self.db.sqliteConnection)),
                sql: statement.sql)
        }
    }

    private mutating func connectionName(_ client: ClientID) -> String {
        if let name = self.connectionNames[client] { return name }
        let name = StoreSchema.connection(run: self.run, client: client)
        self.connectionNames[client] = name
        return name
    }

    static func sql(rows: Int) -> String {
        let row = "(?, ?, ?, ?, ?, ?, ?, ?)"
        return "INSERT INTO transcript (time, room, room_key, nick, kind, text, connection, line_number) VALUES "
            + repeatElement(row, count: rows).joined(separator: ", ")
    }

    private static func bind(_ text: String?, at index: Int32, in handle: OpaquePointer) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }
}
