import Foundation
import PapoTLS

/// What the user is shown before `Trust this server? [y/N]`: enough to compare with what papod
/// logged or `papoctl tls` shows, read off the certificate the server presented.
public struct TrustQuestion: Sendable, Equatable {
    /// The server as `HOST:PORT`.
    public var server: String
    public var fingerprint: CertificateFingerprint
    /// The certificate's subject as `CN=…`, when it could be read.
    public var subject: String?
    /// When the certificate stops being valid, when it could be read.
    public var notValidAfter: Date?

    public init(
        server: String, fingerprint: CertificateFingerprint, subject: String? = nil, notValidAfter: Date? = nil
    ) {
        self.server = server
        self.fingerprint = fingerprint
        self.subject = subject
        self.notValidAfter = notValidAfter
    }

    /// The lines before the question, as ssh words its own.
    public var explanation: [String] {
        var lines = [
            "The authenticity of \(self.server) can't be established: its certificate is not signed by an",
            "authority papo trusts, and papo has not seen this server before.",
        ]
        if let subject = self.subject { lines.append("  subject:             \(subject)") }
        if let notValidAfter = self.notValidAfter {
            let date = notValidAfter.formatted(Date.ISO8601FormatStyle().year().month().day())
            lines.append("  valid until:         \(date)")
        }
        lines.append("  SHA-256 fingerprint: \(self.fingerprint)")
        lines.append("Compare it with the fingerprint papod logged when it started, or `papoctl tls` on the server.")
        return lines
    }

    public static let question = "Trust this server? [y/N] "

    /// Whether `answer` says yes: `y` or `yes`, any case; anything else is no.
    public static func isYes(_ answer: String) -> Bool {
        let word = answer.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return word == "y" || word == "yes"
    }
}
