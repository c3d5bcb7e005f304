import Foundation
import PapoApplication
import PapoControl
import PapoCore
import PapoServer
import PapoTLS
import PapoTestSupport
import Testing

/// The whole papod built from one configuration, in-process: the store in its data directory,
/// the control socket and a self-signed TLS door, as `papod` builds them.
@Suite("PapodApplication")
struct ApplicationTests {
    @Test("one configuration gives the store, the control socket and TLS, all reachable from the test")
    func wholeServer() async throws {
        let directory = PapodProcess.temporaryDataDirectory()
        let socket = directory.appendingPathComponent("papod.sock").path
        var configuration = PapodConfiguration(
            threads: 1, dataDirectory: directory.path, controlSocketPath: socket,
            tls: TLSSettings(port: 0, certificate: .selfSigned(hostNames: ["localhost", "127.0.0.1"])))
        configuration.server.chat.moderatorPassword = "segredo"
        try await TestServer.withServer(papod: configuration) { server in
            // The store: a line said in #lobby reaches the transcript papoctl exports.
            let ana = try await server.connect(as: "ana")
            try await ana.sendLine("bom dia")
            try await withTimeout(.seconds(20), waitingFor: "the line in the transcript") {
                let control = try ControlClient(path: socket)
                while try !(control.send(ControlRequest(command: "export #lobby")).output ?? "").contains("<ana> bom dia") {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let control = try ControlClient(path: socket)
            // TLS: the operator sees what the door serves, and it is the certificate kept on disk.
            let tls = try control.send(ControlRequest(command: "tls"))
            #expect(tls.ok)
            let kept = try TLSCertificateFiles.load(
                certificatePath: directory.appendingPathComponent(SelfSignedCertificate.certificateFileName).path,
                keyPath: directory.appendingPathComponent(SelfSignedCertificate.keyFileName).path, now: Date())
            #expect(tls.lines.contains("fingerprint SHA256 \(kept.summary.fingerprint)"))
            #expect(tls.lines.first == "TLS on port \(try #require(server.tlsPort)) (self-signed)")
            // Passwords: refused on the plain door, naming the TLS port papod really bound.
            try await ana.sendLine("/login segredo")
            try await ana.waitForLine { $0.contains("reconnect to port \(server.tlsPort ?? 0) with TLS") }
        }
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("papo.sqlite").path))
        // The control socket is gone once papod has stopped.
        #expect(!FileManager.default.fileExists(atPath: socket))
    }
}
