import Foundation
import PapoClient
import PapoCore
import PapoTLS
import Testing

@Suite("ClientOptions and ServerAddress")
struct ClientOptionsTests {
    static let environment = ["HOME": "/home/ana"]
    static let fingerprint = CertificateFingerprint(certificateDER: [7])

    @Test(
        "every way of naming the server",
        arguments: [
            ("localhost", nil, false, "localhost", 5050, false),
            ("school.example:6000", nil, false, "school.example", 6000, false),
            ("school.example:6000", 7000, false, "school.example", 7000, false),
            ("[::1]:5055", nil, false, "::1", 5055, false),
            ("[::1]", nil, false, "::1", 5050, false),
            ("::1", nil, false, "::1", 5050, false),
            ("papo://school.example:6000", nil, false, "school.example", 6000, false),
            ("papo://school.example", nil, false, "school.example", 5050, false),
            ("papos://school.example:6001", nil, false, "school.example", 6001, true),
            ("papos://school.example/", nil, false, "school.example", 5051, true),
            ("PAPOS://[fd00::7]:5099", nil, false, "fd00::7", 5099, true),
            ("school.example", nil, true, "school.example", 5051, true),
            ("school.example:5052", nil, true, "school.example", 5052, true),
            ("papos://school.example", nil, true, "school.example", 5051, true),
        ] as [(String, Int?, Bool, String, Int, Bool)])
    func addresses(text: String, port: Int?, tls: Bool, host: String, expectedPort: Int, usesTLS: Bool) throws {
        let address = try ServerAddress(parsing: text, port: port, tls: tls)
        #expect(address == ServerAddress(host: host, port: expectedPort, usesTLS: usesTLS))
    }

    @Test(
        "what cannot be an address is refused with a reason",
        arguments: [
            ("host:port", nil, false, "bad port in host:port"),
            ("host:0", nil, false, "the port must be from 1 to 65535"),
            ("host", 70000, false, "the port must be from 1 to 65535"),
            ("http://host:80", nil, false, "http://host:80: use papo://HOST:PORT (plain) or papos://HOST:PORT (TLS)"),
            ("papo://host:5050", nil, true, "papo://host:5050 names the plain door; use papos:// for TLS"),
            ("papos://", nil, false, "bad address papos://"),
            ("papos://host/room", nil, false, "bad address papos://host/room"),
            ("[::1]x", nil, false, "bad address [::1]x"),
            ("", nil, false, "bad address "),
        ] as [(String, Int?, Bool, String)])
    func refuses(text: String, port: Int?, tls: Bool, message: String) {
        #expect(throws: ClientOptionsError(message)) {
            try ServerAddress(parsing: text, port: port, tls: tls)
        }
    }

    @Test("known_servers names a server in lower case, with an IPv6 host in brackets")
    func keys() {
        let named = ServerAddress(host: "School.Example", port: 5051, usesTLS: true)
        #expect(named.knownServersKey == "school.example:5051")
        #expect(ServerAddress(host: "fd00::7", port: 5051, usesTLS: true).knownServersKey == "[fd00::7]:5051")
        #expect(ServerAddress(host: "127.0.0.1", port: 1, usesTLS: true).isIPAddress)
        #expect(ServerAddress(host: "::1", port: 1, usesTLS: true).isIPAddress)
        #expect(!ServerAddress(host: "localhost", port: 1, usesTLS: true).isIPAddress)
    }

    @Test("a plain address has no TLS options")
    func plain() throws {
        let options = try ClientOptions(server: "school.example:6000", environment: Self.environment)
        #expect(options.tls == nil)
        #expect(options.host == "school.example" && options.port == 6000)
    }

    @Test("papos:// gets TLS options with the default known_servers and nothing pinned")
    func secure() throws {
        let options = try ClientOptions(
            server: "papos://school.example", environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/ana"])
        let tls = try #require(options.tls)
        #expect(options.port == 5051)
        #expect(tls.knownServersPath == "/s/papo/known_servers")
        #expect(tls.pinnedFingerprint == nil && tls.certificateAuthorityPath == nil)
        #expect(options.address == ServerAddress(host: "school.example", port: 5051, usesTLS: true))
    }

    @Test("--tls-fingerprint pins, in any form people paste, and implies TLS")
    func pins() throws {
        let text = "sha256 Fingerprint=" + Self.fingerprint.description.lowercased()
        let options = try ClientOptions(server: "school.example", fingerprint: text, environment: Self.environment)
        #expect(options.tls?.pinnedFingerprint == Self.fingerprint)
        #expect(options.port == 5051)
    }

    @Test("--tls-ca implies TLS and is kept")
    func certificateAuthority() throws {
        let options = try ClientOptions(
            server: "school.example", certificateAuthorityPath: "/etc/school-ca.pem", environment: Self.environment)
        #expect(options.tls?.certificateAuthorityPath == "/etc/school-ca.pem")
    }

    @Test("a fingerprint that is not 32 hex bytes is refused")
    func badFingerprint() {
        #expect(throws: ClientOptionsError.self) {
            try ClientOptions(server: "school.example", fingerprint: "AB:CD", environment: Self.environment)
        }
    }

    @Test("papo:// with a TLS flag is a contradiction")
    func contradiction() {
        #expect(throws: ClientOptionsError.self) {
            try ClientOptions(
                server: "papo://school.example", fingerprint: Self.fingerprint.description, environment: [:])
        }
    }

    @Test("yes is y or yes (s or sim in Portuguese) in any case; anything else, or nothing, is no", arguments: [
        ("y", true), ("Y\n", true), (" yes ", true), ("YES", true), ("s", true), ("Sim", true), ("", false), ("n", false),
        ("yess", false), ("no", false), ("não", false),
    ])
    func answers(text: String, isYes: Bool) {
        #expect(TrustQuestion.isYes(text) == isYes)
    }

    @Test("the question shows the server, subject, expiry and fingerprint")
    func question() throws {
        let question = TrustQuestion(
            server: "school.example:5051", fingerprint: Self.fingerprint, subject: "CN=school.example",
            notValidAfter: try Date("2030-01-02T00:00:00Z", strategy: .iso8601))
        let text = question.explanation(in: .english).joined(separator: "\n")
        #expect(text.contains("school.example:5051"))
        #expect(text.contains("CN=school.example"))
        #expect(text.contains("2030-01-02"))
        #expect(text.contains("SHA-256 fingerprint: \(Self.fingerprint)"))
        #expect(TrustQuestion.question(in: .english) == "Trust this server? [y/N] ")
        let portuguese = question.explanation(in: .portuguese)
        #expect(portuguese.first == "Não é possível confirmar a autenticidade de school.example:5051: o certificado dele não é assinado por")
        #expect(portuguese.contains("  impressão SHA-256:   \(Self.fingerprint)"))
        #expect(portuguese.contains("  válido até:          2030-01-02"))
        #expect(TrustQuestion.question(in: .portuguese) == "Confiar neste servidor? [s/N] ")
    }
}
