import Foundation
import Logging
import NIOCore
import NIOSSL
import PapoApplication
import PapoCore
import PapoServer
import PapoTLS
import PapoTestSupport
import Testing

/// The assignment's protocol inside TLS, on its own door, beside the plain one.
@Suite("TLS door")
struct TLSDoorTests {
    /// papod with both doors, the TLS one serving `files`. Its time is `clock`'s: a handshake
    /// runs out of time only when a test moves the clock past the 2 s frame deadline.
    static func configuration(
        _ files: CertificateFiles, password: String? = nil, clock: TestClock = TestClock()
    ) -> PapodConfiguration {
        var server = ServerConfiguration(chat: ChatConfiguration(moderatorPassword: password))
        server.use(clock)
        server.connectionLimits.frameDeadline = 2
        return files.papod(server: server)
    }

    /// A client context that takes any certificate: the tests look at which one was served.
    static func anyCertificate() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }

    /// A TLS client on the TLS door that has read its welcome, with the fingerprint it was served.
    static func connectTLS(_ server: TestServer) async throws -> (client: LineClient, fingerprint: String) {
        let client = try await LineClient.connect(to: try #require(server.tlsPort), tls: Self.anyCertificate())
        try await client.waitForLine { $0.hasPrefix("-!- Welcome to papod") }
        let certificate = try #require(try await client.channel.nioSSL_peerCertificate().get())
        return (client, CertificateFingerprint(certificateDER: try certificate.toDERBytes()).description)
    }

    @Test("Python's ssl module speaks the assignment's framing on the TLS door, with a plain client in the same room")
    func pythonClientOverTLS() async throws {
        let files = try CertificateFiles()
        try await TestServer.withServer(papod: Self.configuration(files)) { server in
            let tlsPort = try #require(server.tlsPort)
            let ana = try await server.connect(as: "ana")
            let script = """
                import socket, ssl, sys
                port, cafile = int(sys.argv[1]), sys.argv[2]
                context = ssl.create_default_context(cafile=cafile)
                with socket.create_connection(("127.0.0.1", port)) as raw:
                    with context.wrap_socket(raw, server_hostname="localhost") as tls:
                        print("version", tls.version(), flush=True)
                        def send(text):
                            data = text.encode()
                            tls.sendall(str(len(data)).encode().ljust(64) + data)
                        received = b""
                        while b"Type /help" not in received:
                            chunk = tls.recv(2048)
                            if not chunk:
                                sys.exit("closed before the welcome")
                            received += chunk
                        send("\\nmaria enviou: oi pela TLS\\nDigite sua mensagem:")
                        while b"<ana> oi maria" not in received:
                            chunk = tls.recv(2048)
                            if not chunk:
                                break
                            received += chunk
                        print(received.decode(), flush=True)
                        send("\\nmaria enviou: Desconectar\\nDigite sua mensagem:")
                        tls.sendall(b"Desconectar")
                """
            let python = try ChildProcess(
                executable: URL(fileURLWithPath: "/usr/bin/env"),
                arguments: ["python3", "-c", script, "\(tlsPort)", files.certificate], environment: [:])
            defer { python.kill() }
            try await ana.waitForLine("<maria> oi pela TLS")
            try await ana.sendLine("oi maria")
            #expect(try await python.waitForExit() == 0, "\(python.standardError)")
            #expect(python.standardOutput.contains("version TLSv1.3"))
            #expect(python.standardOutput.contains("-!- Welcome to papod, guest-2!"))
            #expect(python.standardOutput.contains("<ana> oi maria"))
            try await ana.waitForLine { $0.hasPrefix("-!- maria left") }
        }
    }

    @Test("IRC over TLS (6697): registration and OPER there; SASL on the plain IRC door is refused unread")
    func ircOverTLS() async throws {
        let files = try CertificateFiles()
        var papod = Self.configuration(files, password: "segredo")
        papod.irc = IRCSettings(port: 0, securePort: 0)
        try await TestServer.withServer(papod: papod) { server in
            let plain = try await LineClient.connect(to: try #require(server.ircPort))
            try await plain.sendRaw("CAP LS 302\r\nNICK ana\r\nUSER ana 0 * :Ana\r\nCAP REQ :sasl\r\n")
            try await plain.sendRaw("AUTHENTICATE PLAIN\r\nAUTHENTICATE \(Data("\0ana\0segredo".utf8).base64EncodedString())\r\n")
            let ircTLSPort = try #require(server.ircTLSPort)
            try await plain.waitForLine {
                $0.contains("NOTICE ana :error: passwords are accepted only over TLS: reconnect to port \(ircTLSPort) with TLS")
            }
            try await plain.waitForLine { $0.hasPrefix(":papod 904 ana ") }
            let secure = try await LineClient.connect(to: try #require(server.ircTLSPort), tls: Self.anyCertificate())
            try await secure.sendRaw("NICK prof\r\nUSER prof 0 * :Prof\r\n")
            try await secure.waitForLine { $0.hasPrefix(":papod 001 prof ") }
            try await secure.sendRaw("OPER prof segredo\r\n")
            try await secure.waitForLine { $0.hasPrefix(":papod MODE #lobby +o prof") }
        }
    }

    @Test("with a TLS door, /login on the plain door is refused naming the TLS port, and works over TLS")
    func loginOnlyOverTLS() async throws {
        let files = try CertificateFiles()
        try await TestServer.withServer(papod: Self.configuration(files, password: "segredo")) { server in
            let tlsPort = try #require(server.tlsPort)
            let plain = try await server.connect(as: "ana")
            try await plain.sendLine("/login segredo")
            try await plain.waitForLine(
                "-!- error: passwords are accepted only over TLS: reconnect to port \(tlsPort) with TLS (papo --tls) and /login there")
            let (secure, _) = try await Self.connectTLS(server)
            try await secure.sendLine("/login segredo")
            try await secure.waitForLine("-!- you are now a moderator; /help lists your commands")
            try await plain.waitForLine { $0.hasSuffix("is now a moderator") }
        }
    }

    @Test("the certificate files are reloaded while clients stay connected")
    func reloadUnderLiveConnections() async throws {
        let files = try CertificateFiles()
        let old = files.fingerprint
        let log = CollectedLog()
        try await TestServer.withServer(papod: Self.configuration(files), logger: log.logger) { server in
            let (first, served) = try await Self.connectTLS(server)
            #expect(served == old)
            try await first.sendLine("/nick primeira")
            try await first.waitForLine("-!- you are now known as primeira")
            #expect(await server.chatServer.executeOperator("tls").lines.contains("fingerprint SHA256 \(old)"))

            let renewed = try TestIdentity(commonName: "localhost")
            try files.write(renewed)
            let new = CertificateFingerprint(certificateDER: renewed.certificateDER).description
            // The reloader looks every 100 ms; wait (bounded) until the operator sees the new one.
            try await withTimeout(.seconds(20), waitingFor: "the renewed certificate to be served") {
                while !(await server.chatServer.executeOperator("tls").lines.contains("fingerprint SHA256 \(new)")) {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            let (second, servedNow) = try await Self.connectTLS(server)
            #expect(servedNow == new)
            try await second.sendLine("/nick segunda")
            try await first.waitForLine("-!- guest-2 is now known as segunda")
            try await first.sendLine("ainda aqui")
            try await second.waitForLine("<primeira> ainda aqui")

            // A bad pair (a key that is not the certificate's) keeps the one being served.
            try Data(try TestIdentity(commonName: "localhost").keyPEM().utf8).write(to: URL(fileURLWithPath: files.key))
            try await withTimeout(.seconds(20), waitingFor: "the reloader to refuse the mismatched key") {
                while !log.messages(atLeast: .warning).contains(where: { $0.contains("not reloaded") }) {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            let third = try await Self.connectTLS(server)
            #expect(third.fingerprint == new)
            try await third.client.sendLine("/nick terceira")
            try await first.waitForLine("-!- guest-3 is now known as terceira")
        }
    }
}
