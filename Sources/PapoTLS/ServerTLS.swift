import NIOCertificateReloading
import NIOSSL

/// The server side of papod's TLS door: one place that decides the protocol floor and how the pair is supplied,
/// so the listener, the tests and the benchmark all get the same configuration.
public enum ServerTLS {
    /// TLS 1.2 is the oldest version without known protocol breaks that every client papo targets still speaks.
    public static let minimumVersion: TLSVersion = .tlsv12

    /// A configuration that asks `reloader` for the pair at every handshake, so renewed files are served without a
    /// restart. The reloader's current pair is also set as the base pair, which NIOSSL needs to build a context.
    public static func makeConfiguration(reloader: CertificateFileReloader) -> TLSConfiguration {
        var configuration = Self.makeConfiguration(loaded: reloader.currentCertificate)
        configuration.setCertificateReloader(reloader)
        return configuration
    }

    /// A configuration for a pair that does not change while papod runs (the self-signed one).
    public static func makeConfiguration(loaded: LoadedCertificate) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: loaded.certificateChain.map { .certificate($0) },
            privateKey: .privateKey(loaded.privateKey)
        )
        configuration.minimumTLSVersion = Self.minimumVersion
        return configuration
    }

    /// The context for `NIOSSLServerHandler`s, built once and shared by every connection.
    public static func makeContext(reloader: CertificateFileReloader) throws -> NIOSSLContext {
        try NIOSSLContext(configuration: Self.makeConfiguration(reloader: reloader))
    }

    /// The context for a pair that does not change while papod runs.
    public static func makeContext(loaded: LoadedCertificate) throws -> NIOSSLContext {
        try NIOSSLContext(configuration: Self.makeConfiguration(loaded: loaded))
    }
}
