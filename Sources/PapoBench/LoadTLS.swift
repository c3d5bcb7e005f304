import NIOCore
import NIOSSL
import PapoBenchCore
import PapoTLS

/// TLS for every load client: one `NIOSSLContext` shared by all of them, so a connection costs
/// only its own handler and BoringSSL session, never a copy of the configuration or trust store.
///
/// Without a pinned fingerprint any certificate is accepted (verification is off): the bench
/// measures a server it was pointed at and has nobody to ask. With one, the leaf's SHA-256 must
/// match, checked in NIOSSL's custom verification callback on the event loop.
final class LoadTLS: Sendable {
    private let context: NIOSSLContext
    private let serverName: String?
    private let pinned: CertificateFingerprint?

    /// - Throws: `LoadOptionsError` naming `--tls-fingerprint` when it cannot be read.
    init(options: LoadOptions) throws {
        let pinned = try Self.pinnedFingerprint(options)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if pinned == nil {
            configuration.certificateVerification = .none
        } else {
            // The callback decides; BoringSSL's store is never consulted, so it is not loaded.
            configuration.certificateVerification = .fullVerification
            configuration.trustRoots = .certificates([])
        }
        // A run's end closes every client at once; waiting the default 5 s for each peer's
        // close_notify would only delay the report.
        configuration.shutdownTimeout = .seconds(1)
        self.context = try NIOSSLContext(configuration: configuration)
        self.pinned = pinned
        // SNI carries names only; an address is left out, as NIOSSL requires.
        let isAddress = (try? SocketAddress(ipAddress: options.host, port: 0)) != nil
        self.serverName = isAddress ? nil : options.host
    }

    /// `--tls-fingerprint` read, if given.
    static func pinnedFingerprint(_ options: LoadOptions) throws(LoadOptionsError) -> CertificateFingerprint? {
        guard let text = options.tlsFingerprint else { return nil }
        guard let fingerprint = CertificateFingerprint(text) else {
            throw LoadOptionsError("--tls-fingerprint must be a SHA-256 fingerprint: 32 hex bytes (AB:CD:…)")
        }
        return fingerprint
    }

    /// A client handler for one new connection.
    func makeHandler() throws -> NIOSSLClientHandler {
        guard let pinned = self.pinned else {
            return try NIOSSLClientHandler(context: self.context, serverHostname: self.serverName)
        }
        return try NIOSSLClientHandler(
            context: self.context, serverHostname: self.serverName,
            customVerificationCallback: { certificates, promise in
                let leaf = certificates.first.flatMap { try? $0.toDERBytes() }
                let matches = leaf.map { CertificateFingerprint(certificateDER: $0) == pinned } ?? false
                promise.succeed(matches ? .certificateVerified : .failed)
            })
    }
}
