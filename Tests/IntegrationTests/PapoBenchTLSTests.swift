import PapoBench
import PapoBenchCore
import PapoCore
import PapoServer
import PapoTLS
import PapoTestSupport
import Testing

/// papo-bench's clients through papod's TLS door (in-process, with a certificate made in the
/// test). The counts must balance as they do in plain runs.
@Suite("papo-bench over TLS")
struct PapoBenchTLSTests {
    /// `options` run against a papod whose TLS door serves `certificate`, flood control off.
    private func run(_ options: LoadOptions, certificate: TestIdentity) async throws -> LoadReport {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
        let files = try CertificateFiles(identity: certificate)
        return try await TestServer.withServer(papod: files.papod(server: configuration)) { server in
            var pointed = options
            pointed.ports = [try #require(server.tlsPort)]
            let options = pointed
            return try await withTimeout(.seconds(120), waitingFor: "the load run") {
                try await LoadGenerator.run(options: options)
            }
        }
    }

    @Test("every client connects through the TLS door, any certificate accepted; every message arrives once")
    func anyCertificate() async throws {
        let report = try await self.run(
            LoadOptions(
                clients: 6, rooms: 2, senders: 2, rate: 20, duration: 0.5, warmup: 0.1, drain: 20, usesTLS: true),
            certificate: try TestIdentity.server())
        #expect(report.connectionsUp == 6)
        #expect(report.sent > 0)
        #expect(report.deliveries == report.expected && report.expected == report.sent * 2)
        #expect(report.ratio == 1.0)
        #expect(report.isClean)
    }

    @Test("--tls-fingerprint: the matching certificate is accepted; another fails every connection")
    func pinned() async throws {
        let certificate = try TestIdentity.server()
        let options = LoadOptions(
            clients: 3, rooms: 1, senders: 1, rate: 20, duration: 0.3, warmup: 0, drain: 20, connectTimeout: 20,
            usesTLS: true, tlsFingerprint: certificate.fingerprint.description)
        let matching = try await self.run(options, certificate: certificate)
        #expect(matching.connectionsUp == 3 && matching.isClean)
        #expect(matching.ratio == 1.0)
        let other = try await self.run(options, certificate: try TestIdentity.server())
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
