import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// Certificates made in the test with swift-certificates (P-256, SAN 127.0.0.1 and localhost),
/// as papod's self-signed pair is made, plus a small CA and a leaf it signs.
struct TestCertificates {
    /// A certificate with its key, in NIOSSL's types for a server and in DER for fingerprints.
    struct Pair {
        let certificate: Certificate
        let key: P256.Signing.PrivateKey

        var der: [UInt8] {
            get throws {
                var serializer = DER.Serializer()
                try serializer.serialize(self.certificate)
                return serializer.serializedBytes
            }
        }

        var pem: String {
            get throws { try self.certificate.serializeAsPEM().pemString }
        }

        /// A server's TLS context presenting this certificate (and `chain` after it).
        func serverContext(chain: [Pair] = []) throws -> NIOSSLContext {
            let certificates = try ([self] + chain).map { try NIOSSLCertificate(bytes: $0.der, format: .der) }
            let key = try NIOSSLPrivateKey(bytes: Array(self.key.pemRepresentation.utf8), format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
            return try NIOSSLContext(configuration: configuration)
        }
    }

    private static func serverExtensions() throws -> Certificate.Extensions {
        try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
        }
    }

    /// A self-signed server certificate, as papod makes when it has none.
    static func selfSigned(commonName: String = "localhost") throws -> Pair {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: try Self.serverExtensions(), issuerPrivateKey: .init(key))
        return Pair(certificate: certificate, key: key)
    }

    /// A certificate authority, for `--tls-ca`.
    static func authority() throws -> Pair {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("Papo Test CA") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: .init(key))
        return Pair(certificate: certificate, key: key)
    }

    /// A server certificate signed by `authority`.
    static func leaf(signedBy authority: Pair) throws -> Pair {
        let key = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400, issuer: authority.certificate.subject,
            subject: try DistinguishedName { CommonName("localhost") }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Self.serverExtensions(), issuerPrivateKey: .init(authority.key))
        return Pair(certificate: certificate, key: key)
    }
}
