import Foundation
import PapoTLS
import Testing

@Suite("CertificateFingerprint")
struct CertificateFingerprintTests {
    // SHA-256 of the three bytes "abc" (FIPS 180-2's first example).
    static let abc = "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"

    @Test("hashes the DER bytes and writes them as openssl does")
    func rendersLikeOpenSSL() {
        let fingerprint = CertificateFingerprint(certificateDER: Array("abc".utf8))
        #expect(fingerprint.description == Self.abc)
    }

    @Test(
        "reads what people paste",
        arguments: [
            abc,
            abc.lowercased(),
            abc.replacingOccurrences(of: ":", with: ""),
            "SHA256:" + abc,
            "sha256 Fingerprint=" + abc,
            "  " + abc + "\n",
        ])
    func parses(_ text: String) {
        #expect(CertificateFingerprint(text) == CertificateFingerprint(certificateDER: Array("abc".utf8)))
    }

    @Test("refuses what is not 32 hex bytes", arguments: ["", "AB:CD", String(repeating: "G", count: 64), abc + ":00"])
    func refuses(_ text: String) {
        #expect(CertificateFingerprint(text) == nil)
    }
}
