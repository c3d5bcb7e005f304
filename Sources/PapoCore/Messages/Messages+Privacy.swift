/// What the private-message policy says (`/privacy`, refused `/msg`s, `/help msg`).
extension MessageID {
    static let privacyOpen = MessageID("privacy.open")
    static let privacyTeacher = MessageID("privacy.teacher")
    static let privacyOff = MessageID("privacy.off")
    static let privacyIs = MessageID("privacy.is")
    static let privacyAlready = MessageID("privacy.already")
    static let privacyChanged = MessageID("privacy.changed")
    static let privateOnlyToModerators = MessageID("privacy.only-to-moderators")
    static let privateMessagesOff = MessageID("privacy.messages-off")
    static let helpMsgPolicy = MessageID("privacy.help-msg-policy")
}

extension MessageCatalogue {
    static let privacy: [MessageID: Translations] = [
        .privacyOpen: Translations(
            en: "open (anyone may send anyone private messages)",
            pt: "aberto (qualquer pessoa pode mandar mensagens privadas a qualquer outra)"),
        .privacyTeacher: Translations(
            en: "teacher (students may send private messages only to moderators; moderators to anyone)",
            pt: "professor (alunos só mandam mensagens privadas a moderadores; moderadores, a qualquer pessoa)"),
        .privacyOff: Translations(
            en: "off (only moderators send private messages)",
            pt: "desligado (só moderadores mandam mensagens privadas)"),
        .privacyIs: Translations(en: "private messages: {policy}", pt: "mensagens privadas: {policy}"),
        .privacyAlready: Translations(en: "private messages are already {policy}", pt: "as mensagens privadas já estão em {policy}"),
        .privacyChanged: Translations(
            en: "{actor} set private messages to {policy}", pt: "{actor} mudou as mensagens privadas para {policy}"),
        .privateOnlyToModerators: Translations(
            en: "private messages go only to moderators in this class, and {nick} is not one (a moderator set /privacy teacher)",
            pt: "nesta turma, mensagens privadas só podem ir a moderadores, e {nick} não é (um moderador definiu /privacy teacher)"),
        .privateMessagesOff: Translations(
            en: "private messages are off in this class (a moderator set /privacy off)",
            pt: "as mensagens privadas estão desligadas nesta turma (um moderador definiu /privacy off)"),
        .helpMsgPolicy: Translations(en: "Now: {policy}", pt: "Agora: {policy}"),
        "help.privacy": Translations(
            en: "Who may send private messages: open, teacher (students only to moderators) or off; alone, show it",
            pt: "Quem pode mandar mensagens privadas: open, teacher (alunos só a moderadores) ou off; sozinho, mostra a regra"),
        "help.privacy.1": Translations(
            en: "One policy for the whole server, kept across restarts; moderators may always send private messages",
            pt: "Uma regra para o servidor todo, mantida entre reinícios; moderadores sempre podem mandar mensagens privadas"),
    ]
}
