import Foundation
import PapoCore
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
    public func explanation(in language: Language) -> [String] {
        var messages = [Message(.trustUnknown, ["server": "\(self.server)"])]
        if let subject = self.subject { messages.append(Message(.trustSubject, ["subject": "\(subject)"])) }
        if let notValidAfter = self.notValidAfter {
            let date = notValidAfter.formatted(Date.ISO8601FormatStyle().year().month().day())
            messages.append(Message(.trustValidUntil, ["date": "\(date)"]))
        }
        messages.append(Message(.trustFingerprint, ["fingerprint": "\(self.fingerprint)"]))
        messages.append(Message(.trustCompare))
        return messages.flatMap { $0.rendered(in: language).split(separator: "\n").map(String.init) }
    }

    public static func question(in language: Language) -> String {
        Message(.trustQuestion).rendered(in: language)
    }

    /// Whether `answer` says yes: `y` or `yes`, or in Portuguese `s` or `sim`, any case;
    /// anything else is no.
    public static func isYes(_ answer: String) -> Bool {
        let word = answer.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return ["y", "yes", "s", "sim"].contains(word)
    }
}
