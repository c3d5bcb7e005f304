import Crypto
import Foundation
import Logging
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The certificate papod serves when the operator names no files: made once and kept in the data directory, so its
/// fingerprint stays the same across restarts and students who compared it once (papo remembers it per server)
/// are not asked again.
public enum SelfSignedCertificate {
    public static let certificateFileName = "tls-self-signed-cert.pem"
    public static let keyFileName = "tls-self-signed-key.pem"

    /// 825 days from notBefore to notAfter: the longest server certificate Apple's TLS stack accepts, so the pair
    /// also works for a Mac or iPhone client that trusts it explicitly.
    public static let validity: TimeInterval = 825 * 86_400
    /// Backdating notBefore by an hour lets a client whose clock is a little behind accept a pair made just now.
    public static let backdating: TimeInterval = 3_600
    /// A pair this close to its notAfter is replaced at start-up rather than left to expire during a term.
    public static let renewalMargin: TimeInterval = 30 * 86_400

    /// The pair in `directory`, reused if it loads, matches and has more than `renewalMargin` left; otherwise a
    /// new P-256 key and certificate for `hostNames` (the first is the CN; all are subjectAltNames, IP addresses
    /// as such). Existing files are kept even if `hostNames` has changed since, because a new certificate means a
    /// new fingerprint for every student to check again.
    /// - Parameters:
    ///   - directory: Created (mode 0700) if missing.
    ///   - hostNames: DNS names and IP addresses; `defaultHostNames()` lists this machine's.
    ///   - now: The time validity is checked against and a new certificate starts from.
    ///   - logger: Told at notice when a new pair is made, and why.
    public static func loadOrCreate(
        directory: String,
        hostNames: [String],
        now: Date,
        logger: Logger? = nil
    ) throws(TLSFileError) -> LoadedCertificate {
        let certificatePath = Self.path(directory, Self.certificateFileName)
        let keyPath = Self.path(directory, Self.keyFileName)
        let reason: String
        do throws(TLSFileError) {
            let loaded = try TLSCertificateFiles.load(
                certificatePath: certificatePath,
                keyPath: keyPath,
                now: now,
                source: .selfSigned
            )
            if loaded.summary.notAfter.timeIntervalSince(now) > Self.renewalMargin {
                return loaded
            }
            reason = "the previous one expires \(loaded.summary.notAfter.utcMinuteText)"
        } catch {
            let isFirstStart =
                error.problem == .noSuchFile && error.role == .certificate
                && !FileManager.default.fileExists(atPath: keyPath)
            if isFirstStart {
                reason = "none yet"
            } else {
                reason = error.description
            }
        }

        do {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw TLSFileError(.certificate, path: certificatePath, .unwritable(reason: "cannot create \(directory)"))
        }
        let pair: (certificatePEM: [UInt8], keyPEM: [UInt8])
        do {
            pair = try Self.make(hostNames: hostNames, now: now)
        } catch {
            throw TLSFileError(.certificate, path: certificatePath, .unwritable(reason: "\(error)"))
        }
        // Key first: a crash between the two renames leaves a new key beside the old certificate, which the next
        // start refuses as a mismatch and replaces, rather than a certificate whose key is lost.
        try TLSFileAccess.replace(keyPath, with: pair.keyPEM, mode: 0o600, role: .key)
        try TLSFileAccess.replace(certificatePath, with: pair.certificatePEM, mode: 0o644, role: .certificate)
        let loaded = try TLSCertificateFiles.parse(
            certificatePEM: pair.certificatePEM,
            keyPEM: pair.keyPEM,
            certificatePath: certificatePath,
            keyPath: keyPath,
            now: now,
            source: .selfSigned
        )
        logger?.notice(
            "TLS self-signed certificate created",
            metadata: [
                "tls.fingerprint": "\(loaded.summary.fingerprint)",
                "tls.names": "\(loaded.summary.names.joined(separator: ", "))",
                "tls.reason": "\(reason)",
                "tls.certificate": "\(certificatePath)",
            ]
        )
        return loaded
    }

    /// A new P-256 key and a certificate for it, both PEM: CN the first name, every name a subjectAltName, not a
    /// CA, digitalSignature and serverAuth only, valid from `now` minus `backdating` for `validity`.
    static func make(hostNames: [String], now: Date) throws -> (certificatePEM: [UInt8], keyPEM: [UInt8]) {
        var alternativeNames: [GeneralName] = []
        var seen: Set<String> = []
        for name in hostNames {
            if let address = IPAddressText.bytes(name) {
                guard seen.insert(address.description).inserted else { continue }
                alternativeNames.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(address))))
            } else if !name.isEmpty, name.unicodeScalars.allSatisfy(\.isASCII) {
                guard seen.insert(name.lowercased()).inserted else { continue }
                alternativeNames.append(.dnsName(name))
            }
        }
        if alternativeNames.isEmpty {
            alternativeNames = [.dnsName("localhost")]
        }
        let commonName = hostNames.first { !$0.isEmpty } ?? "localhost"

        let signingKey = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(signingKey)
        let name = try DistinguishedName { CommonName(commonName) }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(alternativeNames)
        }
        let notBefore = now.addingTimeInterval(-Self.backdating)
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: privateKey.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notBefore.addingTimeInterval(Self.validity),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: privateKey
        )
        let certificatePEM = try certificate.serializeAsPEM().pemString + "\n"
        let keyPEM = signingKey.pemRepresentation + "\n"
        return (Array(certificatePEM.utf8), Array(keyPEM.utf8))
    }

    /// The names a student might connect with: `localhost`, this machine's host name, both loopback addresses and
    /// every address of an interface that is up, IPv6 link-local ones left out (they need a zone to be used and
    /// change with the interface). Case-insensitively deduplicated, in that order.
    public static func defaultHostNames() -> [String] {
        var names = ["localhost"]
        var buffer = [CChar](repeating: 0, count: 256)
        if gethostname(&buffer, buffer.count - 1) == 0 {
            let hostName = buffer.withUnsafeBufferPointer { pointer in
                pointer.baseAddress.map { String(cString: $0) } ?? ""
            }
            if !hostName.isEmpty {
                names.append(hostName)
            }
        }
        names.append("127.0.0.1")
        names.append("::1")
        names.append(contentsOf: Self.interfaceAddresses())

        var seen: Set<String> = []
        return names.filter { seen.insert($0.lowercased()).inserted }
    }

    private static func interfaceAddresses() -> [String] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var addresses: [String] = []
        var next = first
        while let interface = next {
            next = interface.pointee.ifa_next
            let flags = UInt32(interface.pointee.ifa_flags)
            guard flags & UInt32(IFF_UP) != 0, flags & UInt32(IFF_LOOPBACK) == 0,
                let address = interface.pointee.ifa_addr
            else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                }
                if let text = IPAddressText.text(bytes) {
                    addresses.append(text)
                }
            case AF_INET6:
                let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                }
                let isLinkLocal = bytes.count == 16 && bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
                if !isLinkLocal, let text = IPAddressText.text(bytes) {
                    addresses.append(text)
                }
            default:
                continue
            }
        }
        return addresses
    }

    private static func path(_ directory: String, _ fileName: String) -> String {
        directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }
}
