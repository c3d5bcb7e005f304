import NIOSSL

/// A certificate chain and its private key that have been checked to belong together and to be valid now, with
/// the summary that describes them: what the server hands to NIOSSL, and what it reports.
public struct LoadedCertificate: Sendable {
    /// Leaf first, then any intermediates, as read from the file.
    public let certificateChain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey
    public let summary: CertificateSummary

    init(certificateChain: [NIOSSLCertificate], privateKey: NIOSSLPrivateKey, summary: CertificateSummary) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.summary = summary
    }

    /// The override NIOSSL applies at each handshake, so a reloaded pair is served to the next client.
    public var configurationOverride: NIOSSLContextConfigurationOverride {
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = self.certificateChain.map { .certificate($0) }
        override.privateKey = .privateKey(self.privateKey)
        return override
    }
}
