import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// A key and a certificate for it, made in-process so each test has its own and can choose the key type, the
/// validity window and the issuer; written as PEM in the encodings papod must accept.
public struct TestIdentity: Sendable {
    public enum KeyKind: String, CaseIterable, CustomStringConvertible, Sendable {
        case p256
        case p384
        case rsa2048

        public var description: String { self.rawValue }
    }

    /// How the private key is written: PKCS#8 (`PRIVATE KEY`) or the algorithm's own form (SEC1
    /// `EC PRIVATE KEY` for ECDSA, PKCS#1 `RSA PRIVATE KEY` for RSA).
    public enum KeyEncoding: String, CaseIterable, CustomStringConvertible, Sendable {
        case pkcs8
        case traditional

        public var description: String { self.rawValue }
    }

    public let kind: KeyKind
    public let certificate: Certificate
    public let certificateDER: [UInt8]
    private let pkcs8KeyPEM: String
    private let traditionalKeyPEM: String
    public let privateKey: Certificate.PrivateKey

    /// Whole seconds, because certificates hold no fractions and tests compare dates.
    public static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    public init(
        kind: KeyKind = .p256,
        commonName: String = "papo.test",
        dnsNames: [String] = ["papo.test", "localhost"],
        ipAddresses: [[UInt8]] = [[127, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
        notBefore: Date = Self.wholeSeconds(Date()).addingTimeInterval(-86_400),
        notAfter: Date = Self.wholeSeconds(Date()).addingTimeInterval(365 * 86_400),
        isCertificateAuthority: Bool = false,
        issuer: TestIdentity? = nil
    ) throws {
        self.kind = kind
        let signatureAlgorithm: Certificate.SignatureAlgorithm
        switch kind {
        case .p256:
            let key = P256.Signing.PrivateKey()
            self.privateKey = Certificate.PrivateKey(key)
            self.pkcs8KeyPEM = key.pemRepresentation
            self.traditionalKeyPEM = try Self.sec1PEM(
                rawPrivateKey: Array(key.rawRepresentation),
                publicKey: Array(key.publicKey.x963Representation),
                curve: [1, 2, 840, 10045, 3, 1, 7]
            )
            signatureAlgorithm = .ecdsaWithSHA256
        case .p384:
            let key = P384.Signing.PrivateKey()
            self.privateKey = Certificate.PrivateKey(key)
            self.pkcs8KeyPEM = key.pemRepresentation
            self.traditionalKeyPEM = try Self.sec1PEM(
                rawPrivateKey: Array(key.rawRepresentation),
                publicKey: Array(key.publicKey.x963Representation),
                curve: [1, 3, 132, 0, 34]
            )
            signatureAlgorithm = .ecdsaWithSHA384
        case .rsa2048:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            self.privateKey = Certificate.PrivateKey(key)
            self.pkcs8KeyPEM = key.pkcs8PEMRepresentation
            self.traditionalKeyPEM = key.pemRepresentation
            signatureAlgorithm = .sha256WithRSAEncryption
        }

        let subject = try DistinguishedName { CommonName(commonName) }
        var alternativeNames = dnsNames.map { GeneralName.dnsName($0) }
        alternativeNames += ipAddresses.map { GeneralName.ipAddress(ASN1OctetString(contentBytes: ArraySlice($0))) }
        let extensions = try Certificate.Extensions {
            if isCertificateAuthority {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            } else {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            }
        }
        self.certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: self.privateKey.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: issuer?.certificate.subject ?? subject,
            subject: subject,
            signatureAlgorithm: issuer.map { Self.signatureAlgorithm(for: $0.kind) } ?? signatureAlgorithm,
            extensions: extensions,
            issuerPrivateKey: issuer?.privateKey ?? self.privateKey
        )
        var serializer = DER.Serializer()
        try serializer.serialize(self.certificate)
        self.certificateDER = serializer.serializedBytes
    }

    public var certificatePEM: String {
        PEMDocument(type: "CERTIFICATE", derBytes: self.certificateDER).pemString + "\n"
    }

    public func keyPEM(_ encoding: KeyEncoding = .pkcs8) -> String {
        switch encoding {
        case .pkcs8: return self.pkcs8KeyPEM + "\n"
        case .traditional: return self.traditionalKeyPEM + "\n"
        }
    }

    private static func signatureAlgorithm(for kind: KeyKind) -> Certificate.SignatureAlgorithm {
        switch kind {
        case .p256: return .ecdsaWithSHA256
        case .p384: return .ecdsaWithSHA384
        case .rsa2048: return .sha256WithRSAEncryption
        }
    }

    /// RFC 5915 ECPrivateKey with the curve named, as `openssl ec` writes it; swift-crypto writes only PKCS#8.
    private static func sec1PEM(
        rawPrivateKey: [UInt8],
        publicKey: [UInt8],
        curve: ASN1ObjectIdentifier
    ) throws -> String {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.serialize(ASN1OctetString(contentBytes: ArraySlice(rawPrivateKey)))
            try coder.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { coder in
                try coder.serialize(curve)
            }
            try coder.serialize(explicitlyTaggedWithTagNumber: 1, tagClass: .contextSpecific) { coder in
                try coder.serialize(ASN1BitString(bytes: ArraySlice(publicKey)))
            }
        }
        return PEMDocument(type: "EC PRIVATE KEY", derBytes: serializer.serializedBytes).pemString
    }
}
