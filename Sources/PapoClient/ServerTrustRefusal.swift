import PapoCore
import PapoTLS

/// A TLS server papo would not talk to, and how to say so: a one-line ``summary`` for the exit
/// message and, when the certificate changed, the ssh-style ``warning`` that tells the user
/// how to check and how to forget the old certificate.
public struct ServerTrustRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// `--tls-fingerprint` named another certificate.
        case pinMismatch(pinned: CertificateFingerprint, presented: CertificateFingerprint)
        /// `known_servers` (or this session) remembers another certificate for this server.
        case changed(known: CertificateFingerprint, presented: CertificateFingerprint)
        /// The user answered no.
        case declined(presented: CertificateFingerprint)
        /// An unknown certificate and no terminal to ask on.
        case cannotAsk(presented: CertificateFingerprint)
        /// The server sent no certificate papo could read.
        case noCertificate
        /// `known_servers` exists but could not be read, so papo cannot tell new from changed.
        case knownServersUnreadable(String)
    }

    /// The server as `HOST:PORT`.
    public let server: String
    public let reason: Reason
    /// Where the remembered fingerprints live, named in the advice.
    public let knownServersPath: String

    public init(server: String, reason: Reason, knownServersPath: String) {
        self.server = server
        self.reason = reason
        self.knownServersPath = knownServersPath
    }

    /// One line, for the end of papo's output, in English.
    public var summary: String { self.summary(in: .english) }

    /// One line, for the end of papo's output.
    public func summary(in language: Language) -> String {
        let server: MessageValue = "\(self.server)"
        let message: Message
        switch self.reason {
        case .pinMismatch(let pinned, let presented):
            message = Message(.trustPinMismatch, ["server": server, "presented": "\(presented)", "pinned": "\(pinned)"])
        case .changed:
            message = Message(.trustChanged, ["server": server])
        case .declined:
            message = Message(.trustDeclined, ["server": server])
        case .cannotAsk(let presented):
            message = Message(.trustCannotAsk, ["server": server, "presented": "\(presented)"])
        case .noCertificate:
            message = Message(.trustNoCertificate, ["server": server])
        case .knownServersUnreadable(let why):
            message = Message(.trustKnownServersUnreadable, ["server": server, "error": "\(why)"])
        }
        return message.rendered(in: language)
    }

    /// The lines shown before the summary: the big warning when a known server's certificate
    /// changed, else nothing.
    public var warning: [String] {
        guard case .changed(let known, let presented) = self.reason else { return [] }
        let banner = String(repeating: "@", count: 59)
        return [
            banner,
            "@    WARNING: REMOTE SERVER IDENTIFICATION HAS CHANGED!     @",
            banner,
            "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!",
            "Someone could be eavesdropping on you right now (man-in-the-middle attack)!",
            "It is also possible that the server's certificate has just been replaced.",
            "The certificate papo remembers for \(self.server) has the SHA-256 fingerprint",
            "    \(known)",
            "but the server now presents",
            "    \(presented)",
            "To check, ask the server's operator to run `papoctl tls` on the server (papod also logs",
            "the fingerprint when it starts). If the new one is right, forget the old one:",
            "    papo --forget-server \(self.server)",
            "or remove this line from \(self.knownServersPath):",
            "    \(self.server) \(known)",
            "then connect again.",
        ]
    }

    /// The warning, if any, then the summary.
    public var description: String {
        (self.warning + [self.summary]).joined(separator: "\n")
    }
}
