import Foundation
import PapoApplication
import PapoCore
import PapoServer
import PapoTLS
import PapoTestSupport

/// A directory with a certificate (for localhost and 127.0.0.1) and its key, as PEM files,
/// for papod's TLS door: in-process through `papod(server:)`, or the binary through `arguments`.
struct CertificateFiles {
    let directory: URL
    let certificate: String
    let key: String
    let identity: TestIdentity

    init(name: String = "papod", identity: TestIdentity? = nil, in directory: URL? = nil) throws {
        let directory =
            directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("papo-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.identity = try identity ?? TestIdentity(commonName: "localhost")
        self.certificate = directory.appendingPathComponent("\(name)-cert.pem").path
        self.key = directory.appendingPathComponent("\(name)-key.pem").path
        try self.write(self.identity)
    }

    /// Replaces both files with `identity`'s, the key first, as a renewal might.
    func write(_ identity: TestIdentity) throws {
        try Data(identity.keyPEM().utf8).write(to: URL(fileURLWithPath: self.key), options: .atomic)
        try Data(identity.certificatePEM.utf8).write(to: URL(fileURLWithPath: self.certificate), options: .atomic)
    }

    var fingerprint: String {
        CertificateFingerprint(certificateDER: self.identity.certificateDER).description
    }

    /// papod's options for a TLS door on `tlsPort` (0: a free one) serving these files.
    func arguments(tlsPort: Int = 0) -> [String] {
        ["--tls-port", "\(tlsPort)", "--tls-cert", self.certificate, "--tls-key", self.key]
    }

    /// papod with both doors, the TLS one serving these files. They are checked every 100 ms, so
    /// a test can make the same host and port present another certificate by rewriting them.
    func papod(server: ServerConfiguration = ServerConfiguration()) -> PapodConfiguration {
        PapodConfiguration(
            server: server, threads: 2,
            tls: TLSSettings(
                port: 0, certificate: .files(certificate: self.certificate, key: self.key),
                reloadInterval: .milliseconds(100)))
    }
}

extension TestIdentity {
    /// A server certificate for localhost and 127.0.0.1, signed by `issuer` or by itself.
    static func server(signedBy issuer: TestIdentity? = nil) throws -> TestIdentity {
        try TestIdentity(commonName: "localhost", issuer: issuer)
    }

    /// A certificate authority, for papo's `--tls-ca`.
    static func authority() throws -> TestIdentity {
        try TestIdentity(commonName: "Papo Test CA", isCertificateAuthority: true)
    }

    var fingerprint: CertificateFingerprint {
        CertificateFingerprint(certificateDER: self.certificateDER)
    }
}

extension TestServer {
    /// Rewrites `files` with `identity` and waits (bounded) until the TLS door serves it, as the
    /// operator's `tls` shows: later connections to the same port get the new certificate.
    func serve(_ identity: TestIdentity, from files: CertificateFiles) async throws {
        try files.write(identity)
        let expected = "fingerprint SHA256 \(identity.fingerprint)"
        try await eventually("the TLS door to serve the new certificate") {
            await self.chatServer.executeOperator("tls").lines.contains(expected)
        }
    }
}
