/// Decides which lines are kept in history and where the history file lives.
///
/// Kept apart from ``HistoryStore`` so that the rules are pure and unit-tested without readline.
public struct HistoryPolicy: Sendable, Equatable {
    /// The most lines kept, in memory and in the file.
    public var maxEntries: Int
    /// Commands whose lines carry secrets (a password) and are never stored, compared
    /// case-insensitively and exactly as written (so `"/login"` and `"login"` are both listed).
    public var secretPrefixes: [String]

    public init(maxEntries: Int = 1000, secretPrefixes: [String] = ["/login", "login"]) {
        self.maxEntries = maxEntries
        self.secretPrefixes = secretPrefixes
    }

    /// Whether `line` should be added after `previous`, the newest stored entry.
    ///
    /// Blank lines are noise; a leading space is the shell convention for "don't remember this";
    /// a repeat of the previous entry only makes the up arrow slower; secrets must not reach disk.
    public func shouldStore(_ line: String, previous: String?) -> Bool {
        if line.allSatisfy(\.isWhitespace) || line.hasPrefix(" ") || line == previous {
            return false
        }
        return !self.isSecret(line)
    }

    /// Whether `line` starts with a secret prefix followed by whitespace or the end of the line.
    func isSecret(_ line: String) -> Bool {
        let folded = line.lowercased()
        return self.secretPrefixes.contains { prefix in
            let foldedPrefix = prefix.lowercased()
            guard !foldedPrefix.isEmpty, folded.hasPrefix(foldedPrefix) else {
                return false
            }
            return folded.dropFirst(foldedPrefix.count).first.map(\.isWhitespace) ?? true
        }
    }

    /// The history file path: `$XDG_STATE_HOME/papo/<fileName>` when `XDG_STATE_HOME` is an
    /// absolute path, else `$HOME/.local/state/papo/<fileName>`.
    ///
    /// The XDG base directory spec says relative values must be ignored. Without `HOME` the path
    /// is relative to the working directory, which is still better than failing to start.
    public static func defaultPath(fileName: String, environment: [String: String]) -> String {
        let base: String
        if let stateHome = environment["XDG_STATE_HOME"], stateHome.hasPrefix("/") {
            base = stateHome
        } else if let home = environment["HOME"], !home.isEmpty {
            base = Self.trimmingTrailingSlashes(home) + "/.local/state"
        } else {
            base = ".local/state"
        }
        return Self.trimmingTrailingSlashes(base) + "/papo/" + fileName
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.hasSuffix("/") {
            path = path.dropLast()
        }
        return String(path)
    }
}
