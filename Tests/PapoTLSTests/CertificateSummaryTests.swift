import Foundation
import PapoTLS
import Testing

@Suite("CertificateSummary")
struct CertificateSummaryTests {
    static let now = Date(timeIntervalSince1970: 1_764_921_600)  // 2025-12-05 08:00:00 UTC

    static func summary(notAfter: Date) -> CertificateSummary {
        CertificateSummary(
            fingerprint: "AB:CD",
            subject: "CN=localhost",
            names: ["localhost", "127.0.0.1"],
            notBefore: Self.now.addingTimeInterval(-3_600),
            notAfter: notAfter,
            source: .selfSigned
        )
    }

    @Test("renders lines for people")
    func lines() {
        let summary = Self.summary(notAfter: Self.now.addingTimeInterval(365 * 86_400))
        #expect(
            summary.lines(now: Self.now) == [
                "fingerprint SHA256 AB:CD",
                "subject CN=localhost",
                "names localhost, 127.0.0.1",
                "valid from 2025-12-05 07:00 UTC",
                "expires 2026-12-05 08:00 UTC (in 365 days)",
                "source self-signed",
            ]
        )
    }

    static let expiries: [(TimeInterval, String)] = [
        (86_400 * 2 - 1, "in 1 day"),
        (86_400 * 30, "in 30 days"),
        (3_600 * 5 + 59, "in 5 hours"),
        (90, "in 1 minute"),
        (10, "in less than a minute"),
        (0, "expired less than a minute ago"),
        (-86_400 * 3, "expired 3 days ago"),
    ]

    @Test("says how long is left, in whole units rounded down", arguments: expiries)
    func expiry(_ interval: TimeInterval, _ text: String) throws {
        let lines = Self.summary(notAfter: Self.now.addingTimeInterval(interval)).lines(now: Self.now)
        let expires = try #require(lines.first { $0.hasPrefix("expires ") })
        #expect(expires.hasSuffix("(\(text))"))
    }

    @Test("survives JSON, with the source as its word")
    func codable() throws {
        let summary = Self.summary(notAfter: Self.now.addingTimeInterval(1_000))
        let json = try JSONEncoder().encode(summary)
        #expect(String(decoding: json, as: UTF8.self).contains(#""source":"self-signed""#))
        #expect(try JSONDecoder().decode(CertificateSummary.self, from: json) == summary)
    }
}
