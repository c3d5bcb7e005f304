import PapoTLS

/// Whether papo goes on with a TLS server, from what the handshake showed and what papo knows,
/// decided as ssh decides about host keys. Pure, so every branch is a unit test.
///
/// In order: a pinned fingerprint (`--tls-fingerprint`) is the only one accepted, whatever else
/// holds, since a script that pins means exactly that certificate; a chain a certificate
/// authority vouches for, for this host name, is accepted (a renewed certificate must not look
/// like an attack); a certificate matching the remembered one is accepted; a different one is
/// refused without asking, because that is what an attacker in the middle would present; and a
/// server never seen is asked about.
public struct ServerTrust: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        case accept(Acceptance)
        /// Show the fingerprint and ask `Trust this server? [y/N]`.
        case ask
        case refuse(ServerTrustRefusal.Reason)
    }

    /// Why a certificate was accepted.
    public enum Acceptance: Sendable, Equatable {
        case pinned
        case certificateAuthority
        case known
    }

    /// The server as `HOST:PORT` (its ``ServerAddress/knownServersKey``).
    public var server: String
    /// The fingerprint of the certificate the server presented.
    public var presented: CertificateFingerprint
    /// Whether the presented chain verified against the trusted roots for the host name.
    public var isVerifiedByAuthority: Bool
    /// The fingerprint given with `--tls-fingerprint`, if any.
    public var pinned: CertificateFingerprint?
    /// The fingerprint remembered for this server, in `known_servers` or earlier this session.
    public var known: CertificateFingerprint?

    public init(
        server: String, presented: CertificateFingerprint, isVerifiedByAuthority: Bool,
        pinned: CertificateFingerprint? = nil, known: CertificateFingerprint? = nil
    ) {
        self.server = server
        self.presented = presented
        self.isVerifiedByAuthority = isVerifiedByAuthority
        self.pinned = pinned
        self.known = known
    }

    public var decision: Decision {
        if let pinned = self.pinned {
            return pinned == self.presented
                ? .accept(.pinned) : .refuse(.pinMismatch(pinned: pinned, presented: self.presented))
        }
        if self.isVerifiedByAuthority {
            return .accept(.certificateAuthority)
        }
        guard let known = self.known else {
            return .ask
        }
        return known == self.presented
            ? .accept(.known) : .refuse(.changed(known: known, presented: self.presented))
    }
}
