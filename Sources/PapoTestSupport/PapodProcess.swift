import Foundation

/// The built papod binary run as a subprocess on a free port.
public enum PapodProcess {
    /// The package's root directory, found from this source file.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PapoTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// The papod executable next to the test bundle (`swift test` builds it).
    public static func executable() throws -> URL {
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("papod"))
        }
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0])
        candidates.append(argument0.deletingLastPathComponent().appendingPathComponent("papod"))
        candidates.append(argument0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("papod"))
        candidates.append(Self.packageRoot.appendingPathComponent(".build/debug/papod"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw PapodNotFoundError(searched: candidates.map(\.path))
    }

    /// Starts papod on 127.0.0.1 and a free port, and returns it with the port it logged;
    /// with `descriptorLimit`, papod may open at most that many files (through the shell's
    /// `ulimit -n`, which then `exec`s papod: the process is papod itself).
    public static func start(
        arguments: [String] = [],
        environment: [String: String] = [:],
        dataDirectory: URL = PapodProcess.temporaryDataDirectory(),
        descriptorLimit: Int? = nil
    ) async throws -> (process: ChildProcess, port: Int) {
        var executable = try Self.executable()
        var arguments = ["--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--https-port", "0", "--irc-port", "0", "--ircs-port", "0", "--data-dir", dataDirectory.path] + arguments
        if let descriptorLimit {
            arguments = ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", executable.path] + arguments
            executable = URL(fileURLWithPath: "/bin/sh")
        }
        // English unless a test asks otherwise, whatever the locale the tests run in; an empty
        // PAPOD_LANGUAGE lets papod follow the locale the test gives.
        let environment = ["PAPOD_LANGUAGE": "en"].merging(environment) { $1 }
        let process = try ChildProcess(executable: executable, arguments: arguments, environment: environment)
        do {
            try await process.waitForOutput(containing: "listening on")
        } catch {
            process.kill()
            throw error
        }
        guard let port = Self.listeningPort(in: process.standardError) else {
            process.kill()
            throw PapodNotFoundError(searched: ["no port in: \(process.standardError)"])
        }
        return (process, port)
    }

    /// papod started as `start` does, with TLS `arguments` (`--tls-port`, and `--tls-cert` with
    /// `--tls-key` or `--tls-self-signed`): also waits for the TLS door and returns its port and
    /// the certificate fingerprint papod logged.
    public static func startWithTLS(
        arguments: [String],
        environment: [String: String] = [:],
        dataDirectory: URL = PapodProcess.temporaryDataDirectory()
    ) async throws -> (process: ChildProcess, port: Int, tlsPort: Int, fingerprint: String) {
        let (process, port) = try await Self.start(
            arguments: arguments, environment: environment, dataDirectory: dataDirectory)
        do {
            try await process.waitForOutput(containing: "listening for TLS on")
        } catch {
            process.kill()
            throw error
        }
        let log = process.standardError
        guard let tlsPort = Self.tlsListeningPort(in: log), let fingerprint = Self.loggedFingerprint(in: log) else {
            process.kill()
            throw PapodNotFoundError(searched: ["no TLS port or fingerprint in: \(log)"])
        }
        return (process, port, tlsPort, fingerprint)
    }

    /// A fresh directory name under the temporary directory, not yet created.
    public static func temporaryDataDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("papod-test-\(UUID().uuidString)")
    }

    /// The papoctl executable, beside papod.
    public static func papoctl() throws -> URL {
        try Self.executable().deletingLastPathComponent().appendingPathComponent("papoctl")
    }

    /// The papo client executable, beside papod.
    public static func papo() throws -> URL {
        try Self.executable().deletingLastPathComponent().appendingPathComponent("papo")
    }

    /// The port in papod's `papod listening for TLS on HOST:PORT` line.
    public static func tlsListeningPort(in log: String) -> Int? {
        Self.listeningPort(in: log, after: "listening for TLS on ")
    }

    /// The fingerprint in papod's `TLS certificate SHA256 fingerprint AB:CD:…` line, as papo
    /// and `papoctl tls` write it.
    public static func loggedFingerprint(in log: String) -> String? {
        guard let range = log.range(of: "TLS certificate SHA256 fingerprint ") else { return nil }
        let fingerprint = log[range.upperBound...].prefix { $0 == ":" || $0.isHexDigit }
        return fingerprint.isEmpty ? nil : String(fingerprint)
    }

    /// The port in papod's `papod listening on HOST:PORT` line.
    public static func listeningPort(in log: String) -> Int? {
        Self.listeningPort(in: log, after: "listening on ")
    }

    /// The port in the line of papod's log where `words` (`listening for IRC on `, `serving the
    /// web client on `) come before `HOST:PORT`.
    public static func listeningPort(in log: String, after words: String) -> Int? {
        guard let range = log.range(of: words) else { return nil }
        let rest = log[range.upperBound...].prefix { $0 != "\n" }
        guard let colon = rest.lastIndex(of: ":") else { return nil }
        return Int(rest[rest.index(after: colon)...].prefix { $0.isNumber })
    }
}

public struct PapodNotFoundError: Error, CustomStringConvertible {
    public let searched: [String]
    public var description: String { "papod executable not found; looked at \(self.searched)" }
}
