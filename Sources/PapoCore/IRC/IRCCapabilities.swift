/// The IRCv3 capabilities a connection has enabled, from those papod offers.
public struct IRCCapabilities: Equatable, Sendable, Codable {
    public enum Capability: String, CaseIterable, Sendable {
        /// Implied by `CAP LS 302`; papod's list never changes, so there is nothing to notify.
        case capNotify = "cap-notify"
        /// Every prefix of a member in NAMES and WHO: a Papo member has at most one (`@` or `+`).
        case multiPrefix = "multi-prefix"
        /// The client's own PRIVMSGs come back to it once papod has taken them.
        case echoMessage = "echo-message"
        /// Every message carries `@time=` (when papod sent it; a replayed one, when it was said).
        case serverTime = "server-time"
        /// History on joining comes as a `chathistory` batch.
        case batch
        /// Tags on chat messages: each line's `msgid` and its sender's client-only tags (`+typing`),
        /// `time` too, and TAGMSG (tags without text) both ways.
        case messageTags = "message-tags"
        /// The moderator password by `AUTHENTICATE PLAIN` while registering.
        case sasl
        /// `REDACT #room #42` when a moderator removes a line (its `msgid` is its number); a
        /// moderator may send it, as `/delete 42`. IRCv3's work-in-progress name.
        case messageRedaction = "draft/message-redaction"

        /// Whether a capability changes the bytes every message is sent as: set at registration
        /// only (the connection's encoding is chosen as it is admitted).
        var isFixedAtRegistration: Bool { self == .serverTime || self == .batch || self == .messageTags }
    }

    /// What `CAP LS` lists.
    public static let offered = IRCCapabilities(Set(Capability.allCases))

    /// One bit per capability (`bit`): every IRC connection keeps one.
    private var bits: UInt16 = 0

    public init(_ enabled: Set<Capability> = []) {
        for capability in enabled { self.insert(capability) }
    }

    /// A switch rather than a search of `allCases`, which would build an array on every call:
    /// every chat message asks whether its sender has echo-message.
    private static func bit(_ capability: Capability) -> UInt16 {
        switch capability {
        case .capNotify: return 1 << 0
        case .multiPrefix: return 1 << 1
        case .echoMessage: return 1 << 2
        case .serverTime: return 1 << 3
        case .batch: return 1 << 4
        case .sasl: return 1 << 5
        case .messageTags: return 1 << 6
        case .messageRedaction: return 1 << 7
        }
    }

    public func contains(_ capability: Capability) -> Bool {
        self.bits & Self.bit(capability) != 0
    }

    public mutating func insert(_ capability: Capability) {
        self.bits |= Self.bit(capability)
    }

    public mutating func remove(_ capability: Capability) {
        self.bits &= ~Self.bit(capability)
    }

    /// The names, space-separated, in a stable order.
    public var names: String {
        Capability.allCases.filter(self.contains).map(\.rawValue).joined(separator: " ")
    }

    /// What `CAP LS` lists: with `values` (CAP 302), `sasl=PLAIN` names the mechanism.
    public func listed(values: Bool) -> String {
        Capability.allCases.filter(self.contains).map { capability in
            values && capability == .sasl ? "sasl=PLAIN" : capability.rawValue
        }.joined(separator: " ")
    }

    /// The set after a `CAP REQ` list (`a -b`), or nil if it names one papod does not offer (or,
    /// once registered, one fixed at registration): a request is taken whole or not at all.
    public func applying(_ request: String, isRegistered: Bool = false) -> IRCCapabilities? {
        var result = self
        for word in request.split(separator: " ") {
            let isRemoval = word.hasPrefix("-")
            guard let capability = Capability(rawValue: String(isRemoval ? word.dropFirst() : word)) else { return nil }
            if isRegistered && capability.isFixedAtRegistration && result.contains(capability) == isRemoval { return nil }
            if isRemoval {
                result.remove(capability)
            } else {
                result.insert(capability)
            }
        }
        return result
    }
}
