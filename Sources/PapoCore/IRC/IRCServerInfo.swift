import Foundation

/// What an IRC client is told about the server: its name, version and features (the welcome
/// numerics 001–005 and the MOTD).
public struct IRCServerInfo: Sendable {
    /// The server's name as the source of its messages (`papod`).
    public var name: String
    public var version: String
    public var network: String
    public var startedAt: Date
    /// The language of the texts papod writes (the server's default: IRC clients cannot say theirs).
    public var language: Language

    public init(name: String, version: String, network: String = "Papo", startedAt: Date, language: Language) {
        self.name = name
        self.version = version
        self.network = network
        self.startedAt = startedAt
        self.language = language
    }

    /// The service user that takes the commands IRC has none for (`/msg papo hand`).
    public static let serviceNick = "papo"

    /// RPL_ISUPPORT's tokens, honest about Papo's rules: one room at a time (`CHANLIMIT=#:1`),
    /// nicks and rooms compared after NFKC case folding (RFC 8265's mapping, as Ergo names it).
    public var supportTokens: [String] {
        [
            "AWAYLEN=200", "CASEMAPPING=rfc8265", "CHANLIMIT=#:1", "CHANMODES=b,,S,m", "CHANNELLEN=\(RoomName.maxLength + 1)",
            "CHANTYPES=#", "KICKLEN=\(ChatState.maxReasonLength)", "MODES=1", "NETWORK=\(self.network)",
            "NICKLEN=\(Nick.maxLength)", "PREFIX=(ov)@+", "TARGMAX=JOIN:1,KICK:1,NOTICE:1,PART:1,PRIVMSG:1",
            "TOPICLEN=\(ChatState.maxTopicLength)", "UTF8ONLY",
        ]
    }

    /// 001–005, LUSERS, then the MOTD: what a client reads once registered as `nick`.
    public func welcome(nick: String, host: String, users: IRCUserCounts) -> [IRCMessage] {
        let created = self.startedAt.formatted(.iso8601)
        var lines = [
            self.numeric(.welcome, nick, ["Welcome to the \(self.network) network, \(nick)!\(host)"]),
            self.numeric(.yourHost, nick, ["Your host is \(self.name), running version \(self.version)"]),
            self.numeric(.created, nick, ["This server was created \(created)"]),
            self.numeric(.myInfo, nick, [self.name, self.version, "i", "bmovS", "bovS"]),
        ]
        // At most 13 tokens a line, as servers do, to stay inside 512 bytes.
        var tokens = self.supportTokens[...]
        while !tokens.isEmpty {
            let chunk = tokens.prefix(13)
            tokens = tokens.dropFirst(chunk.count)
            lines.append(self.numeric(.isupport, nick, Array(chunk) + ["are supported by this server"]))
        }
        return lines + self.lusers(nick: nick, users: users) + self.motd(nick: nick)
    }

    /// LUSERS' replies: 251 and 255 always, 252 and 254 when not zero (as Modern IRC says).
    /// Every Papo user is invisible (`+i`: WHO shows nobody outside one's own room), so 251
    /// counts them all as invisible; the servers are a cluster's nodes.
    public func lusers(nick: String, users: IRCUserCounts) -> [IRCMessage] {
        var lines = [
            self.numeric(
                .luserClient, nick, ["There are 0 users and \(users.users) invisible on \(users.servers) servers"])
        ]
        if users.moderators > 0 {
            lines.append(self.numeric(.luserOperators, nick, ["\(users.moderators)", "operator(s) online"]))
        }
        if users.rooms > 0 {
            lines.append(self.numeric(.luserChannels, nick, ["\(users.rooms)", "channels formed"]))
        }
        lines.append(
            self.numeric(.luserMe, nick, ["I have \(users.localUsers) clients and \(users.servers - 1) servers"]))
        return lines
    }

    /// The MOTD: papod's welcome and how to reach the commands IRC has no name for.
    public func motd(nick: String) -> [IRCMessage] {
        let texts = [
            Message(.ircMotdWelcome, ["server": "\(self.name)"]),
            Message(.ircMotdService, ["service": "\(Self.serviceNick)"]),
            Message(.ircMotdOneRoom),
        ]
        return [self.numeric(.motdStart, nick, ["- \(self.name) Message of the day - "])]
            + texts.map { self.numeric(.motd, nick, ["- " + $0.rendered(in: self.language)]) }
            + [self.numeric(.endOfMOTD, nick, ["End of /MOTD command."])]
    }

    public func numeric(_ numeric: IRCNumeric, _ target: String, _ parameters: [String]) -> IRCMessage {
        IRCMessage.numeric(numeric, server: self.name, target: target, parameters)
    }

    /// A USER name made safe for `nick!user@host`: at most 10 bytes of letters, digits, `-`,
    /// `_`, `.`, with `~` in front as servers mark names no ident server vouched for.
    public static func userName(_ raw: String) -> String {
        let kept = raw.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
        let name = String(String.UnicodeScalarView(kept.prefix(9)))
        return "~" + (name.isEmpty ? "u" : name)
    }
}

/// What LUSERS counts: users on every door, of the whole chat (a cluster's every node).
public struct IRCUserCounts: Sendable, Equatable {
    public var users: Int
    public var moderators: Int
    /// Rooms with someone in them.
    public var rooms: Int
    /// Users on this server (node).
    public var localUsers: Int
    /// This server and the cluster's other live nodes.
    public var servers: Int

    public init(users: Int, moderators: Int, rooms: Int, localUsers: Int, servers: Int) {
        self.users = users
        self.moderators = moderators
        self.rooms = rooms
        self.localUsers = localUsers
        self.servers = servers
    }
}
