import Foundation
import NIOCore
import NIOSSL
import PapoTLS
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The papod binary's TLS door with the certificate it makes itself: the files it keeps, the
/// fingerprint it logs, and the same fingerprint from `papoctl tls` and on the wire.
@Suite("papod's self-signed TLS door, as a process")
struct PapodTLSProcessTests {
    @Test("--tls-self-signed: key mode 0600 in the data directory; log, papoctl tls and the door show one fingerprint")
    func selfSigned() async throws {
        let dataDirectory = PapodProcess.temporaryDataDirectory()
        let papod = try await PapodProcess.startWithTLS(
            arguments: ["--tls-port", "0", "--tls-self-signed"], dataDirectory: dataDirectory)
        defer { papod.process.kill() }

        let keyPath = dataDirectory.appendingPathComponent(SelfSignedCertificate.keyFileName).path
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let certificatePath = dataDirectory.appendingPathComponent(SelfSignedCertificate.certificateFileName).path
        let certificate = try #require(try NIOSSLCertificate.fromPEMFile(certificatePath).first)
        #expect(CertificateFingerprint(certificateDER: try certificate.toDERBytes()).description == papod.fingerprint)

        let socket = dataDirectory.appendingPathComponent("papod.sock").path
        let papoctl = try ChildProcess(executable: try PapodProcess.papoctl(), arguments: ["--socket", socket, "tls"])
        defer { papoctl.kill() }
        try papoctl.closeInput()
        #expect(try await papoctl.waitForExit() == 0, "\(papoctl.standardError)")
        #expect(papoctl.standardOutput.contains("fingerprint SHA256 \(papod.fingerprint)"))

        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        let client = try await LineClient.connect(
            to: papod.tlsPort, tls: try NIOSSLContext(configuration: configuration))
        try await client.waitForLine { $0.hasPrefix("-!- Welcome to papod") }
        let served = try #require(try await client.channel.nioSSL_peerCertificate().get())
        #expect(CertificateFingerprint(certificateDER: try served.toDERBytes()).description == papod.fingerprint)
        await client.close()
        papod.process.signal(SIGTERM)
        #expect(try await papod.process.waitForExit() == 0)

        // Restarted on the same data directory, papod serves the pair it made: students are not asked again.
        let again = try await PapodProcess.startWithTLS(
            arguments: ["--tls-port", "0", "--tls-self-signed"], dataDirectory: dataDirectory)
        defer { again.process.kill() }
        #expect(again.fingerprint == papod.fingerprint)
        again.process.signal(SIGTERM)
        #expect(try await again.process.waitForExit() == 0)
    }
}
