import Foundation

/// Why a certificate or key file cannot be served, as one line that names the file: papod prints it at start-up and
/// the reloader logs it, and a teacher who mistyped a path or copied the wrong key should see what to fix without
/// reading a BoringSSL error stack.
public struct TLSFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which of the two files the problem is in.
    public enum Role: String, Sendable, Equatable {
        case certificate
        case key
    }

    /// What is wrong with the file.
    public enum Problem: Sendable, Equatable {
        /// Nothing at the path.
        case noSuchFile
        /// The file is there but `open`/`read` failed; the reason is `strerror`'s text, lower-cased.
        case unreadable(reason: String)
        /// Written (for the self-signed pair) failed; the reason is `strerror`'s text, lower-cased.
        case unwritable(reason: String)
        /// Not PEM, or a `CERTIFICATE` block that does not parse.
        case notPEMCertificate
        /// PEM that parses but has no `CERTIFICATE` block (an empty file, or a key given as the certificate).
        case noCertificate
        /// No unencrypted private key block that parses.
        case notPEMPrivateKey
        /// An `ENCRYPTED PRIVATE KEY` block: papod has no passphrase to open it with.
        case encryptedPrivateKey
        /// The key's public key is not the one in the leaf certificate at `certificatePath`.
        case keyMismatch(certificatePath: String)
        /// The leaf's notAfter is in the past.
        case expired(notAfter: Date)
        /// The leaf's notBefore is in the future.
        case notYetValid(notBefore: Date)
    }

    public let role: Role
    public let path: String
    public let problem: Problem

    public init(_ role: Role, path: String, _ problem: Problem) {
        self.role = role
        self.path = path
        self.problem = problem
    }

    public var description: String {
        let file = "TLS \(self.role.rawValue) \(self.path)"
        switch self.problem {
        case .noSuchFile:
            return "\(file): no such file"
        case .unreadable(let reason):
            return "\(file) cannot be read (\(reason))"
        case .unwritable(let reason):
            return "\(file) cannot be written (\(reason))"
        case .notPEMCertificate:
            return "\(file) is not a PEM certificate"
        case .noCertificate:
            return "\(file) holds no certificate"
        case .notPEMPrivateKey:
            return "\(file) is not a PEM private key"
        case .encryptedPrivateKey:
            return "\(file) is an encrypted private key (papod needs it unencrypted)"
        case .keyMismatch(let certificatePath):
            return "\(file) does not match the certificate \(certificatePath)"
        case .expired(let notAfter):
            return "\(file) expired on \(notAfter.utcMinuteText)"
        case .notYetValid(let notBefore):
            return "\(file) is not valid until \(notBefore.utcMinuteText)"
        }
    }
}
