import PapoBench
import PapoBenchCore
import PapoCore
import PapoServer
import PapoTLS
import PapoTestSupport
import Testing

/// papo-bench's clients through TLS: a TLS front on the in-process server, with a certificate
/// made in the test. The counts must balance as they do in plain runs.
@Suite("papo-bench over TLS")
struct PapoBenchTLSTests {
    private func run(_ options: LoadOptions, certificate: TestCertificates.Pair) async throws -> LoadReport {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
        return try await TestServer.withServer(configuration: configuration) { server in
            let front = try await TLSTestServer.start(
                context: try certificate.serverContext(), forwardingTo: server.port)
            var pointed = options
            pointed.port = front.port
            let options = pointed
            let report = try await withTimeout(.seconds(120), waitingFor: "the load run") {
                try await LoadGenerator.run(options: options)
            }
            try await front.stop()
            return report
        }
    }

    @Test("every client connects through TLS, any certificate accepted; every message arrives once")
    func anyCertificate() async throws {
        let report = try await self.run(
            LoadOptions(
                clients: 6, rooms: 2, senders: 2, rate: 20, duration: 0.5, warmup: 0.1, drain: 20, usesTLS: true),
            certificate: try TestCertificates.selfSigned())
        #expect(report.connectionsUp == 6)
        #expect(report.sent > 0)
        #expect(report.deliveries == report.expected && report.expected == report.sent * 2)
        #expect(report.isClean)
    }

    @Test("--tls-fingerprint: the matching certificate is accepted; another fails every connection")
    func pinned() async throws {
        let certificate = try TestCertificates.selfSigned()
        let fingerprint = CertificateFingerprint(certificateDER: try certificate.der).description
        let options = LoadOptions(
            clients: 3, rooms: 1, senders: 1, rate: 20, duration: 0.3, warmup: 0, drain: 20, connectTimeout: 20,
            usesTLS: true, tlsFingerprint: fingerprint)
        let matching = try await self.run(options, certificate: certificate)
        #expect(matching.connectionsUp == 3 && matching.isClean)
        let other = try await self.run(options, certificate: try TestCertificates.selfSigned())
        #expect(other.connectionsUp == 0)
        #expect(other.connectFailures == 3)
        #expect(!other.isClean)
    }

    @Test("a fingerprint that cannot be read is named before anything connects")
    func badFingerprint() {
        #expect(throws: LoadOptionsError.self) {
            try LoadGenerator.validate(LoadOptions(usesTLS: true, tlsFingerprint: "AB:CD"))
        }
    }
}
