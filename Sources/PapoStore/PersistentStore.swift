import PapoCore

/// What papod asks of its store, whichever database holds it: SQLite in the data directory,
/// or PostgreSQL (`--database`).
public protocol PersistentStore: ChatStore {
    /// What papod restores at startup: bans, grants, room settings, recent lines, audit.
    func load() throws -> StoredState
    /// Writes what is queued and stops writing.
    func close()
}

extension SQLiteStore: PersistentStore {}
extension PostgresStore: PersistentStore {}
