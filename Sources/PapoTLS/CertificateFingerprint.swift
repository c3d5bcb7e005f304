import Crypto

/// The SHA-256 digest of a certificate's DER bytes: what papod logs, `papoctl tls` shows and
/// `papo` remembers per server, written as `openssl x509 -fingerprint -sha256` writes it
/// (upper-case hex pairs joined by colons), so a teacher can compare them by eye.
public struct CertificateFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    public init<Bytes: Sequence<UInt8>>(certificateDER: Bytes) {
        self.bytes = Array(SHA256.hash(data: Array(certificateDER)))
    }

    /// Reads a fingerprint as people write it: hex, with or without colons or spaces, any case,
    /// optionally after `SHA256:` or `sha256 Fingerprint=`. Nil unless it holds exactly 32 bytes.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingWhitespace())
        for prefix in ["sha256 fingerprint=", "sha256:", "sha256="] where rest.lowercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        let digits = rest.filter { $0 != ":" && $0 != " " }
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    /// `AB:01:…`, 32 pairs.
    public var description: String {
        self.bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = self.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = self.lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}
