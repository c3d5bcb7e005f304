/// Where papo connects, and whether through TLS, read from what people type: `HOST`,
/// `HOST:PORT`, `[IPv6]:PORT`, a bare IPv6 address, `papo://HOST[:PORT]` (plain) or
/// `papos://HOST[:PORT]` (TLS).
///
/// The URL forms exist so that one string pasted from a class page says everything; the plain
/// forms stay because scripts already use them.
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// The plain door's port, papod's `--port` default.
    public static let defaultPort = 5050
    /// The TLS door's port, papod's `--tls-port` default.
    public static let defaultTLSPort = 5051

    public var host: String
    public var port: Int
    public var usesTLS: Bool

    public init(host: String, port: Int, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Reads `text`, with `port` (from `--port`) winning over a port in the text, as it always
    /// has. `tls` (from `--tls`) asks for TLS; `papos://` implies it and `papo://` contradicts it.
    /// Without a port anywhere, the door's default is used: 5051 for TLS, else 5050.
    public init(parsing text: String, port: Int? = nil, tls: Bool = false) throws(ClientOptionsError) {
        var rest = Substring(text)
        var schemeSaysTLS: Bool?
        let lowered = text.lowercased()
        if lowered.hasPrefix("papos://") {
            schemeSaysTLS = true
            rest = rest.dropFirst("papos://".count)
        } else if lowered.hasPrefix("papo://") {
            schemeSaysTLS = false
            rest = rest.dropFirst("papo://".count)
        } else if text.contains("://") {
            throw ClientOptionsError("\(text): use papo://HOST:PORT (plain) or papos://HOST:PORT (TLS)")
        }
        if schemeSaysTLS != nil && rest.hasSuffix("/") {
            rest = rest.dropLast()
        }
        if schemeSaysTLS == false && tls {
            throw ClientOptionsError("\(text) names the plain door; use papos:// for TLS")
        }
        let usesTLS = schemeSaysTLS ?? tls

        var host = rest
        var portText: Substring?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw ClientOptionsError("bad address \(text)")
            }
        } else if rest.filter({ $0 == ":" }).count == 1, let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0 == "/" || $0.isWhitespace }) else {
            throw ClientOptionsError("bad address \(text)")
        }
        var textPort: Int?
        if let portText {
            guard let value = Int(portText) else { throw ClientOptionsError("bad port in \(text)") }
            textPort = value
        }
        let chosen = port ?? textPort ?? (usesTLS ? Self.defaultTLSPort : Self.defaultPort)
        guard (1...65_535).contains(chosen) else { throw ClientOptionsError("the port must be from 1 to 65535") }
        self.init(host: String(host), port: chosen, usesTLS: usesTLS)
    }

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }

    /// The name of this server in `known_servers`: ``description`` with the host name in lower
    /// case, since DNS names are case-insensitive and one server must have one line.
    public var knownServersKey: String {
        ServerAddress(host: self.host.lowercased(), port: self.port, usesTLS: self.usesTLS).description
    }
}
