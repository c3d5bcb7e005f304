import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address or CIDR block, such as `10.0.0.7`, `192.168.1.0/24` or `2001:db8::/32`.
public struct AddressBlock: Hashable, Sendable, CustomStringConvertible {
    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.parseAddress(String(parts[0])) else { return nil }
        let maximum = bytes.count * 8
        var prefix = maximum
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...maximum).contains(given), parts[1].allSatisfy(\.isASCIIDigitCharacter)
            else { return nil }
            prefix = given
        }
        self.init(bytes: bytes, prefixLength: prefix)
    }

    /// Whether `address` (a single address, as text) lies in this block.
    public func contains(_ address: String) -> Bool {
        guard let other = AddressBlock(address) else { return false }
        return self.contains(other)
    }

    public func contains(_ other: AddressBlock) -> Bool {
        var candidate = other.bytes
        // An IPv4-mapped IPv6 peer (::ffff:a.b.c.d) matches IPv4 blocks.
        if self.bytes.count == 4 && candidate.count == 16 && candidate.prefix(12) == Self.mappedPrefix[...] {
            candidate = Array(candidate.suffix(4))
        }
        guard candidate.count == self.bytes.count, other.prefixLength >= self.prefixLength else { return false }
        return AddressBlock(bytes: candidate, prefixLength: self.prefixLength).bytes == self.bytes
    }

    /// Keeps only the network part, so 10.1.2.3/8 and 10.0.0.0/8 are the same block.
    private init(bytes: [UInt8], prefixLength: Int) {
        self.prefixLength = prefixLength
        self.bytes = bytes.enumerated().map { index, byte in
            let bitsKept = min(8, max(0, prefixLength - index * 8))
            return bitsKept == 8 ? byte : byte & ~(UInt8(0xFF) >> UInt8(bitsKept))
        }
    }

    private static let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]

    private static func parseAddress(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        // inet_pton accepts only dotted quads in decimal, which is what we want.
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    public var description: String {
        let isSingle = self.prefixLength == self.bytes.count * 8
        var text: String
        if self.bytes.count == 4 {
            text = self.bytes.map(String.init).joined(separator: ".")
        } else {
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { raw in
                for (index, byte) in self.bytes.enumerated() { raw[index] = byte }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
            text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return isSingle ? text : "\(text)/\(self.prefixLength)"
    }
}

/// An address block as a snapshot keeps it: its text (`10.0.0.0/8`), parsed again as it is read
/// back, so a block never holds host bits its prefix should have cleared.
extension AddressBlock: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let block = AddressBlock(text) else {
            let context = DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "address block \(text)")
            throw DecodingError.dataCorrupted(context)
        }
        self = block
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}
