/// Which pages may open papod's WebSocket (cross-site WebSocket hijacking): a page served by
/// papod itself, where the `Origin` names the host the browser asked for, and any origin the
/// operator allows (`--http-allowed-origin`, for a reverse proxy in front of papod).
public struct OriginPolicy: Sendable, Equatable {
    /// Exact origins allowed besides the page's own, lowercased (`https://chat.school.br`).
    public var allowedOrigins: Set<String>

    public init(allowedOrigins: [String] = []) {
        self.allowedOrigins = Set(allowedOrigins.map { Self.normalized($0) })
    }

    /// Whether a WebSocket upgrade with these `Origin` and `Host` headers may proceed. Browsers
    /// always send `Origin`; a client without one (a script, the benchmark) is no browser that
    /// another site could be driving, so it may.
    public func allows(origin: String?, host: String?) -> Bool {
        guard let origin else { return true }
        let normalized = Self.normalized(origin)
        if self.allowedOrigins.contains(normalized) { return true }
        guard let host, let separator = normalized.firstRange(of: "://") else { return false }
        let scheme = normalized[..<separator.lowerBound]
        guard scheme == "http" || scheme == "https" else { return false }
        // Both name the authority the browser used: host, and port unless it is the default.
        return normalized[separator.upperBound...] == Self.normalized(host)
    }

    private static func normalized(_ text: String) -> String {
        var text = text.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
