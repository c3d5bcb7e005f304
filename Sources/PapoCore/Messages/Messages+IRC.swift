/// What the IRC door says in words: its MOTD, and the rules IRC's commands meet in Papo.
extension MessageID {
    static let ircMotdWelcome = MessageID("irc.motd-welcome")
    static let ircMotdService = MessageID("irc.motd-service")
    static let ircMotdOneRoom = MessageID("irc.motd-one-room")
    static let ircNotInRoom = MessageID("irc.not-in-room")
    static let ircMovedRooms = MessageID("irc.moved-rooms")
    static let ircUnknownCommand = MessageID("irc.unknown-command")
    static let ircUnknownMode = MessageID("irc.unknown-mode")
    static let ircServiceHelp = MessageID("irc.service-help")
    public static let reasonPingTimeout = MessageID("reason.ping-timeout")
    static let loginNeedsIRCS = MessageID("irc.login-needs-tls")
}

extension MessageCatalogue {
    static let irc: [MessageID: Translations] = [
        .ircMotdWelcome: Translations(
            en: "Welcome to {server}, a chat for classrooms.",
            pt: "Boas-vindas ao {server}, um chat para a sala de aula."),
        .ircMotdService: Translations(
            en: "Commands IRC has no name for go to {service}: /msg {service} help, /msg {service} hand.",
            pt: "Os comandos que o IRC não tem vão para {service}: /msg {service} ajuda, /msg {service} mão."),
        .ircMotdOneRoom: Translations(
            en: "You are in one room at a time: joining another leaves the one you are in.",
            pt: "Você fica numa sala por vez: entrar em outra sai da sala em que você está."),
        .ircNotInRoom: Translations(
            en: "you are in {room}, not {target}: /join {target} first",
            pt: "você está em {room}, não em {target}: entre antes com /join {target}"),
        .ircMovedRooms: Translations(en: "moved to {room}", pt: "foi para {room}"),
        .reasonPingTimeout: Translations(en: "ping timeout", pt: "não respondeu ao ping"),
        .loginNeedsIRCS: Translations(
            en: "passwords are accepted only over TLS: reconnect to port {port} with TLS and log in there (SASL or OPER)",
            pt: "senhas só são aceitas por TLS: reconecte na porta {port} com TLS e entre lá (SASL ou OPER)"),
        .ircUnknownCommand: Translations(en: "unknown command {command}", pt: "comando desconhecido: {command}"),
        .ircUnknownMode: Translations(
            en: "mode {mode} is not one papod has (b, m, o, v, S)",
            pt: "o papod não tem o modo {mode} (tem b, m, o, v, S)"),
        .ircServiceHelp: Translations(
            en: "send {service} any papod command without its slash: /msg {service} hand, /msg {service} breakout 3 10",
            pt: "mande a {service} qualquer comando do papod sem a barra: /msg {service} mão, /msg {service} breakout 3 10"),
    ]
}
