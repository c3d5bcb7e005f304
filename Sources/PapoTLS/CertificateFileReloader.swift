import Crypto
import Foundation
import Logging
import NIOCertificateReloading
import NIOSSL
import ServiceLifecycle
import NIOConcurrencyHelpers

/// Serves the certificate and key files the operator named, and picks up renewed ones without a restart: every
/// `checkInterval` it reads both files, and when either differs from the last pair it looked at, it checks the new
/// pair with `TLSCertificateFiles` and, if good, hands it to the next handshake. A bad pair (a renewal copied key
/// last, a typo) is logged once at warning and the previous pair stays in service until the files change again.
///
/// Install it with `ServerTLS.makeConfiguration(reloader:)` and run it in the `ServiceGroup`.
public final class CertificateFileReloader: CertificateReloader, Service, Sendable {
    /// What a check found.
    public enum CheckResult: Sendable, Equatable {
        /// Both files hold what they held at the last check.
        case unchanged
        /// A new pair is being served.
        case reloaded(CertificateSummary)
        /// The files changed but cannot be served; the previous pair still is.
        case failed(TLSFileError)
    }

    /// What a file held when it was last read: its SHA-256, or why it could not be read. Comparing contents rather
    /// than modification times notices a rewrite within the file system's timestamp granularity, and ignores a
    /// `touch`.
    private enum FileState: Equatable {
        case contents(SHA256Digest)
        case unreadable(TLSFileError)
    }

    private struct Snapshot: Equatable {
        var certificate: FileState
        var key: FileState
    }

    public let certificatePath: String
    public let keyPath: String
    public let checkInterval: Duration
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// The pair being served. Handshakes read it; only `check` replaces it, inside `lastSeen`'s lock.
    private let current: NIOLockedValueBox<LoadedCertificate>
    /// The files as last examined, good or bad. Its lock also serialises checks, so a `reloadNow()` and the timer
    /// never load at once and install pairs out of order.
    private let lastSeen: NIOLockedValueBox<Snapshot>

    /// - Parameters:
    ///   - certificatePath: PEM chain, leaf first.
    ///   - keyPath: PEM private key.
    ///   - initial: The pair already loaded from these paths at start-up (papod loads it first so that a bad pair
    ///     stops it with the error before it listens). A difference between it and the files now is noticed at the
    ///     first check.
    ///   - checkInterval: How often `run()` looks at the files.
    ///   - logger: Told at notice about a reload and at warning about a refused pair.
    ///   - now: The time a new pair must be valid at; tests pass a fixed one.
    public init(
        certificatePath: String,
        keyPath: String,
        initial: LoadedCertificate,
        checkInterval: Duration = .seconds(5),
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.checkInterval = checkInterval
        self.logger = logger
        self.now = now
        self.current = NIOLockedValueBox(initial)
        self.lastSeen = NIOLockedValueBox(
            Snapshot(
                certificate: Self.fileState(certificatePath, role: .certificate),
                key: Self.fileState(keyPath, role: .key)
            )
        )
    }

    /// The pair being served now.
    public var currentCertificate: LoadedCertificate {
        self.current.withLockedValue { $0 }
    }

    /// The summary of the pair being served now.
    public var currentSummary: CertificateSummary {
        self.current.withLockedValue { $0.summary }
    }

    /// Read by NIOSSL at every handshake (through the callback `setCertificateReloader` installs).
    public var sslContextConfigurationOverride: NIOSSLContextConfigurationOverride {
        self.current.withLockedValue { $0.configurationOverride }
    }

    /// Checks the files every `checkInterval` until the task is cancelled or graceful shutdown begins.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while true {
                do {
                    try await Task.sleep(for: self.checkInterval)
                } catch {
                    return
                }
                self.checkForChanges()
            }
        }
    }

    /// One check: loads the files only if either differs from the last time they were looked at, so a bad pair is
    /// refused (and logged) once, not at every interval.
    @discardableResult
    public func checkForChanges() -> CheckResult {
        self.check(force: false)
    }

    /// Loads the files now even if they look unchanged, and serves them if they are good.
    @discardableResult
    public func reloadNow() throws(TLSFileError) -> CertificateSummary {
        switch self.check(force: true) {
        case .reloaded(let summary):
            return summary
        case .failed(let error):
            throw error
        case .unchanged:
            // `force` always loads; kept for exhaustiveness.
            return self.currentSummary
        }
    }

    private func check(force: Bool) -> CheckResult {
        self.lastSeen.withLockedValue { lastSeen in
            let certificate = Self.read(self.certificatePath, role: .certificate)
            let key = Self.read(self.keyPath, role: .key)
            let snapshot = Snapshot(certificate: certificate.state, key: key.state)
            guard force || snapshot != lastSeen else { return .unchanged }
            lastSeen = snapshot

            let loaded: LoadedCertificate
            do throws(TLSFileError) {
                loaded = try TLSCertificateFiles.parse(
                    certificatePEM: certificate.bytes.get(),
                    keyPEM: key.bytes.get(),
                    certificatePath: self.certificatePath,
                    keyPath: self.keyPath,
                    now: self.now(),
                    source: .files
                )
            } catch {
                self.logger.warning(
                    "TLS certificate not reloaded; still serving the previous one",
                    metadata: [
                        "tls.error": "\(error)",
                        "tls.fingerprint": "\(self.currentSummary.fingerprint)",
                    ]
                )
                return .failed(error)
            }
            let previous = self.current.withLockedValue { current in
                let previous = current.summary
                current = loaded
                return previous
            }
            self.logger.notice(
                "TLS certificate reloaded",
                metadata: [
                    "tls.fingerprint": "\(loaded.summary.fingerprint)",
                    "tls.previous_fingerprint": "\(previous.fingerprint)",
                    "tls.expires": "\(loaded.summary.notAfter.utcMinuteText)",
                ]
            )
            return .reloaded(loaded.summary)
        }
    }

    private static func read(
        _ path: String,
        role: TLSFileError.Role
    ) -> (bytes: Result<[UInt8], TLSFileError>, state: FileState) {
        do throws(TLSFileError) {
            let bytes = try TLSFileAccess.contents(of: path, role: role)
            return (.success(bytes), .contents(SHA256.hash(data: bytes)))
        } catch {
            return (.failure(error), .unreadable(error))
        }
    }

    private static func fileState(_ path: String, role: TLSFileError.Role) -> FileState {
        Self.read(path, role: role).state
    }
}
