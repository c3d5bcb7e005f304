import Foundation
import Logging
import NIOSSL
import PapoTLS
import PapoTestSupport
import ServiceLifecycle
import Synchronization
import Testing
import X509

#if canImport(Glibc)
import Glibc
#endif

@Suite("CertificateFileReloader")
struct CertificateFileReloaderTests {
    /// A directory holding `cert.pem` and `key.pem` for `first`, and a reloader started from them.
    struct Fixture {
        let directory: TemporaryDirectory
        let first: TestIdentity
        let logs = LogRecorder()
        let reloader: CertificateFileReloader

        init(
            checkInterval: Duration = .seconds(5),
            now: @escaping @Sendable () -> Date = { Date() }
        ) throws {
            self.directory = try TemporaryDirectory()
            self.first = try TestIdentity(commonName: "first.papo.test")
            let paths = try self.directory.write(self.first)
            let initial = try TLSCertificateFiles.load(
                certificatePath: paths.certificate,
                keyPath: paths.key,
                now: now()
            )
            self.reloader = CertificateFileReloader(
                certificatePath: paths.certificate,
                keyPath: paths.key,
                initial: initial,
                checkInterval: checkInterval,
                logger: self.logs.logger,
                now: now
            )
        }

        var certificatePath: String { self.directory.path("cert.pem") }
        var keyPath: String { self.directory.path("key.pem") }

        /// The leaf NIOSSL would present at the next handshake.
        func servedLeafDER() throws -> [UInt8]? {
            guard case .certificate(let leaf) = self.reloader.sslContextConfigurationOverride.certificateChain?.first
            else { return nil }
            return try leaf.toDERBytes()
        }

        /// Replaces a file the way deployment tools do: a new file renamed over the old one.
        func replace(_ name: String, with text: String) throws {
            let newPath = try self.directory.write(text, to: name + ".new")
            guard rename(newPath, self.directory.path(name)) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }
    }

    static func fingerprint(_ identity: TestIdentity) -> String {
        CertificateFingerprint(certificateDER: identity.certificateDER).description
    }

    @Test("unchanged files are not loaded again")
    func unchanged() throws {
        let fixture = try Fixture()

        #expect(fixture.reloader.checkForChanges() == .unchanged)
        #expect(fixture.reloader.currentSummary.fingerprint == Self.fingerprint(fixture.first))
        #expect(try fixture.servedLeafDER() == fixture.first.certificateDER)
        #expect(fixture.logs.entries.isEmpty)
    }

    @Test("a new valid pair is served from the next check, and logged at notice")
    func reloadsNewPair() throws {
        let fixture = try Fixture()
        let second = try TestIdentity(kind: .rsa2048, commonName: "second.papo.test")

        // Overwritten in place, key first, as `cp` does.
        try fixture.directory.write(second.keyPEM(.traditional), to: "key.pem")
        try fixture.directory.write(second.certificatePEM, to: "cert.pem")
        let result = fixture.reloader.checkForChanges()

        #expect(result == .reloaded(fixture.reloader.currentSummary))
        #expect(fixture.reloader.currentSummary.fingerprint == Self.fingerprint(second))
        #expect(fixture.reloader.currentSummary.subject == "CN=second.papo.test")
        #expect(try fixture.servedLeafDER() == second.certificateDER)
        let key = try NIOSSLPrivateKey(bytes: Array(second.keyPEM(.pkcs8).utf8), format: .pem)
        #expect(fixture.reloader.sslContextConfigurationOverride.privateKey == .privateKey(key))
        let notices = fixture.logs.entries(at: .notice)
        #expect(notices.map(\.message) == ["TLS certificate reloaded"])
        #expect(notices.first?.metadata["tls.fingerprint"] == Self.fingerprint(second))
        #expect(notices.first?.metadata["tls.previous_fingerprint"] == Self.fingerprint(fixture.first))
        #expect(fixture.reloader.checkForChanges() == .unchanged)
    }

    @Test("a key that does not match keeps the old pair, warns once, and a good pair later is served")
    func keepsOldPairOnBadKey() throws {
        let fixture = try Fixture()
        let stray = try TestIdentity()

        try fixture.replace("key.pem", with: stray.keyPEM())
        let result = fixture.reloader.checkForChanges()

        let mismatch = TLSFileError(.key, path: fixture.keyPath, .keyMismatch(certificatePath: fixture.certificatePath))
        #expect(result == .failed(mismatch))
        #expect(fixture.reloader.currentSummary.fingerprint == Self.fingerprint(fixture.first))
        #expect(try fixture.servedLeafDER() == fixture.first.certificateDER)
        let warnings = fixture.logs.entries(at: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.metadata["tls.error"] == mismatch.description)
        #expect(warnings.first?.metadata["tls.fingerprint"] == Self.fingerprint(fixture.first))

        // The same bad files are not tried, nor warned about, again.
        #expect(fixture.reloader.checkForChanges() == .unchanged)
        #expect(fixture.logs.entries(at: .warning).count == 1)

        let third = try TestIdentity(kind: .p384)
        try fixture.replace("cert.pem", with: third.certificatePEM)
        try fixture.replace("key.pem", with: third.keyPEM(.traditional))
        #expect(fixture.reloader.checkForChanges() == .reloaded(fixture.reloader.currentSummary))
        #expect(try fixture.servedLeafDER() == third.certificateDER)
    }

    @Test("a renewal copied certificate first is not served until its key arrives")
    func halfCopiedRenewal() throws {
        let fixture = try Fixture()
        let second = try TestIdentity()

        try fixture.replace("cert.pem", with: second.certificatePEM)
        guard case .failed(let error) = fixture.reloader.checkForChanges() else {
            Issue.record("a new certificate with the old key was accepted")
            return
        }
        #expect(error.problem == .keyMismatch(certificatePath: fixture.certificatePath))
        #expect(try fixture.servedLeafDER() == fixture.first.certificateDER)

        try fixture.replace("key.pem", with: second.keyPEM())
        #expect(fixture.reloader.checkForChanges() == .reloaded(fixture.reloader.currentSummary))
        #expect(try fixture.servedLeafDER() == second.certificateDER)
    }

    @Test("a file that disappears is refused, and served again when it comes back")
    func missingThenBack() throws {
        let fixture = try Fixture()

        try FileManager.default.removeItem(atPath: fixture.certificatePath)
        let missing = TLSFileError(.certificate, path: fixture.certificatePath, .noSuchFile)
        #expect(fixture.reloader.checkForChanges() == .failed(missing))
        #expect(try fixture.servedLeafDER() == fixture.first.certificateDER)

        try fixture.directory.write(fixture.first.certificatePEM, to: "cert.pem")
        #expect(fixture.reloader.checkForChanges() == .reloaded(fixture.reloader.currentSummary))
        #expect(try fixture.servedLeafDER() == fixture.first.certificateDER)
    }

    @Test("a new pair that has expired by the reloader's clock is refused")
    func refusesExpired() throws {
        let now = Date()
        let fixture = try Fixture(now: { now })
        let stale = try TestIdentity(
            notBefore: TestIdentity.wholeSeconds(now).addingTimeInterval(-10 * 86_400),
            notAfter: TestIdentity.wholeSeconds(now).addingTimeInterval(-86_400)
        )

        try fixture.replace("key.pem", with: stale.keyPEM())
        try fixture.replace("cert.pem", with: stale.certificatePEM)

        guard case .failed(let error) = fixture.reloader.checkForChanges() else {
            Issue.record("an expired pair was accepted")
            return
        }
        #expect(error.problem == .expired(notAfter: stale.certificate.notValidAfter))
        #expect(try fixture.servedLeafDER() == fixture.first.certificateDER)
    }

    @Test("reloadNow loads even unchanged files and throws the reason for bad ones")
    func reloadNow() throws {
        let fixture = try Fixture()

        #expect(try fixture.reloader.reloadNow() == fixture.reloader.currentSummary)
        #expect(fixture.logs.entries(at: .notice).count == 1)

        try fixture.replace("key.pem", with: "not a key\n")
        #expect(throws: TLSFileError(.key, path: fixture.keyPath, .notPEMPrivateKey)) {
            try fixture.reloader.reloadNow()
        }
        #expect(throws: TLSFileError(.key, path: fixture.keyPath, .notPEMPrivateKey)) {
            try fixture.reloader.reloadNow()
        }
        #expect(try fixture.servedLeafDER() == fixture.first.certificateDER)
    }

    @Test("run() notices changed files by itself and stops when its task is cancelled")
    func runPicksUpChanges() async throws {
        let fixture = try Fixture(checkInterval: .milliseconds(20))
        let reloader = fixture.reloader
        let logs = fixture.logs
        let second = try TestIdentity(commonName: "second.papo.test")
        let secondFingerprint = Self.fingerprint(second)

        let running = Task { try await reloader.run() }
        defer { running.cancel() }
        try fixture.replace("key.pem", with: second.keyPEM())
        try fixture.replace("cert.pem", with: second.certificatePEM)
        let reloaded = try await withTimeout {
            try await logs.first { $0.message == "TLS certificate reloaded" }
        }
        #expect(reloaded.metadata["tls.fingerprint"] == secondFingerprint)
        #expect(reloader.currentSummary.fingerprint == secondFingerprint)
        #expect(try fixture.servedLeafDER() == second.certificateDER)

        try fixture.replace("key.pem", with: try TestIdentity().keyPEM())
        // A check between the two renames above may have warned already; this warning is the one logged
        // while the second pair is served.
        let warning = try await withTimeout {
            try await logs.first { $0.level == .warning && $0.metadata["tls.fingerprint"] == secondFingerprint }
        }
        #expect(warning.metadata["tls.error"]?.contains("does not match the certificate") == true)
        #expect(reloader.currentSummary.fingerprint == secondFingerprint)

        let third = try TestIdentity(commonName: "third.papo.test")
        let thirdFingerprint = Self.fingerprint(third)
        try fixture.replace("cert.pem", with: third.certificatePEM)
        try fixture.replace("key.pem", with: third.keyPEM())
        _ = try await withTimeout {
            try await logs.first { $0.metadata["tls.fingerprint"] == thirdFingerprint && $0.level == .notice }
        }
        #expect(reloader.currentSummary.fingerprint == thirdFingerprint)

        running.cancel()
        try await withTimeout { try await running.value }
    }

    @Test("run() returns when the service group shuts down gracefully")
    func runEndsOnGracefulShutdown() async throws {
        let fixture = try Fixture(checkInterval: .milliseconds(20))
        let logs = fixture.logs
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [fixture.reloader], logger: Logger(label: "test"))
        )
        let second = try TestIdentity()
        let secondFingerprint = Self.fingerprint(second)

        let running = Task { try await group.run() }
        defer { running.cancel() }
        // A reload shows that run() is going before it is asked to stop.
        try fixture.replace("key.pem", with: second.keyPEM())
        try fixture.replace("cert.pem", with: second.certificatePEM)
        _ = try await withTimeout {
            try await logs.first { $0.metadata["tls.fingerprint"] == secondFingerprint }
        }

        await group.triggerGracefulShutdown()
        try await withTimeout { try await running.value }
    }
}
