import Foundation
import NIOSSL
import SwiftASN1
import X509

/// Loads a PEM certificate chain and its PEM private key and checks that they can be served: both readable, the
/// chain non-empty, the key unencrypted and the one for the leaf, the leaf valid now. Every refusal is a
/// `TLSFileError` naming the file, so papod can stop at start-up with one clear line, and the reloader can keep the
/// previous pair while a renewal is only half copied.
public enum TLSCertificateFiles {
    /// Block types a private key may come in: PKCS#8, SEC1 (EC) and PKCS#1 (RSA), as NIOSSL and swift-certificates
    /// both read them.
    static let privateKeyDiscriminators: Set<String> = ["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"]

    /// Reads and checks the pair.
    /// - Parameters:
    ///   - certificatePath: PEM full chain, leaf first (what certbot calls `fullchain.pem`).
    ///   - keyPath: PEM private key: ECDSA P-256/P-384/P-521, RSA or Ed25519; PKCS#8, SEC1 or PKCS#1.
    ///   - now: The time the leaf must be valid at.
    ///   - source: What the summary says the pair came from.
    public static func load(
        certificatePath: String,
        keyPath: String,
        now: Date,
        source: CertificateSummary.Source = .files
    ) throws(TLSFileError) -> LoadedCertificate {
        let certificatePEM = try TLSFileAccess.contents(of: certificatePath, role: .certificate)
        let keyPEM = try TLSFileAccess.contents(of: keyPath, role: .key)
        return try Self.parse(
            certificatePEM: certificatePEM,
            keyPEM: keyPEM,
            certificatePath: certificatePath,
            keyPath: keyPath,
            now: now,
            source: source
        )
    }

    /// Checks the pair from bytes already read, so the reloader validates exactly the bytes whose digest it
    /// remembers. The paths are only for the errors.
    static func parse(
        certificatePEM: [UInt8],
        keyPEM: [UInt8],
        certificatePath: String,
        keyPath: String,
        now: Date,
        source: CertificateSummary.Source
    ) throws(TLSFileError) -> LoadedCertificate {
        let chain = try Self.parseChain(certificatePEM, path: certificatePath)
        let key = try Self.parsePrivateKey(keyPEM, path: keyPath)
        guard let leaf = chain.first else {
            throw TLSFileError(.certificate, path: certificatePath, .noCertificate)
        }
        guard key.x509.publicKey == leaf.x509.publicKey else {
            throw TLSFileError(.key, path: keyPath, .keyMismatch(certificatePath: certificatePath))
        }
        if now < leaf.x509.notValidBefore {
            throw TLSFileError(.certificate, path: certificatePath, .notYetValid(notBefore: leaf.x509.notValidBefore))
        }
        if now > leaf.x509.notValidAfter {
            throw TLSFileError(.certificate, path: certificatePath, .expired(notAfter: leaf.x509.notValidAfter))
        }
        return LoadedCertificate(
            certificateChain: chain.map(\.nio),
            privateKey: key.nio,
            summary: CertificateSummary(leaf: leaf.x509, leafDER: leaf.der, source: source)
        )
    }

    /// Every `CERTIFICATE` block, in file order, parsed by both swift-certificates (for the checks and the summary)
    /// and NIOSSL (for the handshake). Other blocks are skipped, so a file holding key and chain together works.
    private static func parseChain(
        _ bytes: [UInt8],
        path: String
    ) throws(TLSFileError) -> [(x509: Certificate, nio: NIOSSLCertificate, der: [UInt8])] {
        let notPEM = TLSFileError(.certificate, path: path, .notPEMCertificate)
        guard let documents = Self.pemDocuments(bytes) else { throw notPEM }
        if documents.isEmpty {
            let isBlank = bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            throw isBlank ? TLSFileError(.certificate, path: path, .noCertificate) : notPEM
        }
        var chain: [(x509: Certificate, nio: NIOSSLCertificate, der: [UInt8])] = []
        for document in documents where document.discriminator == Certificate.defaultPEMDiscriminator {
            do {
                let certificate = try Certificate(derEncoded: document.derBytes)
                let nioCertificate = try NIOSSLCertificate(bytes: document.derBytes, format: .der)
                chain.append((certificate, nioCertificate, document.derBytes))
            } catch {
                throw notPEM
            }
        }
        guard !chain.isEmpty else {
            throw TLSFileError(.certificate, path: path, .noCertificate)
        }
        return chain
    }

    /// The first private key block, parsed by swift-certificates (to compare public keys, as NIOSSL offers no way
    /// to get a private key's public half) and by NIOSSL (for the handshake).
    private static func parsePrivateKey(
        _ bytes: [UInt8],
        path: String
    ) throws(TLSFileError) -> (x509: Certificate.PrivateKey, nio: NIOSSLPrivateKey) {
        let notPEM = TLSFileError(.key, path: path, .notPEMPrivateKey)
        guard let documents = Self.pemDocuments(bytes) else { throw notPEM }
        guard let document = documents.first(where: { Self.privateKeyDiscriminators.contains($0.discriminator) })
        else {
            if documents.contains(where: { $0.discriminator == "ENCRYPTED PRIVATE KEY" }) {
                throw TLSFileError(.key, path: path, .encryptedPrivateKey)
            }
            throw notPEM
        }
        do {
            let key = try Certificate.PrivateKey(pemDocument: document)
            let nioKey = try NIOSSLPrivateKey(bytes: Array(document.pemString.utf8), format: .pem)
            return (key, nioKey)
        } catch {
            throw notPEM
        }
    }

    /// The PEM blocks in `bytes`, or nil if they are not UTF-8 or a block does not decode. Text around the blocks
    /// (openssl's `subject=` and `Bag Attributes` lines) is ignored.
    private static func pemDocuments(_ bytes: [UInt8]) -> [PEMDocument]? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return try? PEMDocument.parseMultiple(pemString: text)
    }
}
