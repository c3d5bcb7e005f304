import Foundation
import Logging
import NIOSSL
import PapoTLS
import PapoTestSupport
import SwiftASN1
import Testing
import X509

#if canImport(Glibc)
import Glibc
#endif

@Suite("SelfSignedCertificate")
struct SelfSignedCertificateTests {
    static let hostNames = ["chat.school.test", "localhost", "192.0.2.7", "2001:db8::7", "LOCALHOST"]

    private func make(
        in directory: TemporaryDirectory,
        hostNames: [String] = ["localhost"],
        now: Date = Date()
    ) throws -> LoadedCertificate {
        try SelfSignedCertificate.loadOrCreate(directory: directory.path, hostNames: hostNames, now: now)
    }

    @Test("the first start makes a P-256 pair for the given names, key readable by the owner only")
    func creates() throws {
        let directory = try TemporaryDirectory()
        let now = TestIdentity.wholeSeconds(Date())
        let logs = LogRecorder()

        let loaded = try SelfSignedCertificate.loadOrCreate(
            directory: directory.path,
            hostNames: Self.hostNames,
            now: now,
            logger: logs.logger
        )

        #expect(try directory.mode(SelfSignedCertificate.keyFileName) == 0o600)
        #expect(try directory.mode(SelfSignedCertificate.certificateFileName) == 0o644)
        #expect(loaded.summary.source == .selfSigned)
        #expect(loaded.summary.subject == "CN=chat.school.test")
        #expect(loaded.summary.names == ["chat.school.test", "localhost", "192.0.2.7", "2001:db8::7"])
        #expect(loaded.summary.notBefore == now.addingTimeInterval(-3_600))
        #expect(loaded.summary.notAfter == now.addingTimeInterval(-3_600 + 825 * 86_400))

        let certificatePath = directory.path(SelfSignedCertificate.certificateFileName)
        let pem = try String(contentsOfFile: certificatePath, encoding: .utf8)
        let certificate = try Certificate(pemEncoded: pem)
        let leafDER = try #require(try loaded.certificateChain.first?.toDERBytes())
        #expect(CertificateFingerprint(certificateDER: leafDER).description == loaded.summary.fingerprint)
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.signatureAlgorithm == .ecdsaWithSHA256)
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try certificate.extensions.keyUsage == KeyUsage(digitalSignature: true))
        #expect(try certificate.extensions.extendedKeyUsage == ExtendedKeyUsage([.serverAuth]))
        let keyPEM = try String(contentsOfFile: directory.path(SelfSignedCertificate.keyFileName), encoding: .utf8)
        let key = try Certificate.PrivateKey(pemEncoded: keyPEM)
        #expect(key.publicKey == certificate.publicKey)
        #expect(key.description.contains("P256"))

        let created = logs.entries(at: .notice)
        #expect(created.map(\.message) == ["TLS self-signed certificate created"])
        #expect(created.first?.metadata["tls.fingerprint"] == loaded.summary.fingerprint)
        #expect(created.first?.metadata["tls.reason"] == "none yet")
    }

    @Test("openssl reads the pair and agrees on the fingerprint", .enabled(if: OpenSSL.isAvailable))
    func opensslAgrees() throws {
        let directory = try TemporaryDirectory()
        let loaded = try self.make(in: directory)

        let certificatePath = directory.path(SelfSignedCertificate.certificateFileName)
        #expect(try OpenSSL.fingerprint(ofCertificateAt: certificatePath) == loaded.summary.fingerprint)
        let keyCheck = try OpenSSL.run(["pkey", "-in", directory.path(SelfSignedCertificate.keyFileName), "-noout"])
        #expect(keyCheck.isEmpty)
    }

    @Test("later starts reuse the pair while more than 30 days are left, even for other names")
    func reuses() throws {
        let directory = try TemporaryDirectory()
        let now = Date()
        let first = try self.make(in: directory, hostNames: Self.hostNames, now: now)
        let logs = LogRecorder()

        let second = try SelfSignedCertificate.loadOrCreate(
            directory: directory.path,
            hostNames: ["other.test"],
            now: now.addingTimeInterval(794 * 86_400),  // 31 days less an hour left
            logger: logs.logger
        )

        #expect(second.summary == first.summary)
        #expect(logs.entries.isEmpty)
    }

    @Test(
        "an expired pair, or one within 30 days of expiry, is replaced",
        arguments: [826.0, 810.0, 825.0 - 30.0]
    )
    func remakesNearExpiry(daysLater: Double) throws {
        let directory = try TemporaryDirectory()
        let now = Date()
        let first = try self.make(in: directory, now: now)
        let later = now.addingTimeInterval(daysLater * 86_400)
        let logs = LogRecorder()

        let second = try SelfSignedCertificate.loadOrCreate(
            directory: directory.path,
            hostNames: ["localhost"],
            now: later,
            logger: logs.logger
        )

        #expect(second.summary.fingerprint != first.summary.fingerprint)
        #expect(second.summary.notBefore > first.summary.notAfter.addingTimeInterval(-31 * 86_400))
        #expect(try directory.mode(SelfSignedCertificate.keyFileName) == 0o600)
        let reason = logs.entries(at: .notice).first?.metadata["tls.reason"] ?? ""
        #expect(reason.contains("expire"))
        // The new pair is the one on disk.
        let third = try self.make(in: directory, now: later)
        #expect(third.summary == second.summary)
    }

    @Test(
        "an unreadable or mismatched pair is replaced",
        arguments: ["garbage key", "other key", "no key", "no certificate"]
    )
    func remakesBrokenPair(_ damage: String) throws {
        let directory = try TemporaryDirectory()
        let first = try self.make(in: directory)
        let keyPath = directory.path(SelfSignedCertificate.keyFileName)
        switch damage {
        case "garbage key":
            try directory.write("garbage", to: SelfSignedCertificate.keyFileName)
        case "other key":
            try directory.write(try TestIdentity().keyPEM(), to: SelfSignedCertificate.keyFileName)
        case "no key":
            try FileManager.default.removeItem(atPath: keyPath)
        default:
            try FileManager.default.removeItem(atPath: directory.path(SelfSignedCertificate.certificateFileName))
        }
        let logs = LogRecorder()

        let second = try SelfSignedCertificate.loadOrCreate(
            directory: directory.path,
            hostNames: ["localhost"],
            now: Date(),
            logger: logs.logger
        )

        #expect(second.summary.fingerprint != first.summary.fingerprint)
        #expect(try directory.mode(SelfSignedCertificate.keyFileName) == 0o600)
        let reason = logs.entries(at: .notice).first?.metadata["tls.reason"] ?? ""
        #expect(reason.hasPrefix("TLS "))
    }

    @Test("a missing directory is created for the pair")
    func createsDirectory() throws {
        let directory = try TemporaryDirectory()
        let nested = directory.path("data/tls")

        let loaded = try SelfSignedCertificate.loadOrCreate(directory: nested, hostNames: ["localhost"], now: Date())

        #expect(loaded.summary.names == ["localhost"])
        #expect(FileManager.default.fileExists(atPath: nested + "/" + SelfSignedCertificate.keyFileName))
    }

    @Test("a directory that cannot be written is reported", .enabled(if: geteuid() != 0, "root writes anywhere"))
    func unwritableDirectory() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path) }

        #expect(throws: TLSFileError.self) {
            try self.make(in: directory)
        }
    }

    @Test("the default names are this machine's, loopback included, each once")
    func defaultHostNames() throws {
        let names = SelfSignedCertificate.defaultHostNames()

        #expect(Array(names.prefix(1)) == ["localhost"])
        #expect(names.contains("127.0.0.1"))
        #expect(names.contains("::1"))
        var buffer = [CChar](repeating: 0, count: 256)
        #expect(gethostname(&buffer, 255) == 0)
        let hostName = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(names.contains { $0.lowercased() == hostName.lowercased() })
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        #expect(!names.contains { $0.lowercased().hasPrefix("fe80:") })
        // Every name makes a certificate.
        let directory = try TemporaryDirectory()
        let loaded = try self.make(in: directory, hostNames: names)
        #expect(loaded.summary.names.count == names.count)
    }
}
