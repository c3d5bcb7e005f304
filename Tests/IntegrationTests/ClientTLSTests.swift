import Foundation
import NIOCore
import NIOPosix
import PapoClient
import PapoTLS
import PapoTestSupport
import Synchronization
import Testing

/// papo's TLS connection layer against an in-process TLS server with certificates made in the
/// test: trust on first use, the known server, a changed certificate, a pin, and a CA.
@Suite("papo over TLS")
struct ClientTLSTests {
    /// Answers the trust question as told and counts how often it was asked.
    final class ScriptedAsker: Sendable {
        let answer: TrustAsker.Answer
        private let questions = Mutex<[TrustQuestion]>([])
        private let notes = Mutex<[String]>([])

        init(_ answer: TrustAsker.Answer) {
            self.answer = answer
        }

        var asked: [TrustQuestion] { self.questions.withLock { $0 } }
        var told: [String] { self.notes.withLock { $0 } }

        var asker: TrustAsker {
            TrustAsker(
                ask: { question in
                    self.questions.withLock { $0.append(question) }
                    return self.answer
                },
                tell: { note in self.notes.withLock { $0.append(note) } })
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

    /// Connects through `connector`, and, once connected, waits for the server's greeting and
    /// one answer to a sent frame: data flows both ways inside TLS.
    private static func chat(port: Int, through connector: TLSConnector) async throws {
        let (lines, sink) = AsyncStream<String>.makeStream()
        let connection = try await withTimeout(.seconds(20), waitingFor: "the TLS connection") {
            try await ChatConnection.connect(
                host: "127.0.0.1", port: port, tls: connector, group: MultiThreadedEventLoopGroup.singleton,
                onLine: { sink.yield($0) }, onClose: { sink.finish() })
        }
        defer { connection.close() }
        try await withTimeout(.seconds(20), waitingFor: "the greeting and the answer") {
            var iterator = lines.makeAsyncIterator()
            #expect(await iterator.next() == "welcome")
            connection.send("hello")
            #expect(await iterator.next() == "ok")
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
        let first = try TestCertificates.selfSigned()
        let second = try TestCertificates.selfSigned()
        let server = try await TLSTestServer.start(context: try first.serverContext())
        let path = Self.knownServersPath()
        let firstFingerprint = CertificateFingerprint(certificateDER: try first.der)
        let secondFingerprint = CertificateFingerprint(certificateDER: try second.der)

        let yes = ScriptedAsker(.trust)
        let session = try Self.connector(port: server.port, asker: yes, knownServersPath: path)
        try await Self.chat(port: server.port, through: session)
        #expect(yes.asked.count == 1)
        #expect(yes.asked.first?.fingerprint == firstFingerprint)
        #expect(yes.asked.first?.subject == "CN=localhost")
        #expect(yes.told.count == 1 && yes.told.first?.contains(path) == true)
        let saved = try KnownServersFile(path: path).load()
        #expect(saved.fingerprint(for: "127.0.0.1:\(server.port)") == firstFingerprint)

        // The same session reconnecting, and a new session reading the file: neither asks.
        try await Self.chat(port: server.port, through: session)
        let later = ScriptedAsker(.trust)
        try await Self.chat(
            port: server.port, through: try Self.connector(port: server.port, asker: later, knownServersPath: path))
        #expect(yes.asked.count == 1 && later.asked.isEmpty)

        // The same host and port now presents another certificate: refused, never asked, file untouched.
        server.present(try second.serverContext())
        for connector in [session, try Self.connector(port: server.port, asker: later, knownServersPath: path)] {
            let refusal = try await Self.refusal(port: server.port, through: connector)
            #expect(refusal.reason == .changed(known: firstFingerprint, presented: secondFingerprint))
            #expect(refusal.description.contains("REMOTE SERVER IDENTIFICATION HAS CHANGED"))
            #expect(refusal.description.contains("papo --forget-server 127.0.0.1:\(server.port)"))
        }
        #expect(later.asked.isEmpty)
        #expect(try KnownServersFile(path: path).load() == saved)

        // Forgotten, the server is asked about again.
        #expect(try KnownServersFile(path: path).forget("127.0.0.1:\(server.port)") == [firstFingerprint])
        let again = ScriptedAsker(.trust)
        try await Self.chat(
            port: server.port, through: try Self.connector(port: server.port, asker: again, knownServersPath: path))
        #expect(again.asked.map(\.fingerprint) == [secondFingerprint])
        try await server.stop()
    }

    @Test("a no, or nobody to ask, refuses and writes nothing")
    func declined() async throws {
        let pair = try TestCertificates.selfSigned()
        let server = try await TLSTestServer.start(context: try pair.serverContext())
        let path = Self.knownServersPath()
        let fingerprint = CertificateFingerprint(certificateDER: try pair.der)
        let no = ScriptedAsker(.decline)
        let refusal = try await Self.refusal(
            port: server.port, through: try Self.connector(port: server.port, asker: no, knownServersPath: path))
        #expect(refusal.reason == .declined(presented: fingerprint))
        #expect(no.asked.count == 1)
        let nobody = ScriptedAsker(.cannotAsk)
        let unasked = try await Self.refusal(
            port: server.port, through: try Self.connector(port: server.port, asker: nobody, knownServersPath: path))
        #expect(unasked.reason == .cannotAsk(presented: fingerprint))
        #expect(unasked.summary.contains("--tls-fingerprint"))
        #expect(!FileManager.default.fileExists(atPath: path))
        try await server.stop()
    }

    @Test("--tls-fingerprint accepts only that certificate, asking and writing nothing")
    func pinned() async throws {
        let pair = try TestCertificates.selfSigned()
        let server = try await TLSTestServer.start(context: try pair.serverContext())
        let path = Self.knownServersPath()
        let fingerprint = CertificateFingerprint(certificateDER: try pair.der)
        let asker = ScriptedAsker(.trust)
        try await Self.chat(
            port: server.port,
            through: try Self.connector(port: server.port, asker: asker, knownServersPath: path, pinned: fingerprint))
        let other = CertificateFingerprint(certificateDER: [0])
        let refusal = try await Self.refusal(
            port: server.port,
            through: try Self.connector(port: server.port, asker: asker, knownServersPath: path, pinned: other))
        #expect(refusal.reason == .pinMismatch(pinned: other, presented: fingerprint))
        #expect(asker.asked.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
        try await server.stop()
    }

    @Test("a chain signed by the --tls-ca authority is accepted without asking; a self-signed one is still asked about")
    func certificateAuthority() async throws {
        let authority = try TestCertificates.authority()
        let leaf = try TestCertificates.leaf(signedBy: authority)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("papo-ca-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let caPath = directory.appendingPathComponent("ca.pem").path
        try authority.pem.write(toFile: caPath, atomically: true, encoding: .utf8)
        let path = Self.knownServersPath()
        let server = try await TLSTestServer.start(context: try leaf.serverContext())
        let asker = ScriptedAsker(.decline)
        try await Self.chat(
            port: server.port,
            through: try Self.connector(
                port: server.port, asker: asker, knownServersPath: path, certificateAuthorityPath: caPath))
        #expect(asker.asked.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))

        // Without the CA file the same chain is unknown; with it, a self-signed certificate is too.
        _ = try await Self.refusal(
            port: server.port, through: try Self.connector(port: server.port, asker: asker, knownServersPath: path))
        server.present(try TestCertificates.selfSigned().serverContext())
        _ = try await Self.refusal(
            port: server.port,
            through: try Self.connector(
                port: server.port, asker: asker, knownServersPath: path, certificateAuthorityPath: caPath))
        #expect(asker.asked.count == 2)
        try await server.stop()
    }
}
