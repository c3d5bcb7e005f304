import Foundation
import LineEditor
import PapoTLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes ``KnownServers`` at a path: the thin I/O layer under the pure type.
///
/// The file says which servers the user vouched for, so it is private (mode 0600, in a 0700
/// directory, like ssh's), and it is replaced by a rename so that a crash mid-write leaves the
/// old file rather than half a new one.
public struct KnownServersFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_STATE_HOME/papo/known_servers`, else `~/.local/state/papo/known_servers`, beside
    /// papo's history.
    public static func defaultPath(environment: [String: String]) -> String {
        HistoryPolicy.defaultPath(fileName: "known_servers", environment: environment)
    }

    /// The file's entries; none when there is no file yet.
    public func load() throws -> KnownServers {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: self.path))
            return KnownServers(parsing: String(decoding: data, as: UTF8.self))
        } catch {
            if access(self.path, F_OK) != 0 && errno == ENOENT { return KnownServers() }
            throw Failure(message: "cannot read \(self.path): \(error.localizedDescription)")
        }
    }

    /// Writes `servers`, creating missing directories with mode 0700 and the file with 0600.
    public func save(_ servers: KnownServers) throws {
        self.createParentDirectories()
        let temporary = self.path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("cannot write", temporary) }
        let bytes = Array(servers.text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                close(descriptor)
                unlink(temporary)
                throw Self.failure("cannot write", temporary)
            }
            written += count
        }
        // The umask may have narrowed 0600; never let it have widened an existing file's mode.
        _ = fchmod(descriptor, 0o600)
        guard fsync(descriptor) == 0 || errno == EINVAL, close(descriptor) == 0 else {
            unlink(temporary)
            throw Self.failure("cannot write", temporary)
        }
        guard rename(temporary, self.path) == 0 else {
            unlink(temporary)
            throw Self.failure("cannot replace", self.path)
        }
    }

    /// Loads, remembers `fingerprint` for `server`, and saves.
    public func remember(_ fingerprint: CertificateFingerprint, for server: String) throws {
        var servers = try self.load()
        servers.remember(fingerprint, for: server)
        try self.save(servers)
    }

    /// Loads, forgets `server`, and saves if anything was forgotten; returns what was.
    public func forget(_ server: String) throws -> [CertificateFingerprint] {
        var servers = try self.load()
        let forgotten = servers.forget(server)
        if !forgotten.isEmpty { try self.save(servers) }
        return forgotten
    }

    /// `mkdir -p` of the file's directory, each new level with mode 0700.
    private func createParentDirectories() {
        var directory = self.path.hasPrefix("/") ? "" : "."
        for component in self.path.split(separator: "/").dropLast() {
            directory += "/" + component
            _ = mkdir(directory, 0o700)
        }
    }

    private static func failure(_ what: String, _ path: String) -> Failure {
        Failure(message: "\(what) \(path): \(String(cString: strerror(errno)))")
    }

    /// Why the file could not be read or written, in one line.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String

        public var description: String { self.message }
    }
}
