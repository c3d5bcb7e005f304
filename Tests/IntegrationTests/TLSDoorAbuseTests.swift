import Foundation
import NIOCore
import PapoApplication
import PapoCore
@testable import PapoServer
import PapoTLS
import PapoTestSupport
import Testing

/// What the TLS door does with clients that do not speak TLS, or not well, and with bad
/// certificate files: each costs one connection, never the chat or papod's start-up a riddle.
@Suite("TLS door abuse and bad files")
struct TLSDoorAbuseTests {
    @Test(
        "a plaintext client, garbage and a stalled handshake on the TLS port are closed and never join the chat",
        arguments: [
            ("plaintext", Array("/nick intruso\nhello\n".utf8)),
            ("garbage", (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }),
            // The start of a TLS record (handshake, version 3.1, 512 bytes) that never comes.
            ("stalled", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01]),
        ])
    func badClientsOnTheTLSPort(kind: String, bytes: [UInt8]) async throws {
        let files = try CertificateFiles()
        let clock = TestClock()
        try await TestServer.withServer(papod: TLSDoorTests.configuration(files, clock: clock)) { server in
            let ana = try await server.connect(as: "ana")
            let intruder = try await LineClient.connect(to: try #require(server.tlsPort))
            do {
                try await intruder.sendRaw(bytes)
            } catch ChannelError.ioOnClosedChannel {
                // papod closed on the first bad bytes before the rest were written (seen under
                // ThreadSanitizer): closed is what is expected.
            }
            if kind == "stalled" {
                // Closed when the 2 s frame deadline has passed, not before.
                try await Self.waitUntilWatched(server, count: 1)
                clock.advance(by: 1.9)
                await server.chatServer.tickAndWait()
                #expect(await server.chatServer.watchedArrivals() == 1)
                clock.advance(by: 0.2)
                await server.chatServer.tickAndWait()
                #expect(await server.chatServer.watchedArrivals() == 0)
            }
            // Closed: at once for what is not TLS, at the frame deadline for a stall.
            let lines = try await intruder.waitForClose(timeout: .seconds(20))
            #expect(!lines.contains { $0.contains("Welcome") })
            // The chat never saw it: ana, still chatting, has no one else in the room.
            try await ana.sendLine("/who ana")
            try await ana.waitForLine { $0.hasPrefix("-!- ana is in #lobby") }
            #expect(server.chatServer.snapshot.clients.count == 1)
            #expect(!ana.receivedLines.contains { $0.contains("joined #lobby") })
        }
    }

    /// Waits (bounded) until `count` connections still shaking hands have their deadline
    /// watched: the server has accepted them, so moving the clock concerns them.
    static func waitUntilWatched(_ server: TestServer, count: Int) async throws {
        try await withTimeout(.seconds(20), waitingFor: "the handshake's deadline to be watched") {
            while await server.chatServer.watchedArrivals() < count {
                try Task.checkCancellation()
                await Task.yield()
            }
        }
    }

    @Test("the per-address cap counts both doors: a TLS client over it is told why, inside TLS")
    func capsApplyInsideTLS() async throws {
        let files = try CertificateFiles()
        var configuration = TLSDoorTests.configuration(files)
        configuration.server.connectionLimits.maxConnectionsPerAddress = 1
        try await TestServer.withServer(papod: configuration) { server in
            let plain = try await server.connect(as: "ana")
            let secure = try await LineClient.connect(
                to: try #require(server.tlsPort), tls: TLSDoorTests.anyCertificate())
            #expect(try await secure.waitForClose() == ["-!- error: too many connections from your address (limit 1)"])
            try await plain.sendLine("still here")
            #expect(server.chatServer.snapshot.clients.count == 1)
        }
    }

    /// papod's start-up error for a TLS door serving `certificate` and `key`.
    static func startupError(certificate: String, key: String) async throws -> String {
        var configuration = PapodConfiguration(threads: 1)
        configuration.tls = TLSSettings(port: 0, certificate: .files(certificate: certificate, key: key))
        do {
            try await TestServer.withServer(papod: configuration) { _ in }
        } catch let error as PapodStartupError {
            return error.description
        }
        Issue.record("papod started with \(certificate) and \(key)")
        return ""
    }

    @Test("every bad certificate or key file stops papod at start-up with one line naming the file")
    func badFilesStopPapod() async throws {
        let files = try CertificateFiles()
        let directory = files.directory
        let missing = directory.appendingPathComponent("missing.pem").path
        #expect(
            try await Self.startupError(certificate: missing, key: files.key)
                == "papod cannot start: TLS certificate \(missing): no such file")
        let notPEM = directory.appendingPathComponent("not.pem").path
        try Data("this is not a certificate\n".utf8).write(to: URL(fileURLWithPath: notPEM))
        #expect(
            try await Self.startupError(certificate: notPEM, key: files.key)
                == "papod cannot start: TLS certificate \(notPEM) is not a PEM certificate")
        #expect(
            try await Self.startupError(certificate: files.certificate, key: notPEM)
                == "papod cannot start: TLS key \(notPEM) is not a PEM private key")
        let other = try CertificateFiles(name: "other", in: directory)
        #expect(
            try await Self.startupError(certificate: files.certificate, key: other.key)
                == "papod cannot start: TLS key \(other.key) does not match the certificate \(files.certificate)")
        let expired = try CertificateFiles(
            name: "expired",
            identity: TestIdentity(
                notBefore: Date(timeIntervalSince1970: 1_700_000_000), notAfter: Date(timeIntervalSince1970: 1_750_000_000)),
            in: directory)
        let message = try await Self.startupError(certificate: expired.certificate, key: expired.key)
        #expect(message.hasPrefix("papod cannot start: TLS certificate \(expired.certificate) expired on 2025-06-15"), "\(message)")
    }

    @Test("the papod binary says which file is bad, in one line, and exits 1")
    func badFileInTheBinary() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("papo-none-\(UUID().uuidString).pem").path
        let papod = try ChildProcess(
            executable: try PapodProcess.executable(),
            arguments: [
                "--host", "127.0.0.1", "--port", "0", "--tls-port", "0", "--no-console", "--no-web", "--no-irc", "--tls-cert", missing,
                "--tls-key", missing, "--data-dir", PapodProcess.temporaryDataDirectory().path,
            ],
            environment: [:])
        defer { papod.kill() }
        #expect(try await papod.waitForExit() == 1)
        let errors = papod.standardError.split(separator: "\n").filter { $0.contains("papod cannot start") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasSuffix("papod cannot start: TLS certificate \(missing): no such file") == true, "\(papod.standardError)")
        #expect(!papod.standardError.contains("listening"))
    }
}
