import Foundation
import NIOSSL
import PapoTLS
import PapoTestSupport
import SwiftASN1
import Testing
import X509

#if canImport(Glibc)
import Glibc
#endif

@Suite("TLSCertificateFiles")
struct TLSCertificateFilesTests {
    /// Loads `cert.pem`/`key.pem` from `directory` and returns the error's line, or nil if the pair loaded.
    private func failure(_ directory: TemporaryDirectory, now: Date = Date()) -> String? {
        do {
            _ = try TLSCertificateFiles.load(
                certificatePath: directory.path("cert.pem"),
                keyPath: directory.path("key.pem"),
                now: now
            )
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a good pair loads with the leaf's summary")
    func loadsGoodPair() throws {
        let directory = try TemporaryDirectory()
        let identity = try TestIdentity()
        let paths = try directory.write(identity)

        let loaded = try TLSCertificateFiles.load(certificatePath: paths.certificate, keyPath: paths.key, now: Date())

        #expect(loaded.certificateChain.count == 1)
        #expect(try loaded.certificateChain.first?.toDERBytes() == identity.certificateDER)
        let fingerprint = CertificateFingerprint(certificateDER: identity.certificateDER)
        #expect(loaded.summary.fingerprint == fingerprint.description)
        #expect(loaded.summary.subject == "CN=papo.test")
        #expect(loaded.summary.names == ["papo.test", "localhost", "127.0.0.1", "::1"])
        #expect(loaded.summary.notBefore == identity.certificate.notValidBefore)
        #expect(loaded.summary.notAfter == identity.certificate.notValidAfter)
        #expect(loaded.summary.source == .files)
        #expect(loaded.configurationOverride.certificateChain == loaded.certificateChain.map { .certificate($0) })
    }

    @Test("the fingerprint is what openssl prints", .enabled(if: OpenSSL.isAvailable))
    func fingerprintMatchesOpenSSL() throws {
        let directory = try TemporaryDirectory()
        let paths = try directory.write(try TestIdentity(), chain: [try TestIdentity(commonName: "extra")])

        let loaded = try TLSCertificateFiles.load(certificatePath: paths.certificate, keyPath: paths.key, now: Date())

        let printed = try OpenSSL.fingerprint(ofCertificateAt: paths.certificate)
        #expect(printed.count == 95)
        #expect(loaded.summary.fingerprint == printed)
    }

    @Test(
        "accepts ECDSA and RSA keys in PKCS#8 and in their own encodings",
        arguments: TestIdentity.KeyKind.allCases, TestIdentity.KeyEncoding.allCases
    )
    func acceptsKeyTypes(kind: TestIdentity.KeyKind, encoding: TestIdentity.KeyEncoding) throws {
        let directory = try TemporaryDirectory()
        let identity = try TestIdentity(kind: kind)
        let paths = try directory.write(identity, keyEncoding: encoding)
        let expectedHeader =
            switch (kind, encoding) {
            case (_, .pkcs8): "-----BEGIN PRIVATE KEY-----"
            case (.rsa2048, .traditional): "-----BEGIN RSA PRIVATE KEY-----"
            case (_, .traditional): "-----BEGIN EC PRIVATE KEY-----"
            }
        #expect(identity.keyPEM(encoding).hasPrefix(expectedHeader))

        let loaded = try TLSCertificateFiles.load(certificatePath: paths.certificate, keyPath: paths.key, now: Date())

        #expect(try loaded.certificateChain.first?.toDERBytes() == identity.certificateDER)
        #expect(try loaded.privateKey == NIOSSLPrivateKey(bytes: Array(identity.keyPEM(.pkcs8).utf8), format: .pem))
    }

    @Test("a full chain keeps every certificate, leaf first, and describes the leaf")
    func loadsFullChain() throws {
        let directory = try TemporaryDirectory()
        let authority = try TestIdentity(commonName: "Papo Test CA", isCertificateAuthority: true)
        let leaf = try TestIdentity(commonName: "chat.papo.test", issuer: authority)
        let paths = try directory.write(leaf, chain: [authority])

        let loaded = try TLSCertificateFiles.load(certificatePath: paths.certificate, keyPath: paths.key, now: Date())

        let chain = try loaded.certificateChain.map { try $0.toDERBytes() }
        #expect(chain == [leaf.certificateDER, authority.certificateDER])
        #expect(loaded.summary.subject == "CN=chat.papo.test")
        #expect(loaded.summary.fingerprint == CertificateFingerprint(certificateDER: leaf.certificateDER).description)
    }

    @Test("text around the PEM blocks and a key in the same file are ignored")
    func ignoresSurroundings() throws {
        let directory = try TemporaryDirectory()
        let identity = try TestIdentity()
        let combined = "subject=CN = papo.test\n" + identity.certificatePEM + identity.keyPEM()
        let path = try directory.write(combined, to: "combined.pem")

        let loaded = try TLSCertificateFiles.load(certificatePath: path, keyPath: path, now: Date())

        #expect(try loaded.certificateChain.map { try $0.toDERBytes() } == [identity.certificateDER])
    }

    @Test("a missing certificate or key is named")
    func missingFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try TestIdentity().keyPEM(), to: "key.pem")
        #expect(self.failure(directory) == "TLS certificate \(directory.path("cert.pem")): no such file")

        try directory.write(try TestIdentity().certificatePEM, to: "cert.pem")
        try FileManager.default.removeItem(atPath: directory.path("key.pem"))
        #expect(self.failure(directory) == "TLS key \(directory.path("key.pem")): no such file")

        let inMissingDirectory = directory.path("nowhere/cert.pem")
        #expect(throws: TLSFileError(.certificate, path: inMissingDirectory, .noSuchFile)) {
            try TLSCertificateFiles.load(
                certificatePath: inMissingDirectory,
                keyPath: directory.path("key.pem"),
                now: Date()
            )
        }
    }

    @Test("an unreadable file says why", .enabled(if: geteuid() != 0, "root reads files whatever their mode"))
    func permissionDenied() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try TestIdentity())
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: directory.path("key.pem"))

        #expect(self.failure(directory) == "TLS key \(directory.path("key.pem")) cannot be read (permission denied)")
    }

    @Test("a directory given as the certificate cannot be read")
    func directoryAsCertificate() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try TestIdentity())
        try FileManager.default.removeItem(atPath: directory.path("cert.pem"))
        try FileManager.default.createDirectory(atPath: directory.path("cert.pem"), withIntermediateDirectories: false)

        #expect(
            self.failure(directory) == "TLS certificate \(directory.path("cert.pem")) cannot be read (is a directory)"
        )
    }

    @Test("a FIFO given as the key is refused at once rather than waited on")
    func fifoAsKey() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try TestIdentity())
        try FileManager.default.removeItem(atPath: directory.path("key.pem"))
        #expect(mkfifo(directory.path("key.pem"), 0o600) == 0)

        #expect(self.failure(directory) == "TLS key \(directory.path("key.pem")) cannot be read (not a regular file)")
    }

    @Test(
        "a certificate file that is not PEM is refused",
        arguments: [
            "hello, this is not a certificate\n",
            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
            // Good base64, but the bytes are no certificate.
            PEMDocument(type: "CERTIFICATE", derBytes: [0x30, 0x03, 0x02, 0x01, 0x05]).pemString,
        ]
    )
    func certificateNotPEM(_ text: String) throws {
        let directory = try TemporaryDirectory()
        try directory.write(try TestIdentity())
        try directory.write(text, to: "cert.pem")

        #expect(self.failure(directory) == "TLS certificate \(directory.path("cert.pem")) is not a PEM certificate")
    }

    @Test("a DER certificate is not a PEM certificate")
    func certificateDER() throws {
        let directory = try TemporaryDirectory()
        let identity = try TestIdentity()
        try directory.write(identity)
        try directory.write(identity.certificateDER, to: "cert.pem")

        #expect(self.failure(directory) == "TLS certificate \(directory.path("cert.pem")) is not a PEM certificate")
    }

    @Test("an empty certificate file, or one holding only a key, holds no certificate", arguments: ["", "\n", "key"])
    func certificateMissingFromFile(_ contents: String) throws {
        let directory = try TemporaryDirectory()
        let identity = try TestIdentity()
        try directory.write(identity)
        try directory.write(contents == "key" ? identity.keyPEM() : contents, to: "cert.pem")

        #expect(self.failure(directory) == "TLS certificate \(directory.path("cert.pem")) holds no certificate")
    }

    @Test("a key file without a usable key is refused", arguments: ["", "garbage\n", "certificate", "public"])
    func keyNotPEM(_ contents: String) throws {
        let directory = try TemporaryDirectory()
        let identity = try TestIdentity()
        try directory.write(identity)
        let text =
            switch contents {
            case "certificate": identity.certificatePEM
            case "public": try identity.certificate.publicKey.serializeAsPEM().pemString
            default: contents
            }
        try directory.write(text, to: "key.pem")

        #expect(self.failure(directory) == "TLS key \(directory.path("key.pem")) is not a PEM private key")
    }

    @Test("an encrypted key is refused as such")
    func encryptedKey() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try TestIdentity())
        try directory.write(PEMDocument(type: "ENCRYPTED PRIVATE KEY", derBytes: [0x30, 0x00]).pemString, to: "key.pem")

        #expect(
            self.failure(directory)
                == "TLS key \(directory.path("key.pem")) is an encrypted private key (papod needs it unencrypted)"
        )
    }

    @Test("a key that belongs to another certificate is refused", arguments: TestIdentity.KeyKind.allCases)
    func mismatchedKey(kind: TestIdentity.KeyKind) throws {
        let directory = try TemporaryDirectory()
        try directory.write(try TestIdentity(kind: kind))
        try directory.write(try TestIdentity(kind: kind).keyPEM(), to: "key.pem")

        #expect(
            self.failure(directory)
                == "TLS key \(directory.path("key.pem")) does not match the certificate \(directory.path("cert.pem"))"
        )
    }

    @Test("an expired certificate is refused with its end date")
    func expired() throws {
        let directory = try TemporaryDirectory()
        let notAfter = try #require(ISO8601DateFormatter().date(from: "2026-01-02T10:00:00Z"))
        try directory.write(try TestIdentity(notBefore: notAfter.addingTimeInterval(-86_400 * 90), notAfter: notAfter))

        #expect(
            self.failure(directory, now: notAfter.addingTimeInterval(1))
                == "TLS certificate \(directory.path("cert.pem")) expired on 2026-01-02 10:00 UTC"
        )
        #expect(self.failure(directory, now: notAfter.addingTimeInterval(-1)) == nil)
    }

    @Test("a certificate not valid yet is refused with its start date")
    func notYetValid() throws {
        let directory = try TemporaryDirectory()
        let notBefore = try #require(ISO8601DateFormatter().date(from: "2030-03-04T05:06:59Z"))
        try directory.write(try TestIdentity(notBefore: notBefore, notAfter: notBefore.addingTimeInterval(86_400)))

        #expect(
            self.failure(directory, now: notBefore.addingTimeInterval(-60))
                == "TLS certificate \(directory.path("cert.pem")) is not valid until 2030-03-04 05:06 UTC"
        )
        #expect(self.failure(directory, now: notBefore) == nil)
    }
}
