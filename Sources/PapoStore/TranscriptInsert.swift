import Foundation
import GRDB
import GRDBSQLite
import PapoCore

/// The transcript insert, bound through SQLite's C interface.
///
/// A chat line is most of what the store writes, one row per line said. Through GRDB's
/// `StatementArguments` each row boxed its seven values and cost more reference counting than
/// SQLite spent inserting it (perf on fan-out: the writer thread used a quarter of papod's
/// CPU). Binding the cached statement directly keeps GRDB for everything else.
enum TranscriptInsert {
    /// SQLite copies the bytes before the bind returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func run(_ statement: Statement, line: TranscriptLine, run: String, in db: Database) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        sqlite3_bind_double(handle, 1, line.time.timeIntervalSince1970)
        Self.bind(line.room, at: 2, in: handle)
        Self.bind(line.roomKey, at: 3, in: handle)
        Self.bind(line.nick, at: 4, in: handle)
        Self.bind(line.kind.rawValue, at: 5, in: handle)
        Self.bind(line.text, at: 6, in: handle)
        Self.bind(line.client.map { StoreSchema.connection(run: run, client: $0) }, at: 7, in: handle)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: statement.sql)
        }
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
