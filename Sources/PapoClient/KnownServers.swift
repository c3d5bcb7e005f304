import PapoTLS

/// The servers whose certificates the user chose to trust, as ssh's `known_hosts` keeps host
/// keys: the contents of `known_servers`, read and written with no I/O so the rules are tested
/// on strings (``KnownServersFile`` does the reading and writing).
///
/// The file is text, one server a line:
///
///     # comments and blank lines are kept as they are
///     school.example:5051 AB:CD:…:EF
///     [fd00::7]:5051 01:23:…:89
///
/// Each entry is the server as `HOST:PORT` (an IPv6 host in brackets, the host in lower case),
/// one or more spaces or tabs, then the SHA-256 fingerprint of the certificate's DER bytes as
/// papod logs it and `openssl x509 -fingerprint -sha256` prints it. Only certificates accepted
/// at the `Trust this server?` question are written: one signed by a certificate authority needs
/// no entry. A line that is not a comment and not an entry is kept but ignored, so a hand edit
/// gone wrong costs that line only, never the file.
public struct KnownServers: Sendable, Equatable {
    /// One line of the file.
    public enum Line: Sendable, Equatable {
        case entry(server: String, fingerprint: CertificateFingerprint)
        /// A comment, a blank line, or a line that could not be read (kept verbatim).
        case other(String)
    }

    /// Written at the top of a new file, so whoever opens it knows what it is.
    public static let header = [
        "# papo's known servers: the TLS certificates you chose to trust, as ssh keeps host keys.",
        "# One line per server: HOST:PORT SHA256-FINGERPRINT (as papod logs it and `papoctl tls` shows it).",
        "# Remove a line with `papo --forget-server HOST:PORT`, or by hand.",
    ]

    public private(set) var lines: [Line]

    public init(lines: [Line] = []) {
        self.lines = lines
    }

    /// Reads the file's text; never fails, since a bad line must not lock anyone out.
    public init(parsing text: String) {
        var lines: [Line] = []
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        if rows.last == "" { rows.removeLast() }
        for row in rows {
            let line = row.hasSuffix("\r") ? String(row.dropLast()) : String(row)
            lines.append(Self.parseLine(line))
        }
        self.lines = lines
    }

    private static func parseLine(_ line: String) -> Line {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 2, !fields[0].hasPrefix("#"), fields[0].contains(":"),
            let fingerprint = CertificateFingerprint(String(fields[1]))
        else {
            return .other(line)
        }
        return .entry(server: String(fields[0]).lowercased(), fingerprint: fingerprint)
    }

    /// The 1-based numbers of the lines that are neither entries, comments nor blank: worth a
    /// note to the user, who may have meant one of them as an entry.
    public var malformedLineNumbers: [Int] {
        self.lines.enumerated().compactMap { index, line in
            guard case .other(let text) = line else { return nil }
            let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
            return trimmed.isEmpty || trimmed.hasPrefix("#") ? nil : index + 1
        }
    }

    /// The fingerprint remembered for `server` (a ``ServerAddress/knownServersKey``); the
    /// first, should a hand edit have left two.
    public func fingerprint(for server: String) -> CertificateFingerprint? {
        for case .entry(let name, let fingerprint) in self.lines where name == server {
            return fingerprint
        }
        return nil
    }

    /// Remembers `fingerprint` for `server`: in place of its first entry, dropping any others,
    /// or appended at the end (after the header, in a new file).
    public mutating func remember(_ fingerprint: CertificateFingerprint, for server: String) {
        let entry = Line.entry(server: server, fingerprint: fingerprint)
        guard let first = self.lines.firstIndex(where: { $0.server == server }) else {
            if self.lines.isEmpty { self.lines = Self.header.map(Line.other) }
            self.lines.append(entry)
            return
        }
        self.lines[first] = entry
        var index = self.lines.count - 1
        while index > first {
            if self.lines[index].server == server { self.lines.remove(at: index) }
            index -= 1
        }
    }

    /// Forgets every entry for `server`; returns the fingerprints it had.
    @discardableResult
    public mutating func forget(_ server: String) -> [CertificateFingerprint] {
        var forgotten: [CertificateFingerprint] = []
        self.lines.removeAll { line in
            guard case .entry(let name, let fingerprint) = line, name == server else { return false }
            forgotten.append(fingerprint)
            return true
        }
        return forgotten
    }

    /// The file's text: every line as read, entries in the canonical form, one newline each.
    public var text: String {
        self.lines.map { line in
            switch line {
            case .entry(let server, let fingerprint): "\(server) \(fingerprint)\n"
            case .other(let text): text + "\n"
            }
        }.joined()
    }
}

extension KnownServers.Line {
    /// The server of an entry; nil for any other line.
    fileprivate var server: String? {
        guard case .entry(let server, _) = self else { return nil }
        return server
    }
}
