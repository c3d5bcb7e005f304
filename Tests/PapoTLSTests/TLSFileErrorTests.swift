import Foundation
import PapoTLS
import Testing

@Suite("TLSFileError")
struct TLSFileErrorTests {
    static let date = Date(timeIntervalSince1970: 1_767_348_000)  // 2026-01-02 10:00:00 UTC

    static let cases: [(TLSFileError, String)] = [
        (TLSFileError(.certificate, path: "/c.pem", .noSuchFile), "TLS certificate /c.pem: no such file"),
        (
            TLSFileError(.key, path: "/k.pem", .unreadable(reason: "permission denied")),
            "TLS key /k.pem cannot be read (permission denied)"
        ),
        (
            TLSFileError(.key, path: "/k.pem", .unwritable(reason: "read-only file system")),
            "TLS key /k.pem cannot be written (read-only file system)"
        ),
        (
            TLSFileError(.certificate, path: "/c.pem", .notPEMCertificate),
            "TLS certificate /c.pem is not a PEM certificate"
        ),
        (TLSFileError(.certificate, path: "/c.pem", .noCertificate), "TLS certificate /c.pem holds no certificate"),
        (TLSFileError(.key, path: "/k.pem", .notPEMPrivateKey), "TLS key /k.pem is not a PEM private key"),
        (
            TLSFileError(.key, path: "/k.pem", .keyMismatch(certificatePath: "/c.pem")),
            "TLS key /k.pem does not match the certificate /c.pem"
        ),
        (
            TLSFileError(.certificate, path: "/c.pem", .expired(notAfter: date)),
            "TLS certificate /c.pem expired on 2026-01-02 10:00 UTC"
        ),
        (
            TLSFileError(.certificate, path: "/c.pem", .notYetValid(notBefore: date.addingTimeInterval(59))),
            "TLS certificate /c.pem is not valid until 2026-01-02 10:00 UTC"
        ),
    ]

    @Test("each problem is one line naming the file", arguments: cases)
    func describes(_ error: TLSFileError, _ line: String) {
        #expect(error.description == line)
        #expect("\(error)" == line)
    }
}
