/// What the commands every user has say: nicks, rooms, topics, `/who`, `/rooms`, and what a
/// recorded room tells whoever joins it.
extension MessageID {
    static let alreadyNick = MessageID("user.already-nick")
    static let nickTaken = MessageID("user.nick-taken")
    static let nickBanned = MessageID("user.nick-banned")
    public static let roomMembers = MessageID("user.room-members")
    static let alreadyInRoom = MessageID("user.already-in-room")
    static let alreadyInLobby = MessageID("user.already-in-lobby")
    static let cannotMessageYourself = MessageID("user.cannot-message-yourself")
    static let topicOf = MessageID("user.topic-of")
    static let noTopic = MessageID("user.no-topic")
    static let topicNeedsModerator = MessageID("user.topic-needs-moderator")
    static let topicTooLong = MessageID("user.topic-too-long")
    static let topicSet = MessageID("user.topic-set")
    static let whoIs = MessageID("user.who-is")
    static let whoIsOnNode = MessageID("user.who-is-on-node")
    static let whoRoleModerator = MessageID("user.who-role-moderator")
    static let whoRoleVoiced = MessageID("user.who-role-voiced")
    static let whoRoleNone = MessageID("user.who-role-none")
    static let reasonQuit = MessageID("reason.quit")
    static let reasonQuitBecause = MessageID("reason.quit-because")
    static let goodbyeNick = MessageID("user.goodbye-nick")

    static let roomCount = MessageID("rooms.count")
    static let roomRow = MessageID("rooms.row")
    static let roomRowModes = MessageID("rooms.row-modes")
    static let roomModeQuiet = MessageID("rooms.mode-quiet")
    static let roomModeSlow = MessageID("rooms.mode-slow")

    static let roomIsRecorded = MessageID("recording.room-is-recorded")
    static let roomIsRecordedWithPrivate = MessageID("recording.room-is-recorded-with-private")
    static let historyHeader = MessageID("recording.history-header")
    static let historyEnd = MessageID("recording.history-end")
    static let moderatorAgain = MessageID("recording.moderator-again")
    static let isModeratorAgain = MessageID("recording.is-moderator-again")
}

extension MessageCatalogue {
    static let users: [MessageID: Translations] = [
        .alreadyNick: Translations(en: "you are already {nick}", pt: "você já é {nick}"),
        .nickTaken: Translations(en: "the nick {nick} is taken", pt: "o apelido {nick} já está em uso"),
        .nickBanned: Translations(en: "the nick {nick} is banned", pt: "o apelido {nick} está banido"),
        .roomMembers: Translations(en: "{room} ({count}): {names}", pt: "{room} ({count}): {names}"),
        .alreadyInRoom: Translations(en: "you are already in {room}", pt: "você já está em {room}"),
        .alreadyInLobby: Translations(
            en: "you are in #lobby already; /quit leaves the chat",
            pt: "você já está em #lobby; /quit sai do chat"),
        .cannotMessageYourself: Translations(
            en: "that is you; /msg sends to someone else", pt: "esse é você; /msg manda para outra pessoa"),
        .topicOf: Translations(
            en: "topic of {room}: {topic} (set by {nick}, {age} ago)",
            pt: "tema de {room}: {topic} (definido por {nick} há {age})"),
        .noTopic: Translations(
            en: "{room} has no topic; /topic TEXT sets one", pt: "{room} não tem tema; /tema TEXTO define um"),
        .topicNeedsModerator: Translations(
            en: "setting the topic of {room} needs moderator rights",
            pt: "definir o tema de {room} exige ser moderador"),
        .topicTooLong: Translations(
            en: "a topic has at most {max} characters", pt: "um tema tem no máximo {max} caracteres"),
        .topicSet: Translations(
            en: "{nick} set the topic of {room}: {topic}", pt: "{nick} definiu o tema de {room}: {topic}"),
        .whoIs: Translations(
            en: "{nick} is in {room}{role}, from {address}, connected since {since} ({connected}), idle {idle}",
            pt: "{nick} está em {room}{role}, de {address}, conectado desde {since} ({connected}), inativo há {idle}"),
        .whoIsOnNode: Translations(
            en: "{nick} is in {room}{role}, from {address}, on server {node}, connected since {since} ({connected}), idle {idle}",
            pt: "{nick} está em {room}{role}, de {address}, no servidor {node}, conectado desde {since} ({connected}), inativo há {idle}"),
        .whoRoleModerator: Translations(en: ", moderator", pt: ", moderador"),
        .whoRoleVoiced: Translations(en: ", voiced", pt: ", com voz"),
        .whoRoleNone: Translations(en: "", pt: ""),
        .reasonQuit: Translations(en: "quit", pt: "encerrou"),
        .reasonQuitBecause: Translations(en: "quit: {reason}", pt: "encerrou: {reason}"),
        .goodbyeNick: Translations(en: "goodbye, {nick}", pt: "tchau, {nick}"),

        .roomCount: Translations(en: "{count} {count:room|rooms}:", pt: "{count} {count:sala|salas}:"),
        .roomRow: Translations(
            en: "  {room} ({count} {count:member|members}){topic}", pt: "  {room} ({count} {count:membro|membros}){topic}"),
        .roomRowModes: Translations(
            en: "  {room} ({count} {count:member|members}) [{modes}]{topic}",
            pt: "  {room} ({count} {count:membro|membros}) [{modes}]{topic}"),
        .roomModeQuiet: Translations(en: "quiet", pt: "silêncio"),
        .roomModeSlow: Translations(en: "slow {seconds}s", pt: "lento {seconds}s"),

        .roomIsRecorded: Translations(
            en: "{room} is recorded: what is said here is kept for {days} {days:day|days}",
            pt: "{room} é gravada: o que se diz aqui fica guardado por {days} {days:dia|dias}"),
        .roomIsRecordedWithPrivate: Translations(
            en: "{room} is recorded: what is said here is kept for {days} {days:day|days}, private messages too",
            pt: "{room} é gravada: o que se diz aqui fica guardado por {days} {days:dia|dias}, mensagens privadas também"),
        .historyHeader: Translations(
            en: "history: the last {count} {count:message|messages} in {room}",
            pt: "histórico: {count} {count:mensagem recente|mensagens recentes} em {room}"),
        .historyEnd: Translations(en: "end of history", pt: "fim do histórico"),
        .moderatorAgain: Translations(
            en: "you are a moderator again (made by {actor}); /help lists your commands",
            pt: "você é moderador de novo (por {actor}); /ajuda lista seus comandos"),
        .isModeratorAgain: Translations(en: "{nick} is a moderator again", pt: "{nick} é moderador de novo"),
    ]
}

/// What `/lang` says.
extension MessageID {
    static let languageIs = MessageID("language.is")
    public static let languageChanged = MessageID("language.changed")
    static let unknownLanguage = MessageID("language.unknown")
    static let languageEnglish = MessageID("language.english")
    static let languagePortuguese = MessageID("language.portuguese")
}

extension MessageCatalogue {
    static let languages: [MessageID: Translations] = [
        .languageIs: Translations(
            en: "you read papod in {language} ({tag}); /lang {other} switches to {otherName}",
            pt: "você lê o papod em {language} ({tag}); /idioma {other} muda para {otherName}"),
        .languageChanged: Translations(en: "papod now speaks {language} to you", pt: "agora o papod fala {language} com você"),
        .unknownLanguage: Translations(
            en: "unknown language {given}: choose {choices}", pt: "idioma desconhecido {given}: escolha {choices}"),
        .languageEnglish: Translations(en: "English", pt: "inglês"),
        .languagePortuguese: Translations(en: "Brazilian Portuguese", pt: "português"),
    ]
}
