import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL
import PapoCore
import PapoTLS
import ServiceLifecycle

/// What the TLS doors serve: the context every TLS connection's handler is made from, the
/// reloader that keeps certificate files current (none for a self-signed pair), and the
/// summary the operator's `tls` shows.
struct TLSDoorMaterial: Sendable {
    enum Certificate: Sendable {
        /// Files, kept current by their reloader.
        case reloaded(CertificateFileReloader)
        /// The self-signed pair, which never changes while papod runs.
        case fixed(LoadedCertificate)
    }

    let context: NIOSSLContext
    let certificate: Certificate
    /// The ports of the doors that serve it, once they are bound.
    let servedPorts = NIOLockedValueBox<[Int]>([])

    /// The service that watches the certificate files, if there are files.
    var reloader: CertificateFileReloader? {
        if case .reloaded(let reloader) = self.certificate { return reloader }
        return nil
    }

    /// Loads and checks the certificate (or makes the self-signed pair), and logs its
    /// fingerprint. A bad file stops papod here, with one line naming it and the problem.
    static func load(_ settings: TLSSettings, dataDirectory: String?, logger: Logger) throws -> TLSDoorMaterial {
        let material: TLSDoorMaterial
        do {
            switch settings.certificate {
            case .files(let certificatePath, let keyPath):
                let loaded = try TLSCertificateFiles.load(certificatePath: certificatePath, keyPath: keyPath, now: Date())
                let reloader = CertificateFileReloader(
                    certificatePath: certificatePath, keyPath: keyPath, initial: loaded,
                    checkInterval: settings.reloadInterval, logger: logger)
                material = TLSDoorMaterial(
                    context: try ServerTLS.makeContext(reloader: reloader), certificate: .reloaded(reloader))
            case .selfSigned(let hostNames):
                guard let dataDirectory else {
                    throw PapodStartupError("--tls-self-signed needs a data directory to keep its certificate in")
                }
                let loaded = try SelfSignedCertificate.loadOrCreate(
                    directory: dataDirectory, hostNames: hostNames, now: Date(), logger: logger)
                material = TLSDoorMaterial(context: try ServerTLS.makeContext(loaded: loaded), certificate: .fixed(loaded))
            }
        } catch let error as TLSFileError {
            throw PapodStartupError("papod cannot start: \(error.description)")
        } catch let error as PapodStartupError {
            throw error
        } catch {
            throw PapodStartupError("papod cannot start: TLS cannot be set up: \(error)")
        }
        let summary = material.summary
        logger.notice(
            "TLS certificate SHA256 fingerprint \(summary.fingerprint)",
            metadata: [
                "tls.subject": "\(summary.subject)", "tls.names": "\(summary.names.joined(separator: ","))",
                "tls.not_after": "\(summary.notAfter)", "tls.source": "\(summary.source.rawValue)",
            ])
        return material
    }

    var summary: CertificateSummary {
        switch self.certificate {
        case .reloaded(let reloader): return reloader.currentSummary
        case .fixed(let loaded): return loaded.summary
        }
    }

    /// What `tls` shows.
    func status() -> TLSStatus {
        let summary = self.summary
        return TLSStatus(
            ports: self.servedPorts.withLockedValue { $0 }, fingerprint: summary.fingerprint, subject: summary.subject, names: summary.names,
            notAfter: summary.notAfter, source: summary.source.rawValue)
    }
}
