/// What `/help` and the operator's `help` print around the commands' own summaries.
extension MessageID {
    static let helpHeading = MessageID("help-text.heading")
    static let helpModeratorHeading = MessageID("help-text.moderator-heading")
    static let helpOperatorHeading = MessageID("help-text.operator-heading")
    static let helpRow = MessageID("help-text.row")
    static let helpFooter = MessageID("help-text.footer")
    static let helpUsage = MessageID("help-text.usage")
    static let helpDetail = MessageID("help-text.detail")
    static let helpAliases = MessageID("help-text.aliases")
    static let helpDesconectar = MessageID("help-text.desconectar")
    static let helpDesconectarSummary = MessageID("help-text.desconectar-summary")
    static let helpNoSuchCommand = MessageID("help-text.no-such-command")
}

extension MessageCatalogue {
    static let help: [MessageID: Translations] = [
        .helpHeading: Translations(
            en: "Commands (type /help COMMAND for details):", pt: "Comandos (digite /ajuda COMANDO para detalhes):"),
        .helpModeratorHeading: Translations(en: "Moderator commands:", pt: "Comandos de moderador:"),
        .helpOperatorHeading: Translations(
            en: "Operator commands (help COMMAND for details; name a client by nick or by id, as c12):",
            pt: "Comandos do operador (help COMANDO para detalhes; indique um cliente pelo apelido ou pelo id, como c12):"),
        .helpRow: Translations(en: "  {usage}  {summary}", pt: "  {usage}  {summary}"),
        .helpFooter: Translations(
            en: "Anything else you type is said to your room; start a line with // to say something beginning with /.",
            pt: "Todo o resto que você digitar vai para a sua sala; comece a linha com // para dizer algo que começa com /. Os nomes em inglês (/join, /help…) também valem."),
        .helpUsage: Translations(en: "{usage}: {summary}", pt: "{usage}: {summary}"),
        .helpDetail: Translations(en: "  {detail}", pt: "  {detail}"),
        .helpAliases: Translations(en: "  also: {aliases}", pt: "  também: {aliases}"),
        .helpDesconectar: Translations(
            en: "Desconectar: leave the chat, as the assignment's client does",
            pt: "Desconectar: sai do chat, como faz o cliente do trabalho da disciplina"),
        .helpDesconectarSummary: Translations(en: "Leave the chat (same as /quit)", pt: "Sai do chat (o mesmo que /quit)"),
        .helpNoSuchCommand: Translations(
            en: "no such command: {command}. Type {help} for the list",
            pt: "não existe o comando {command}. Digite {help} para ver a lista"),
    ]
}
