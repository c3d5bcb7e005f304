import Foundation
import PapoClient
import PapoTLS
import PapoTestSupport
import Testing

/// The papo binary over TLS, through a TLS front (made in the test) on the in-process server:
/// the flags reach the connection layer, and a refusal ends papo with status 3.
@Suite("papo over TLS, as a process")
struct ClientTLSProcessTests {
    private static func papo(_ arguments: [String], stateHome: URL) throws -> ChildProcess {
        try ChildProcess(
            executable: try PapodProcess.papo(), arguments: arguments,
            environment: ["XDG_STATE_HOME": stateHome.path, "NO_COLOR": "1"])
    }

    @Test("piped: pinned, it chats; unknown with no terminal, it refuses with status 3; known, it chats")
    func piped() async throws {
        let pair = try TestCertificates.selfSigned()
        let fingerprint = CertificateFingerprint(certificateDER: try pair.der)
        let stateHome = FileManager.default.temporaryDirectory.appendingPathComponent("papo-state-\(UUID())")
        try await TestServer.withServer { server in
            let front = try await TLSTestServer.start(context: try pair.serverContext(), forwardingTo: server.port)
            let watcher = try await server.connect(as: "rui")
            let url = "papos://127.0.0.1:\(front.port)"

            let pinned = try Self.papo([url, "--tls-fingerprint", fingerprint.description], stateHome: stateHome)
            defer { pinned.kill() }
            try pinned.write("/nick bot\nhello through TLS\n")
            try pinned.closeInput()
            try await watcher.waitForLine("<bot> hello through TLS")
            #expect(try await pinned.waitForExit() == 0)
            let path = stateHome.appendingPathComponent("papo/known_servers").path
            #expect(!FileManager.default.fileExists(atPath: path))

            let unknown = try Self.papo([url], stateHome: stateHome)
            defer { unknown.kill() }
            try unknown.write("/nick intruder\nnot sent\n")
            #expect(try await unknown.waitForExit() == 3)
            #expect(unknown.standardError.contains("there is no terminal to ask on"))
            #expect(unknown.standardError.contains("--tls-fingerprint \(fingerprint)"))

            try KnownServersFile(path: path).remember(fingerprint, for: "127.0.0.1:\(front.port)")
            let known = try Self.papo(["--tls", "127.0.0.1:\(front.port)"], stateHome: stateHome)
            defer { known.kill() }
            try known.write("/nick ana\nknown now\n")
            try known.closeInput()
            try await watcher.waitForLine("<ana> known now")
            #expect(try await known.waitForExit() == 0)
            try await front.stop()
        }
    }

    @Test("--forget-server removes the line and says so; a second time it finds nothing (status 1)")
    func forget() async throws {
        let stateHome = FileManager.default.temporaryDirectory.appendingPathComponent("papo-state-\(UUID())")
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
