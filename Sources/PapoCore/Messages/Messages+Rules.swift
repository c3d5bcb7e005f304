/// What the shared moderation rules say: who may speak, who may act on whom, kicks and bans
/// as the target and the room see them, and time running out.
extension MessageID {
    static let cannotActOnYourself = MessageID("rules.cannot-act-on-yourself")
    static let cannotActOnModerator = MessageID("rules.cannot-act-on-moderator")
    static let roomIsQuiet = MessageID("rules.room-is-quiet")
    static let roomIsSlow = MessageID("rules.room-is-slow")
    static let youAreMuted = MessageID("rules.you-are-muted")
    static let youAreMutedBecause = MessageID("rules.you-are-muted-because")
    static let untilTime = MessageID("rules.until-time")
    static let untilModeratorLifts = MessageID("rules.until-moderator-lifts")
    static let untilLifted = MessageID("rules.until-lifted")
    static let banDescription = MessageID("rules.ban-description")
    static let banDescriptionBecause = MessageID("rules.ban-description-because")
    public static let youWereKicked = MessageID("rules.you-were-kicked")
    public static let youWereKickedBecause = MessageID("rules.you-were-kicked-because")
    public static let wasKicked = MessageID("rules.was-kicked")
    public static let wasKickedBecause = MessageID("rules.was-kicked-because")
    public static let youWereBanned = MessageID("rules.you-were-banned")
    public static let youWereBannedBecause = MessageID("rules.you-were-banned-because")
    public static let wasBanned = MessageID("rules.was-banned")
    public static let wasBannedBecause = MessageID("rules.was-banned-because")
    static let reasonKicked = MessageID("reason.kicked")
    static let reasonBanned = MessageID("reason.banned")
    static let muteEnded = MessageID("rules.mute-ended")
    static let breakoutOneMinuteLeft = MessageID("rules.breakout-one-minute-left")
    static let breakoutOver = MessageID("rules.breakout-over")
}

extension MessageCatalogue {
    static let rules: [MessageID: Translations] = [
        .cannotActOnYourself: Translations(
            en: "you cannot {action} yourself", pt: "você não pode usar /{action} em você mesmo"),
        .cannotActOnModerator: Translations(
            en: "{nick} is a moderator; only the operator can {action} a moderator",
            pt: "{nick} é moderador; só o operador pode usar /{action} com um moderador"),
        .roomIsQuiet: Translations(
            en: "{room} is quiet: only moderators and voiced users may speak",
            pt: "{room} está em silêncio: só moderadores e usuários com voz podem falar"),
        .roomIsSlow: Translations(
            en: "{room} is in slow mode: wait {wait} before your next message",
            pt: "{room} está em modo lento: espere {wait} antes da próxima mensagem"),
        .youAreMuted: Translations(
            en: "you are muted {until} (by {actor})", pt: "você está silenciado {until} (por {actor})"),
        .youAreMutedBecause: Translations(
            en: "you are muted {until} (by {actor}: {reason})", pt: "você está silenciado {until} (por {actor}: {reason})"),
        .untilTime: Translations(en: "until {time}", pt: "até {time}"),
        .untilModeratorLifts: Translations(en: "until a moderator lifts it", pt: "até um moderador liberar"),
        .untilLifted: Translations(en: "until lifted", pt: "até ser suspenso"),
        .banDescription: Translations(en: "(by {actor}, {until})", pt: "(por {actor}, {until})"),
        .banDescriptionBecause: Translations(en: "(by {actor}, {until}): {reason}", pt: "(por {actor}, {until}): {reason}"),
        .youWereKicked: Translations(en: "you were kicked by {actor}", pt: "{actor} tirou você do chat"),
        .youWereKickedBecause: Translations(
            en: "you were kicked by {actor}: {reason}", pt: "{actor} tirou você do chat: {reason}"),
        .wasKicked: Translations(en: "{nick} was kicked by {actor}", pt: "{actor} tirou {nick} do chat"),
        .wasKickedBecause: Translations(
            en: "{nick} was kicked by {actor}: {reason}", pt: "{actor} tirou {nick} do chat: {reason}"),
        .youWereBanned: Translations(en: "you were banned by {actor}", pt: "{actor} baniu você"),
        .youWereBannedBecause: Translations(en: "you were banned by {actor}: {reason}", pt: "{actor} baniu você: {reason}"),
        .wasBanned: Translations(en: "{nick} was banned by {actor}", pt: "{actor} baniu {nick}"),
        .wasBannedBecause: Translations(en: "{nick} was banned by {actor}: {reason}", pt: "{actor} baniu {nick}: {reason}"),
        .reasonKicked: Translations(en: "kicked", pt: "expulso"),
        .reasonBanned: Translations(en: "banned", pt: "banido"),
        .muteEnded: Translations(
            en: "your mute has ended; you may speak again", pt: "seu silenciamento acabou; você pode falar de novo"),
        .breakoutOneMinuteLeft: Translations(
            en: "one minute left in this breakout; then everyone returns to {room}",
            pt: "falta um minuto para acabar o trabalho em grupo; depois todos voltam para {room}"),
        .breakoutOver: Translations(
            en: "the breakout is over; everyone is back in {room}",
            pt: "o trabalho em grupo acabou; todos estão de volta em {room}"),
    ]
}
