#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServerAddress {
    /// Whether the host is an IPv4 or IPv6 address rather than a name: an address is checked
    /// against the certificate's IP entries and is never sent as SNI, which allows names only.
    public var isIPAddress: Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return self.host.withCString { inet_pton(AF_INET, $0, &ipv4) == 1 || inet_pton(AF_INET6, $0, &ipv6) == 1 }
    }
}
