extension IRCMessage {
    /// A numeric reply, `:server NNN target parameters…`; the target is the client's nick, or `*` before it has one.
    public static func numeric(
        _ numeric: IRCNumeric,
        server: String,
        target: String,
        _ parameters: [String]
    ) -> IRCMessage {
        IRCMessage(command: numeric.rawValue, parameters: [target] + parameters, source: server)
    }
}
