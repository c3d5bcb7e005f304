import Foundation
import SwiftASN1
import X509

/// What an operator needs to know about the certificate being served, in a form that can cross the control socket
/// (`papoctl tls`) and be logged at start-up: the fingerprint a student compares with what `papo` shows, the names
/// it is valid for, and when it runs out.
public struct CertificateSummary: Sendable, Codable, Equatable {
    /// Where the pair came from.
    public enum Source: String, Sendable, Codable, Equatable {
        /// Certificate and key files the operator named.
        case files
        /// The pair papod made for itself in its data directory.
        case selfSigned = "self-signed"
    }

    /// SHA-256 of the leaf's DER, as `CertificateFingerprint` writes it (`AB:CD:…`).
    public var fingerprint: String
    /// The leaf's subject as swift-certificates writes it, e.g. `CN=localhost`.
    public var subject: String
    /// The leaf's subjectAltName DNS names and IP addresses, in certificate order.
    public var names: [String]
    public var notBefore: Date
    public var notAfter: Date
    public var source: Source

    public init(
        fingerprint: String,
        subject: String,
        names: [String],
        notBefore: Date,
        notAfter: Date,
        source: Source
    ) {
        self.fingerprint = fingerprint
        self.subject = subject
        self.names = names
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.source = source
    }

    /// The summary of `leaf`, whose DER is `leafDER` (passed in because the caller already holds the exact bytes
    /// that were read, and the fingerprint must be of those).
    init(leaf: Certificate, leafDER: [UInt8], source: Source) {
        var names: [String] = []
        // A subjectAltName extension that does not decode leaves the list empty rather than refusing a certificate
        // that BoringSSL accepted: the summary is for people, the handshake does not depend on it.
        if let alternativeNames = try? leaf.extensions.subjectAlternativeNames {
            for name in alternativeNames {
                switch name {
                case .dnsName(let dnsName):
                    names.append(dnsName)
                case .ipAddress(let octets):
                    if let text = IPAddressText.text(octets.bytes) {
                        names.append(text)
                    }
                default:
                    continue
                }
            }
        }
        self.init(
            fingerprint: CertificateFingerprint(certificateDER: leafDER).description,
            subject: leaf.subject.description,
            names: names,
            notBefore: leaf.notValidBefore,
            notAfter: leaf.notValidAfter,
            source: source
        )
    }

    /// Lines for people, e.g. `fingerprint SHA256 AB:…`, `names localhost, 127.0.0.1` and
    /// `expires 2027-12-05 08:00 UTC (in 365 days)`; `now` makes the "in 365 days" part.
    public func lines(now: Date) -> [String] {
        [
            "fingerprint SHA256 \(self.fingerprint)",
            "subject \(self.subject.isEmpty ? "(empty)" : self.subject)",
            "names \(self.names.isEmpty ? "(none)" : self.names.joined(separator: ", "))",
            "valid from \(self.notBefore.utcMinuteText)",
            "expires \(self.notAfter.utcMinuteText) (\(Self.relative(self.notAfter.timeIntervalSince(now))))",
            "source \(self.source.rawValue)",
        ]
    }

    /// `in 365 days`, `in 5 hours`, `expired 2 days ago`: whole units, rounded down, so "in 30 days" never means
    /// 29 days and some hours.
    static func relative(_ interval: TimeInterval) -> String {
        if interval > 0 {
            return "in \(Self.span(interval))"
        }
        return "expired \(Self.span(-interval)) ago"
    }

    private static func span(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        func count(_ value: Int, _ unit: String) -> String {
            value == 1 ? "1 \(unit)" : "\(value) \(unit)s"
        }
        if seconds >= 86_400 {
            return count(seconds / 86_400, "day")
        }
        if seconds >= 3_600 {
            return count(seconds / 3_600, "hour")
        }
        if seconds >= 60 {
            return count(seconds / 60, "minute")
        }
        return "less than a minute"
    }
}
