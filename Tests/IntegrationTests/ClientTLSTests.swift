import Foundation
import NIOCore
import NIOPosix
import PapoClient
import PapoCore
import PapoTLS
import PapoTestSupport
import NIOConcurrencyHelpers
import Testing

/// papo's TLS connection layer against papod's TLS door, in-process, serving certificates made
/// in the test: trust on first use, the known server, a changed certificate, a pin, and a CA.
@Suite("papo over TLS")
struct ClientTLSTests {
    /// Answers the trust question as told and counts how often it was asked.
    final class ScriptedAsker: Sendable {
        let answer: TrustAsker.Answer
        private let questions = NIOLockedValueBox<[TrustQuestion]>([])
        private let notes = NIOLockedValueBox<[String]>([])

        init(_ answer: TrustAsker.Answer) {
            self.answer = answer
        }

        var asked: [TrustQuestion] { self.questions.withLockedValue { $0 } }
        var told: [String] { self.notes.withLockedValue { $0 } }

        var asker: TrustAsker {
            TrustAsker(
                ask: { question in
                    self.questions.withLockedValue { $0.append(question) }
                    return self.answer
                },
                tell: { note in self.notes.withLockedValue { $0.append(note.rendered(in: .english)) } })
        }
    }

    private static func knownServersPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("papo-tls-\(UUID())/papo/known_servers").path
    }

    private static func connector(
        port: Int, asker: ScriptedAsker, knownServersPath: String, pinned: CertificateFingerprint? = nil,
        certificateAuthorityPath: String? = nil
    ) throws -> TLSConnector {
        try TLSConnector(
            address: ServerAddress(host: "127.0.0.1", port: port, usesTLS: true),
            options: ClientTLSOptions(
                certificateAuthorityPath: certificateAuthorityPath, pinnedFingerprint: pinned,
                knownServersPath: knownServersPath, asker: asker.asker))
    }

    /// Connects through `connector`, and, once connected, waits for papod's welcome and the
    /// answer to a sent frame: the chat flows both ways inside TLS.
    private static func chat(port: Int, through connector: TLSConnector) async throws {
        let (lines, sink) = AsyncStream<String>.makeStream()
        let connection = try await withTimeout(.seconds(20), waitingFor: "the TLS connection") {
            try await ChatConnection.connect(
                host: "127.0.0.1", port: port, tls: connector, group: MultiThreadedEventLoopGroup.singleton,
                onLine: { sink.yield($0) }, onClose: { sink.finish() })
        }
        defer { connection.close() }
        try await withTimeout(.seconds(20), waitingFor: "the welcome and the answer") {
            var iterator = lines.makeAsyncIterator()
            #expect(await iterator.next()?.hasPrefix("-!- Welcome to papod, guest-") == true)
            // A nick of its own: the previous connection's may not have left yet.
            let nick = "tls\(Int.random(in: 1000...9999))"
            connection.send("/nick \(nick)")
            while let line = await iterator.next() {
                if line == "-!- you are now known as \(nick)" { return }
            }
            Issue.record("the connection closed before the answer")
        }
    }

    /// Connects and expects a refusal, which it returns.
    private static func refusal(port: Int, through connector: TLSConnector) async throws -> ServerTrustRefusal {
        do {
            try await withTimeout(.seconds(20), waitingFor: "the refusal") {
                _ = try await ChatConnection.connect(
                    host: "127.0.0.1", port: port, tls: connector, group: MultiThreadedEventLoopGroup.singleton,
                    onLine: { _ in }, onClose: {})
            }
        } catch let refusal as ServerTrustRefusal {
            return refusal
        }
        Issue.record("the connection was accepted")
        throw CancellationError()
    }

    @Test("first use asks and stores the fingerprint; the next session is not asked; a new certificate is refused")
    func trustOnFirstUse() async throws {
        let files = try CertificateFiles()
        let first = files.identity
        let second = try TestIdentity.server()
        let path = Self.knownServersPath()
        try await TestServer.withServer(papod: files.papod()) { server in
            let port = try #require(server.tlsPort)
            let yes = ScriptedAsker(.trust)
            let session = try Self.connector(port: port, asker: yes, knownServersPath: path)
            try await Self.chat(port: port, through: session)
            #expect(yes.asked.count == 1)
            #expect(yes.asked.first?.fingerprint == first.fingerprint)
            #expect(yes.asked.first?.subject == "CN=localhost")
            #expect(yes.told.count == 1 && yes.told.first?.contains(path) == true)
            let saved = try KnownServersFile(path: path).load()
            #expect(saved.fingerprint(for: "127.0.0.1:\(port)") == first.fingerprint)

            // The same session reconnecting, and a new session reading the file: neither asks.
            try await Self.chat(port: port, through: session)
            let later = ScriptedAsker(.trust)
            try await Self.chat(
                port: port, through: try Self.connector(port: port, asker: later, knownServersPath: path))
            #expect(yes.asked.count == 1 && later.asked.isEmpty)

            // The same door now serves another certificate: refused, never asked, file untouched.
            try await server.serve(second, from: files)
            for connector in [session, try Self.connector(port: port, asker: later, knownServersPath: path)] {
                let refusal = try await Self.refusal(port: port, through: connector)
                #expect(refusal.reason == .changed(known: first.fingerprint, presented: second.fingerprint))
                #expect(refusal.description.contains("REMOTE SERVER IDENTIFICATION HAS CHANGED"))
                #expect(refusal.description.contains("papo --forget-server 127.0.0.1:\(port)"))
            }
            #expect(later.asked.isEmpty)
            #expect(try KnownServersFile(path: path).load() == saved)

            // Forgotten, the server is asked about again.
            #expect(try KnownServersFile(path: path).forget("127.0.0.1:\(port)") == [first.fingerprint])
            let again = ScriptedAsker(.trust)
            try await Self.chat(
                port: port, through: try Self.connector(port: port, asker: again, knownServersPath: path))
            #expect(again.asked.map(\.fingerprint) == [second.fingerprint])
        }
    }

    @Test("a no, or nobody to ask, refuses and writes nothing")
    func declined() async throws {
        let files = try CertificateFiles()
        let path = Self.knownServersPath()
        try await TestServer.withServer(papod: files.papod()) { server in
            let port = try #require(server.tlsPort)
            let no = ScriptedAsker(.decline)
            let refusal = try await Self.refusal(
                port: port, through: try Self.connector(port: port, asker: no, knownServersPath: path))
            #expect(refusal.reason == .declined(presented: files.identity.fingerprint))
            #expect(no.asked.count == 1)
            let nobody = ScriptedAsker(.cannotAsk)
            let unasked = try await Self.refusal(
                port: port, through: try Self.connector(port: port, asker: nobody, knownServersPath: path))
            #expect(unasked.reason == .cannotAsk(presented: files.identity.fingerprint))
            #expect(unasked.summary.contains("--tls-fingerprint"))
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("--tls-fingerprint accepts only that certificate, asking and writing nothing")
    func pinned() async throws {
        let files = try CertificateFiles()
        let path = Self.knownServersPath()
        try await TestServer.withServer(papod: files.papod()) { server in
            let port = try #require(server.tlsPort)
            let fingerprint = files.identity.fingerprint
            let asker = ScriptedAsker(.trust)
            try await Self.chat(
                port: port,
                through: try Self.connector(port: port, asker: asker, knownServersPath: path, pinned: fingerprint))
            let other = CertificateFingerprint(certificateDER: [0])
            let refusal = try await Self.refusal(
                port: port,
                through: try Self.connector(port: port, asker: asker, knownServersPath: path, pinned: other))
            #expect(refusal.reason == .pinMismatch(pinned: other, presented: fingerprint))
            #expect(asker.asked.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("a chain signed by the --tls-ca authority is accepted without asking; a self-signed one is still asked about")
    func certificateAuthority() async throws {
        let authority = try TestIdentity.authority()
        let files = try CertificateFiles(identity: try TestIdentity.server(signedBy: authority))
        let caPath = files.directory.appendingPathComponent("ca.pem").path
        try authority.certificatePEM.write(toFile: caPath, atomically: true, encoding: .utf8)
        let path = Self.knownServersPath()
        try await TestServer.withServer(papod: files.papod()) { server in
            let port = try #require(server.tlsPort)
            let asker = ScriptedAsker(.decline)
            try await Self.chat(
                port: port,
                through: try Self.connector(
                    port: port, asker: asker, knownServersPath: path, certificateAuthorityPath: caPath))
            #expect(asker.asked.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: path))

            // Without the CA file the same chain is unknown; with it, a self-signed certificate is too.
            _ = try await Self.refusal(
                port: port, through: try Self.connector(port: port, asker: asker, knownServersPath: path))
            try await server.serve(try TestIdentity.server(), from: files)
            _ = try await Self.refusal(
                port: port,
                through: try Self.connector(
                    port: port, asker: asker, knownServersPath: path, certificateAuthorityPath: caPath))
            #expect(asker.asked.count == 2)
        }
    }
}
