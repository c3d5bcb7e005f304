import PapoCore
import PapoTLS

/// How papo checks a TLS server: the flags `--tls-ca` and `--tls-fingerprint`, where accepted
/// certificates are remembered, and who is asked about a new one.
public struct ClientTLSOptions: Sendable {
    /// A PEM file of CA certificates trusted instead of the system's roots (`--tls-ca`), for a
    /// school that runs its own CA.
    public var certificateAuthorityPath: String?
    /// `--tls-fingerprint`: only this certificate is accepted, and nothing is asked or written.
    public var pinnedFingerprint: CertificateFingerprint?
    /// The `known_servers` file.
    public var knownServersPath: String
    public var asker: TrustAsker

    public init(
        certificateAuthorityPath: String? = nil, pinnedFingerprint: CertificateFingerprint? = nil,
        knownServersPath: String, asker: TrustAsker = .terminal(in: .english)
    ) {
        self.certificateAuthorityPath = certificateAuthorityPath
        self.pinnedFingerprint = pinnedFingerprint
        self.knownServersPath = knownServersPath
        self.asker = asker
    }
}
