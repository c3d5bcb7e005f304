import PapoCore
import Foundation
import NIOCore
import NIOSSL
import PapoTLS
import SwiftASN1
import NIOConcurrencyHelpers
import X509

/// papo's TLS for one server and session: one `NIOSSLContext` for every (re)connection, and the
/// certificate check run from NIOSSL's custom verification callback.
///
/// The callback replaces all of BoringSSL's verification, so the check does it all itself:
/// swift-certificates' `Verifier` (RFC 5280 and the server's name or address) against the
/// system's roots or `--tls-ca`, then ``ServerTrust`` with the pin and the remembered
/// fingerprint, then, for a new server, the question. The callback completes its promise only
/// after that, so the handshake, and every chat byte behind it, waits for the user's answer.
/// An accepted fingerprint is also kept for the session, so a reconnection never asks again and
/// a different certificate on reconnection is refused even if the file could not be written.
public final class TLSConnector: Sendable {
    /// How long a handshake may stall while nobody is being asked.
    static let handshakeTimeout = TimeAmount.seconds(15)

    public let address: ServerAddress
    public let options: ClientTLSOptions
    private let context: NIOSSLContext
    private let roots: CertificateStore
    private let acceptedThisSession = NIOLockedValueBox<CertificateFingerprint?>(nil)

    /// Reads `--tls-ca` if given.
    /// - Throws: ``ClientOptionsError`` when that file cannot be read or holds no certificate.
    public init(address: ServerAddress, options: ClientTLSOptions) throws {
        self.address = address
        self.options = options
        if let path = options.certificateAuthorityPath {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ClientOptionsError("cannot read --tls-ca \(path)")
            }
            let certificates = try? NIOSSLCertificate.fromPEMFile(path).map {
                try Certificate(derEncoded: try $0.toDERBytes())
            }
            guard let certificates, !certificates.isEmpty else {
                throw ClientOptionsError("--tls-ca \(path) holds no PEM certificate papo can read")
            }
            self.roots = CertificateStore(certificates)
        } else {
            self.roots = CertificateStore.systemTrustRoots
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        // The custom callback decides everything; BoringSSL's own store is never consulted, so
        // it is not loaded.
        configuration.certificateVerification = .fullVerification
        configuration.trustRoots = .certificates([])
        self.context = try NIOSSLContext(configuration: configuration)
    }

    /// The handlers for a new connection, in order: TLS, then the waiter for its handshake.
    func makeHandlers(
        attempt: TLSAttempt, handshake: EventLoopPromise<Void>
    ) throws -> [any ChannelHandler] {
        let serverName = self.address.isIPAddress ? nil : self.address.host
        let tls = try NIOSSLClientHandler(
            context: self.context, serverHostname: serverName,
            customVerificationCallback: { certificates, promise in
                let chain = certificates.compactMap { try? $0.toDERBytes() }
                promise.completeWithTask {
                    if let refusal = await self.check(chain: chain, attempt: attempt) {
                        attempt.refusal = refusal
                        return .failed
                    }
                    return .certificateVerified
                }
            })
        return [tls, TLSHandshakeWaiter(promise: handshake, attempt: attempt, timeout: Self.handshakeTimeout)]
    }

    /// Decides about the chain the server presented (DER, leaf first); nil accepts it.
    func check(chain: [[UInt8]], attempt: TLSAttempt) async -> ServerTrustRefusal? {
        let server = self.address.knownServersKey
        let file = KnownServersFile(path: self.options.knownServersPath)
        func refusal(_ reason: ServerTrustRefusal.Reason) -> ServerTrustRefusal {
            ServerTrustRefusal(server: server, reason: reason, knownServersPath: file.path)
        }
        guard let leafBytes = chain.first else { return refusal(.noCertificate) }
        let presented = CertificateFingerprint(certificateDER: leafBytes)
        let leaf = try? Certificate(derEncoded: leafBytes)

        var isVerified = false
        if self.options.pinnedFingerprint == nil, let leaf {
            isVerified = await self.isVerifiedByAuthority(leaf: leaf, intermediates: chain.dropFirst())
        }
        var known = self.acceptedThisSession.withLockedValue { $0 }
        if known == nil && self.options.pinnedFingerprint == nil && !isVerified {
            do {
                known = try file.load().fingerprint(for: server)
            } catch {
                return refusal(.knownServersUnreadable("\(error)"))
            }
        }
        let trust = ServerTrust(
            server: server, presented: presented, isVerifiedByAuthority: isVerified,
            pinned: self.options.pinnedFingerprint, known: known)

        switch trust.decision {
        case .accept:
            self.acceptedThisSession.withLockedValue { $0 = presented }
            return nil
        case .refuse(let reason):
            return refusal(reason)
        case .ask:
            let question = TrustQuestion(
                server: server, fingerprint: presented, subject: leaf.map { String(describing: $0.subject) },
                notValidAfter: leaf?.notValidAfter)
            attempt.isAsking = true
            let answer = await self.options.asker.ask(question)
            attempt.isAsking = false
            switch answer {
            case .trust:
                self.acceptedThisSession.withLockedValue { $0 = presented }
                do {
                    try file.remember(presented, for: server)
                    self.options.asker.tell(Message(.trustAdded, ["server": "\(server)", "path": "\(file.path)"]))
                } catch {
                    self.options.asker.tell(Message(.trustThisSessionOnly, ["server": "\(server)", "error": "\(error)"]))
                }
                return nil
            case .decline:
                return refusal(.declined(presented: presented))
            case .cannotAsk:
                return refusal(.cannotAsk(presented: presented))
            }
        }
    }

    /// Whether `leaf` chains to a trusted root and names the host (or address) papo dialled.
    private func isVerifiedByAuthority(leaf: Certificate, intermediates: ArraySlice<[UInt8]>) async -> Bool {
        let intermediates = CertificateStore(intermediates.compactMap { try? Certificate(derEncoded: $0) })
        let isAddress = self.address.isIPAddress
        let host = self.address.host
        var verifier = Verifier(rootCertificates: self.roots) {
            RFC5280Policy()
            ServerIdentityPolicy(serverHostname: isAddress ? nil : host, serverIP: isAddress ? host : nil)
        }
        if case .validCertificate = await verifier.validate(leaf: leaf, intermediates: intermediates) {
            return true
        }
        return false
    }
}
