/// The numeric replies papod sends, by their Modern IRC names; the raw value is the three digits.
public enum IRCNumeric: String, Sendable, CaseIterable {
    /// RPL_WELCOME: registration is complete; the first reply.
    case welcome = "001"
    /// RPL_YOURHOST: the server's name and version.
    case yourHost = "002"
    /// RPL_CREATED: when the server started.
    case created = "003"
    /// RPL_MYINFO: server name, version, user and channel modes.
    case myInfo = "004"
    /// RPL_ISUPPORT: the server's features, as `TOKEN=value` parameters.
    case isupport = "005"
    /// RPL_UMODEIS: the client's user modes.
    case userModeIs = "221"
    /// RPL_LUSERCLIENT: how many users and servers there are.
    case luserClient = "251"
    /// RPL_LUSEROP: how many operators (Papo's moderators) are online.
    case luserOperators = "252"
    /// RPL_LUSERCHANNELS: how many channels (rooms with someone in them) there are.
    case luserChannels = "254"
    /// RPL_LUSERME: how many clients and linked servers this server has.
    case luserMe = "255"
    /// RPL_AWAY: the target of a message is away, with their away message.
    case away = "301"
    /// RPL_USERHOST: USERHOST answers.
    case userHost = "302"
    /// RPL_ISON: which of the asked nicks are online.
    case isOn = "303"
    /// RPL_UNAWAY: the client is no longer away.
    case unaway = "305"
    /// RPL_NOWAWAY: the client is now away.
    case nowAway = "306"
    /// RPL_WHOISUSER: WHOIS: nick, user, host and real name.
    case whoisUser = "311"
    /// RPL_WHOISSERVER: WHOIS: the server the user is on.
    case whoisServer = "312"
    /// RPL_WHOISOPERATOR: WHOIS: the user is an operator.
    case whoisOperator = "313"
    /// RPL_ENDOFWHO: the end of a WHO list.
    case endOfWho = "315"
    /// RPL_WHOISIDLE: WHOIS: seconds idle and sign-on time.
    case whoisIdle = "317"
    /// RPL_ENDOFWHOIS: the end of a WHOIS reply.
    case endOfWhois = "318"
    /// RPL_WHOISCHANNELS: WHOIS: the channels the user is in.
    case whoisChannels = "319"
    /// RPL_LISTSTART: the start of a LIST reply.
    case listStart = "321"
    /// RPL_LIST: LIST: one channel, its user count and topic.
    case list = "322"
    /// RPL_LISTEND: the end of a LIST reply.
    case listEnd = "323"
    /// RPL_CHANNELMODEIS: a channel's modes.
    case channelModeIs = "324"
    /// RPL_CREATIONTIME: when a channel was created.
    case creationTime = "329"
    /// RPL_NOTOPIC: a channel has no topic.
    case noTopic = "331"
    /// RPL_TOPIC: a channel's topic.
    case topic = "332"
    /// RPL_TOPICWHOTIME: who set a channel's topic, and when.
    case topicWhoTime = "333"
    /// RPL_VERSION: the server's version.
    case version = "351"
    /// RPL_WHOREPLY: WHO: one user.
    case whoReply = "352"
    /// RPL_NAMREPLY: NAMES: some of a channel's members.
    case namesReply = "353"
    /// RPL_ENDOFNAMES: the end of a NAMES reply.
    case endOfNames = "366"
    /// RPL_BANLIST: one of a channel's bans.
    case banList = "367"
    /// RPL_ENDOFBANLIST: the end of a channel's ban list.
    case endOfBanList = "368"
    /// RPL_MOTD: one line of the message of the day.
    case motd = "372"
    /// RPL_MOTDSTART: the start of the message of the day.
    case motdStart = "375"
    /// RPL_ENDOFMOTD: the end of the message of the day.
    case endOfMOTD = "376"
    /// RPL_YOUREOPER: the client is now an operator.
    case youAreOperator = "381"
    /// RPL_TIME: the server's local time.
    case time = "391"
    /// ERR_NOSUCHNICK: no user has that nick.
    case noSuchNick = "401"
    /// ERR_NOSUCHCHANNEL: no channel has that name.
    case noSuchChannel = "403"
    /// ERR_CANNOTSENDTOCHAN: the message could not reach the channel.
    case cannotSendToChannel = "404"
    /// ERR_INVALIDCAPCMD: an unknown CAP subcommand.
    case invalidCapCommand = "410"
    /// ERR_NORECIPIENT: a message with no target.
    case noRecipient = "411"
    /// ERR_NOTEXTTOSEND: a message with no text.
    case noTextToSend = "412"
    /// ERR_INPUTTOOLONG: the client's line was over the length limit.
    case inputTooLong = "417"
    /// ERR_UNKNOWNCOMMAND: the server does not know the command.
    case unknownCommand = "421"
    /// ERR_NOMOTD: there is no message of the day.
    case noMOTD = "422"
    /// ERR_NONICKNAMEGIVEN: NICK without a nick.
    case noNicknameGiven = "431"
    /// ERR_ERRONEUSNICKNAME: the nick is not allowed.
    case erroneousNickname = "432"
    /// ERR_NICKNAMEINUSE: someone else has the nick.
    case nicknameInUse = "433"
    /// ERR_USERNOTINCHANNEL: the target is not in the channel.
    case userNotInChannel = "441"
    /// ERR_NOTONCHANNEL: the client is not in the channel.
    case notOnChannel = "442"
    /// ERR_NOTREGISTERED: the command needs registration first.
    case notRegistered = "451"
    /// ERR_NEEDMOREPARAMS: too few parameters.
    case needMoreParams = "461"
    /// ERR_ALREADYREGISTERED: registration happens once.
    case alreadyRegistered = "462"
    /// ERR_PASSWDMISMATCH: wrong or missing connection password.
    case passwordMismatch = "464"
    /// ERR_UNKNOWNMODE: a channel mode the server does not know.
    case unknownMode = "472"
    /// ERR_BANNEDFROMCHAN: the client is banned from the channel.
    case bannedFromChannel = "474"
    /// ERR_NOPRIVILEGES: the command needs operator privileges.
    case noPrivileges = "481"
    /// ERR_CHANOPRIVSNEEDED: the command needs channel operator status.
    case channelOperatorPrivilegesNeeded = "482"
    /// ERR_UMODEUNKNOWNFLAG: a user mode the server does not know.
    case userModeUnknownFlag = "501"
    /// ERR_USERSDONTMATCH: user modes of someone else.
    case usersDontMatch = "502"
    /// RPL_LOGGEDIN: the client is logged in to an account.
    case loggedIn = "900"
    /// RPL_SASLSUCCESS: SASL authentication succeeded.
    case saslSuccess = "903"
    /// ERR_SASLFAIL: SASL authentication failed.
    case saslFail = "904"
    /// ERR_SASLTOOLONG: a SASL message over 400 bytes.
    case saslTooLong = "905"
    /// ERR_SASLABORTED: the client aborted SASL.
    case saslAborted = "906"
    /// RPL_SASLMECHS: the SASL mechanisms the server offers.
    case saslMechanisms = "908"
}
