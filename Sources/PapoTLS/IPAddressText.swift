#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts between IP address text and the 4 or 16 bytes a certificate's subjectAltName holds, with the C library's
/// own parser and printer, so `::1`, `0:0::1` and `127.0.0.1` mean what they mean to the sockets code.
enum IPAddressText {
    /// The address bytes, or nil if `text` is not an IPv4 or IPv6 address (so it is a DNS name). Brackets around an
    /// IPv6 address and a `%zone` suffix are dropped: neither belongs in a certificate.
    static func bytes(_ text: String) -> [UInt8]? {
        var address = Substring(text)
        if address.hasPrefix("["), address.hasSuffix("]") {
            address = address.dropFirst().dropLast()
        }
        if let zone = address.firstIndex(of: "%") {
            address = address[..<zone]
        }
        let plain = String(address)
        var v4 = in_addr()
        if inet_pton(AF_INET, plain, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, plain, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// `127.0.0.1` or `::1` for 4 or 16 bytes; nil for any other length.
    static func text<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        let array = Array(bytes)
        let family: Int32
        switch array.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let written = array.withUnsafeBytes { source in
            buffer.withUnsafeMutableBufferPointer { target in
                inet_ntop(family, source.baseAddress, target.baseAddress, socklen_t(target.count))
            }
        }
        guard written != nil else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in
            pointer.baseAddress.map { String(cString: $0) }
        }
    }
}
