@preconcurrency import CReadline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The readline history file: loaded at start, appended to per accepted line, saved at stop.
///
/// readline keeps history in process-global state, so only the console's readline thread (or a
/// serialized test) may call the methods below; the type is Sendable so that it can be handed to
/// ``Console``, and it holds nothing mutable itself.
public final class HistoryStore: Sendable {
    /// Where the history is kept, usually ``HistoryPolicy/defaultPath(fileName:environment:)``.
    public let path: String
    /// What is kept and how much.
    public let policy: HistoryPolicy

    public init(path: String, policy: HistoryPolicy = .init()) {
        self.path = path
        self.policy = policy
    }

    /// Replaces readline's in-memory history with the file's last ``HistoryPolicy/maxEntries``
    /// lines. A missing file is an empty history.
    func load() {
        Self.startInMemory(policy: self.policy)
        _ = read_history(self.path)
    }

    /// Adds `line` to the in-memory history if the policy keeps it after the newest entry.
    func record(_ line: String) {
        Self.record(line, policy: self.policy)
    }

    /// The in-memory history, oldest first.
    func entries() -> [String] {
        Self.entries()
    }

    /// Empties readline's history and caps it, for a console that keeps history in memory only.
    static func startInMemory(policy: HistoryPolicy) {
        clear_history()
        stifle_history(Int32(clamping: max(policy.maxEntries, 0)))
    }

    /// Adds `line` to readline's history if `policy` keeps it after the newest entry.
    static func record(_ line: String, policy: HistoryPolicy) {
        guard policy.maxEntries > 0, policy.shouldStore(line, previous: self.entries().last) else {
            return
        }
        add_history(line)
    }

    /// readline's in-memory history, oldest first.
    static func entries() -> [String] {
        guard let list = history_list() else {
            return []
        }
        var entries: [String] = []
        var index = 0
        while let entry = list[index] {
            entries.append(entry.pointee.line.map { String(cString: $0) } ?? "")
            index += 1
        }
        return entries
    }

    /// Empties the in-memory history.
    func clear() {
        clear_history()
    }

    /// Writes the in-memory history to ``path``, capped at ``HistoryPolicy/maxEntries`` lines.
    ///
    /// The directory is created with mode 0700 and the file is forced to 0600 after writing,
    /// because history holds private messages. Returns false when the file could not be written.
    @discardableResult
    func save() -> Bool {
        self.createParentDirectories()
        let descriptor = open(self.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            return false
        }
        close(descriptor)
        let written = write_history(self.path) == 0
        _ = history_truncate_file(self.path, Int32(clamping: max(self.policy.maxEntries, 0)))
        _ = chmod(self.path, 0o600)
        return written
    }

    /// `mkdir -p` of the file's directory, each new level with mode 0700.
    private func createParentDirectories() {
        var directory = self.path.hasPrefix("/") ? "" : "."
        for component in self.path.split(separator: "/").dropLast() {
            directory += "/" + component
            _ = mkdir(directory, 0o700)
        }
    }
}
