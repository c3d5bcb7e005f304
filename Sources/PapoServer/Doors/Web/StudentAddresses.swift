import NIOCore
import NIOPosix

/// The address a teacher writes on the board: where students open the web client, with this
/// machine's own network addresses when papod listens on all of them.
public enum StudentAddresses {
    /// `students: open http://192.168.0.12:8080/` for a bound web door.
    public static func line(for listener: DoorListener) -> String {
        let scheme = listener.door.isSecure ? "https" : "http"
        let interfaces = ((try? System.enumerateDevices()) ?? []).compactMap { $0.address?.ipAddress }
        let urls = Self.urls(
            scheme: scheme, boundHost: listener.address.ipAddress ?? listener.door.host,
            port: listener.address.port ?? listener.door.port, interfaceAddresses: interfaces)
        let onlyHere = urls.allSatisfy { $0.contains("127.0.0.1") || $0.contains("[::1]") }
        return "students: open " + urls.joined(separator: " or ") + (onlyHere ? " (this machine only)" : "")
    }

    /// The page's addresses: the bound one, or, for a wildcard bind, every interface address
    /// other than loopback (IPv6 ones only when bound to `::`), else loopback.
    static func urls(scheme: String, boundHost: String, port: Int, interfaceAddresses: [String]) -> [String] {
        let hosts: [String]
        switch boundHost {
        case "0.0.0.0", "::":
            let external = interfaceAddresses.filter { address in
                let isV6 = address.contains(":")
                if isV6 && boundHost != "::" { return false }
                return !address.hasPrefix("127.") && address != "::1" && !address.lowercased().hasPrefix("fe80:")
            }
            var seen = Set<String>()
            let unique = external.filter { seen.insert($0).inserted }
            hosts = unique.isEmpty ? ["127.0.0.1"] : unique
        default:
            hosts = [boundHost]
        }
        return hosts.map { host in
            let shown = host.contains(":") ? "[\(host)]" : host
            return "\(scheme)://\(shown):\(port)/"
        }
    }
}
