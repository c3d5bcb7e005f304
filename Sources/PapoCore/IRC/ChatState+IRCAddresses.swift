import Foundation

/// Messages' sources as IRC moderators read them: with the sender's address, where everyone
/// else reads a cloak (a moderator bans by address, and sees addresses in WHO and WHOIS too).
/// The transport encodes a line a second time only when one of its recipients is such a
/// moderator and the line names someone.
extension ChatState {
    /// The IRC moderators among `recipients`, in their order (none while no IRC client is a
    /// moderator; the few there are are looked for in the list, not the list in a set).
    public func ircModerators(among recipients: [ClientID]) -> [ClientID] {
        guard !self.ircModerators.isEmpty else { return [] }
        var found: [ClientID] = []
        for moderator in self.ircModerators where recipients.contains(moderator) {
            found.append(moderator)
        }
        return found
    }

    /// `messages` with each source that names a connected client (`nick!~u@cloak`) given its
    /// address as host; nil when none does (the line reads the same for moderators).
    public func ircRevealingAddresses(in messages: [IRCMessage]) -> [IRCMessage]? {
        var revealed = messages
        var changed = false
        for index in revealed.indices {
            guard let source = revealed[index].source, let bang = source.firstIndex(of: "!"),
                let client = self.client(named: String(source[..<bang]))
            else { continue }
            let host = Self.ircAddressHost(client.address)
            revealed[index].source = "\(source[..<bang])!\(self.ircUser(of: client))@\(host)"
            changed = changed || revealed[index].source != source
        }
        return changed ? revealed : nil
    }
}
