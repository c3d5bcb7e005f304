import Foundation
import PapoClient
import PapoTLS
import PapoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The papo binary over TLS against papod's TLS door (in-process, or the papod binary): the
/// flags reach the connection layer, the question is asked on a real terminal, and a refusal
/// ends papo with status 3.
@Suite("papo over TLS, as a process")
struct ClientTLSProcessTests {
    private static func papo(_ arguments: [String], stateHome: URL) throws -> ChildProcess {
        try ChildProcess(
            executable: try PapodProcess.papo(), arguments: arguments,
            environment: ["XDG_STATE_HOME": stateHome.path, "NO_COLOR": "1"])
    }

    private static func temporaryStateHome() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("papo-state-\(UUID())")
    }

    /// papo with piped input: sends `lines`, then its input ends and it leaves; returns its exit status.
    private static func pipedPapo(
        _ arguments: [String], stateHome: URL, lines: [String]
    ) async throws -> (status: Int32, error: String) {
        let papo = try Self.papo(arguments, stateHome: stateHome)
        defer { papo.kill() }
        try papo.write(lines.map { $0 + "\n" }.joined())
        try papo.closeInput()
        let status = try await papo.waitForExit()
        return (status, papo.standardError)
    }

    /// A plain client on papod's assignment door that has taken `nick`.
    private static func watcher(port: Int, nick: String) async throws -> LineClient {
        let client = try await LineClient.connect(to: port)
        try await client.waitForLine { $0.hasPrefix("-!- Welcome to ") }
        try await client.sendLine("/nick \(nick)")
        try await client.waitForLine("-!- you are now known as \(nick)")
        return client
    }

    @Test("piped: pinned, it chats; unknown with no terminal, it refuses with status 3; known, it chats")
    func piped() async throws {
        let files = try CertificateFiles()
        let fingerprint = files.identity.fingerprint
        let stateHome = Self.temporaryStateHome()
        try await TestServer.withServer(papod: files.papod()) { server in
            let tlsPort = try #require(server.tlsPort)
            let watcher = try await server.connect(as: "rui")
            let url = "papos://127.0.0.1:\(tlsPort)"

            let pinned = try await Self.pipedPapo(
                [url, "--tls-fingerprint", fingerprint.description], stateHome: stateHome,
                lines: ["/nick bot", "hello through TLS"])
            try await watcher.waitForLine("<bot> hello through TLS")
            #expect(pinned.status == 0, "\(pinned.error)")
            let path = stateHome.appendingPathComponent("papo/known_servers").path
            #expect(!FileManager.default.fileExists(atPath: path))

            let unknown = try Self.papo([url], stateHome: stateHome)
            defer { unknown.kill() }
            try unknown.write("/nick intruder\nnot sent\n")
            #expect(try await unknown.waitForExit() == 3)
            #expect(unknown.standardError.contains("there is no terminal to ask on"))
            #expect(unknown.standardError.contains("--tls-fingerprint \(fingerprint)"))

            try KnownServersFile(path: path).remember(fingerprint, for: "127.0.0.1:\(tlsPort)")
            let known = try await Self.pipedPapo(
                ["--tls", "127.0.0.1:\(tlsPort)"], stateHome: stateHome, lines: ["/nick ana", "known now"])
            try await watcher.waitForLine("<ana> known now")
            #expect(known.status == 0, "\(known.error)")
        }
    }

    @Test("--tls-ca: a certificate it signed is accepted unasked; a wrong --tls-fingerprint is refused (status 3)")
    func authorityAndWrongPin() async throws {
        let authority = try TestIdentity.authority()
        let files = try CertificateFiles(identity: try TestIdentity.server(signedBy: authority))
        let caPath = files.directory.appendingPathComponent("ca.pem").path
        try authority.certificatePEM.write(toFile: caPath, atomically: true, encoding: .utf8)
        let stateHome = Self.temporaryStateHome()
        try await TestServer.withServer(papod: files.papod()) { server in
            let tlsPort = try #require(server.tlsPort)
            let watcher = try await server.connect(as: "rui")
            let url = "papos://127.0.0.1:\(tlsPort)"

            // Piped input has nobody to ask: accepted only because the authority vouches for it.
            let signed = try await Self.pipedPapo(
                [url, "--tls-ca", caPath], stateHome: stateHome, lines: ["/nick escola", "signed by the school"])
            try await watcher.waitForLine("<escola> signed by the school")
            #expect(signed.status == 0, "\(signed.error)")
            let knownServers = stateHome.appendingPathComponent("papo/known_servers").path
            #expect(!FileManager.default.fileExists(atPath: knownServers))

            let other = try TestIdentity.server().fingerprint
            let wrongPin = try await Self.pipedPapo(
                [url, "--tls-fingerprint", other.description], stateHome: stateHome, lines: ["/nick pin", "not sent"])
            #expect(wrongPin.status == 3)
            #expect(wrongPin.error.contains("not the one given with --tls-fingerprint (\(other))"))
            #expect(wrongPin.error.contains("presented certificate \(files.identity.fingerprint)"))
        }
    }

    @Test(
        "papod's binary: y on a terminal keeps its logged fingerprint (0600); then not asked; new certificate: status 3",
        .enabled(if: TmuxSession.isAvailable))
    func trustOnFirstUseInTerminal() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("papo-tofu-\(UUID())")
        let stateHome = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = try CertificateFiles(in: directory)
        let first = try await PapodProcess.startWithTLS(arguments: files.arguments())
        defer { first.process.kill() }
        #expect(first.fingerprint == files.fingerprint)
        let watcher = try await Self.watcher(port: first.port, nick: "rui")
        let server = "127.0.0.1:\(first.tlsPort)"

        let status = directory.appendingPathComponent("status").path
        let papo = try PapodProcess.papo().path
        let session = try TmuxSession(
            command: "XDG_STATE_HOME=\(stateHome.path) NO_COLOR=1 \(papo) papos://\(server) --nick ana; "
                + "echo papo-exit=$? > \(status).tmp; mv \(status).tmp \(status); sleep 60",
            directory: directory)
        defer { session.kill() }
        try await session.waitForScreen("the trust question with papod's fingerprint") { lines in
            lines.contains { $0.contains("SHA-256 fingerprint: \(first.fingerprint)") }
                && lines.last?.hasPrefix("Trust this server? [y/N]") == true
        }
        try session.type("y")
        try session.press("Enter")
        try await watcher.waitForLine { $0.hasSuffix(" is now known as ana") }
        try session.type("hello from a terminal")
        try session.press("Enter")
        try await watcher.waitForLine("<ana> hello from a terminal")
        try session.type("/quit")
        try session.press("Enter")
        try await waitUntil("papo to exit") { FileManager.default.fileExists(atPath: status) }
        #expect(try String(contentsOfFile: status, encoding: .utf8) == "papo-exit=0\n")

        let knownServers = stateHome.appendingPathComponent("papo/known_servers").path
        let remembered = try KnownServersFile(path: knownServers).load().fingerprint(for: server)
        #expect(remembered?.description == first.fingerprint)
        #expect(try String(contentsOfFile: knownServers, encoding: .utf8).contains("\(server) \(first.fingerprint)"))
        let attributes = try FileManager.default.attributesOfItem(atPath: knownServers)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let saved = try Data(contentsOf: URL(fileURLWithPath: knownServers))

        // Piped input has nobody to ask: it chats only because the server is known now.
        let second = try await Self.pipedPapo(
            ["papos://\(server)"], stateHome: stateHome, lines: ["/nick bia", "known now"])
        try await watcher.waitForLine("<bia> known now")
        #expect(second.status == 0, "\(second.error)")

        // papod restarted on the same ports with another certificate.
        first.process.signal(SIGTERM)
        #expect(try await first.process.waitForExit() == 0)
        let renewed = try CertificateFiles(name: "renewed", in: directory)
        let restarted = try await PapodProcess.startWithTLS(arguments: renewed.arguments(tlsPort: first.tlsPort))
        defer { restarted.process.kill() }
        #expect(restarted.tlsPort == first.tlsPort)
        #expect(restarted.fingerprint == renewed.fingerprint)
        let changed = try await Self.pipedPapo(
            ["papos://\(server)"], stateHome: stateHome, lines: ["/nick eve", "not sent"])
        #expect(changed.status == 3)
        #expect(changed.error.contains("WARNING: REMOTE SERVER IDENTIFICATION HAS CHANGED!"))
        #expect(
            changed.error.contains("    \(first.fingerprint)\nbut the server now presents\n    \(renewed.fingerprint)"))
        #expect(changed.error.contains("papo --forget-server \(server)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: knownServers)) == saved)
    }

    @Test("--forget-server removes the line and says so; a second time it finds nothing (status 1)")
    func forget() async throws {
        let stateHome = Self.temporaryStateHome()
        let path = stateHome.appendingPathComponent("papo/known_servers").path
        let fingerprint = CertificateFingerprint(certificateDER: [9])
        try KnownServersFile(path: path).remember(fingerprint, for: "school.example:5051")
        let first = try Self.papo(["--forget-server", "School.Example"], stateHome: stateHome)
        #expect(try await first.waitForExit() == 0)
        #expect(first.standardOutput.contains("forgot school.example:5051 \(fingerprint)"))
        #expect(try KnownServersFile(path: path).load().fingerprint(for: "school.example:5051") == nil)
        let second = try Self.papo(["--forget-server", "school.example:5051"], stateHome: stateHome)
        #expect(try await second.waitForExit() == 1)
        #expect(second.standardError.contains("school.example:5051 is not in"))
    }
}
