import PapoCore
import PapoTLS

/// How `papo` was asked to run.
public struct ClientOptions: Sendable {
    public var host: String
    public var port: Int
    public var nick: String?
    public var room: String?
    public var reconnects: Bool
    /// Seconds to keep reading replies after piped input ends.
    public var linger: Double
    public var historyPath: String?
    /// How to check the server's certificate; nil connects without TLS.
    public var tls: ClientTLSOptions?
    /// The language the user's locale asks for: asked of the server on connecting, and the
    /// one papo speaks itself (English when nil).
    public var language: Language?

    /// The language of papo's own texts.
    public var displayLanguage: Language { self.language ?? .english }

    public init(
        host: String = "localhost", port: Int = 5050, nick: String? = nil, room: String? = nil,
        reconnects: Bool = true, linger: Double = 0, historyPath: String? = nil, tls: ClientTLSOptions? = nil,
        language: Language? = nil
    ) {
        self.host = host
        self.port = port
        self.nick = nick
        self.room = room
        self.reconnects = reconnects
        self.linger = linger
        self.historyPath = historyPath
        self.tls = tls
        self.language = language
    }

    /// The options for papo's command line, checked: the server as `HOST[:PORT]`, `[IPv6]:PORT`,
    /// `papo://…` or `papos://…`, `--port`, and the TLS flags. `--tls-ca` and `--tls-fingerprint`
    /// imply TLS, since they mean nothing without it.
    public init(
        server: String, port: Int? = nil, tls: Bool = false, certificateAuthorityPath: String? = nil,
        fingerprint: String? = nil, nick: String? = nil, room: String? = nil, reconnects: Bool = true,
        linger: Double = 0, environment: [String: String]
    ) throws(ClientOptionsError) {
        let wantsTLS = tls || certificateAuthorityPath != nil || fingerprint != nil
        let address = try ServerAddress(parsing: server, port: port, tls: wantsTLS)
        var tlsOptions: ClientTLSOptions?
        if address.usesTLS {
            var pinned: CertificateFingerprint?
            if let fingerprint {
                guard let parsed = CertificateFingerprint(fingerprint) else {
                    throw ClientOptionsError(
                        "--tls-fingerprint must be a SHA-256 fingerprint: 32 hex bytes, as papod logs it (AB:CD:…)")
                }
                pinned = parsed
            }
            tlsOptions = ClientTLSOptions(
                certificateAuthorityPath: certificateAuthorityPath, pinnedFingerprint: pinned,
                knownServersPath: KnownServersFile.defaultPath(environment: environment),
                asker: .terminal(in: Language.requestedByLocale(environment) ?? .english))
        }
        self.init(
            host: address.host, port: address.port, nick: nick, room: room, reconnects: reconnects, linger: linger,
            tls: tlsOptions, language: Language.requestedByLocale(environment))
    }

    /// The server as papo connects to it.
    public var address: ServerAddress {
        ServerAddress(host: self.host, port: self.port, usesTLS: self.tls != nil)
    }
}
