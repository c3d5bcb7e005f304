/// What the moderation commands say: logging in, roles, bans, mutes, quiet and slow rooms,
/// moves, breakouts, raised hands and announcements.
extension MessageID {
    static let loginDisabled = MessageID("moderation.login-disabled")
    static let alreadyModerator = MessageID("moderation.already-moderator")
    static let loginNeedsTLS = MessageID("moderation.login-needs-tls")
    static let loginNeedsTLSOrHTTPS = MessageID("moderation.login-needs-tls-or-https")
    static let loginLockedOut = MessageID("moderation.login-locked-out")
    static let youAreNowModerator = MessageID("moderation.you-are-now-moderator")
    static let isNowModerator = MessageID("moderation.is-now-moderator")
    static let wrongPassword = MessageID("moderation.wrong-password")
    static let reasonTooManyFailedLogins = MessageID("reason.too-many-failed-logins")
    static let tooManyFailedLoginsGoodbye = MessageID("moderation.too-many-failed-logins-goodbye")
    static let targetAlreadyModerator = MessageID("moderation.target-already-moderator")
    static let youWereMadeModerator = MessageID("moderation.you-were-made-moderator")
    static let madeModerator = MessageID("moderation.made-moderator")
    static let onlyOperatorDeops = MessageID("moderation.only-operator-deops")
    static let notAModerator = MessageID("moderation.not-a-moderator")
    static let youAreNoLongerModerator = MessageID("moderation.you-are-no-longer-moderator")
    static let youAreNoLongerModeratorBy = MessageID("moderation.you-are-no-longer-moderator-by")
    static let isNoLongerModerator = MessageID("moderation.is-no-longer-moderator")
    static let isNoLongerModeratorBy = MessageID("moderation.is-no-longer-moderator-by")
    static let wasKickedConfirmation = MessageID("moderation.was-kicked-confirmation")
    static let banIncludesYou = MessageID("moderation.ban-includes-you")
    static let notABanTarget = MessageID("moderation.not-a-ban-target")
    static let banned = MessageID("moderation.banned")
    static let bannedNickAndAddress = MessageID("moderation.banned-nick-and-address")
    static let bannedNickNotSharedAddress = MessageID("moderation.banned-nick-not-shared-address")
    static let noSuchBan = MessageID("moderation.no-such-ban")
    static let banLifted = MessageID("moderation.ban-lifted")
    static let noBans = MessageID("moderation.no-bans")
    static let banCount = MessageID("moderation.ban-count")
    static let banRow = MessageID("moderation.ban-row")
    static let banRowBecause = MessageID("moderation.ban-row-because")
    static let youWereMuted = MessageID("moderation.you-were-muted")
    static let youWereMutedBecause = MessageID("moderation.you-were-muted-because")
    static let wasMuted = MessageID("moderation.was-muted")
    static let mutedConfirmation = MessageID("moderation.muted-confirmation")
    static let notMuted = MessageID("moderation.not-muted")
    static let youMaySpeakAgain = MessageID("moderation.you-may-speak-again")
    static let wasUnmuted = MessageID("moderation.was-unmuted")
    static let unmutedConfirmation = MessageID("moderation.unmuted-confirmation")
    static let alreadyQuiet = MessageID("moderation.already-quiet")
    static let alreadyOpen = MessageID("moderation.already-open")
    static let madeQuiet = MessageID("moderation.made-quiet")
    static let endedQuiet = MessageID("moderation.ended-quiet")
    static let alreadyVoiced = MessageID("moderation.already-voiced")
    static let hasNoVoice = MessageID("moderation.has-no-voice")
    static let gaveVoice = MessageID("moderation.gave-voice")
    static let tookVoice = MessageID("moderation.took-voice")
    static let slowSecondsRange = MessageID("moderation.slow-seconds-range")
    static let endedSlow = MessageID("moderation.ended-slow")
    static let setSlow = MessageID("moderation.set-slow")
    static let alreadyInThatRoom = MessageID("moderation.already-in-that-room")
    static let movedConfirmation = MessageID("moderation.moved-confirmation")
    static let gatheredEveryone = MessageID("moderation.gathered-everyone")
    static let gatheredConfirmation = MessageID("moderation.gathered-confirmation")
    static let breakoutNeedsRoom = MessageID("moderation.breakout-needs-room")
    static let breakoutCountRange = MessageID("moderation.breakout-count-range")
    static let breakoutMinutesRange = MessageID("moderation.breakout-minutes-range")
    static let breakoutRunning = MessageID("moderation.breakout-running")
    static let breakoutTooFewStudents = MessageID("moderation.breakout-too-few-students")
    static let breakoutForMinutes = MessageID("moderation.breakout-for-minutes")
    static let breakoutRoomStarted = MessageID("moderation.breakout-room-started")
    static let breakoutSplit = MessageID("moderation.breakout-split")
    static let noBreakout = MessageID("moderation.no-breakout")
    static let breakoutStatus = MessageID("moderation.breakout-status")
    static let breakoutTimeLeft = MessageID("moderation.breakout-time-left")
    static let breakoutUntilGather = MessageID("moderation.breakout-until-gather")
    static let breakoutRoomSize = MessageID("moderation.breakout-room-size")
    static let handRaised = MessageID("moderation.hand-raised")
    static let handLowered = MessageID("moderation.hand-lowered")
    static let raisedAHand = MessageID("moderation.raised-a-hand")
    static let loweredTheirHand = MessageID("moderation.lowered-their-hand")
    static let noHandsRaised = MessageID("moderation.no-hands-raised")
    static let handsIn = MessageID("moderation.hands-in")
    static let handsRow = MessageID("moderation.hands-row")
    static let turnToSpeak = MessageID("moderation.turn-to-speak")
    static let announcement = MessageID("moderation.announcement")
    static let announcedTo = MessageID("moderation.announced-to")
}

extension MessageCatalogue {
    static let moderation: [MessageID: Translations] = [
        .loginDisabled: Translations(
            en: "moderator login is disabled on this server", pt: "o login de moderador está desativado neste servidor"),
        .alreadyModerator: Translations(en: "you are already a moderator", pt: "você já é moderador"),
        .loginNeedsTLS: Translations(
            en: "passwords are accepted only over TLS: reconnect to port {port} with TLS (papo --tls) and /login there",
            pt: "senhas só são aceitas por TLS: reconecte na porta {port} com TLS (papo --tls) e faça /login lá"),
        .loginNeedsTLSOrHTTPS: Translations(
            en: "passwords are accepted only over TLS: reconnect to port {port} with TLS (papo --tls) and /login there; in a browser, open the https page on port {httpsPort}",
            pt: "senhas só são aceitas por TLS: reconecte na porta {port} com TLS (papo --tls) e faça /login lá; no navegador, abra a página https na porta {httpsPort}"),
        .loginLockedOut: Translations(
            en: "too many failed logins from your address; try again in {wait}",
            pt: "tentativas de login erradas demais do seu endereço; tente de novo em {wait}"),
        .youAreNowModerator: Translations(
            en: "you are now a moderator; /help lists your commands", pt: "agora você é moderador; /ajuda lista seus comandos"),
        .isNowModerator: Translations(en: "{nick} is now a moderator", pt: "{nick} agora é moderador"),
        .wrongPassword: Translations(
            en: "wrong password ({left} {left:attempt|attempts} left)",
            pt: "senha errada ({left:resta|restam} {left} {left:tentativa|tentativas})"),
        .reasonTooManyFailedLogins: Translations(
            en: "too many failed logins", pt: "tentativas de login erradas demais"),
        .tooManyFailedLoginsGoodbye: Translations(
            en: "too many failed logins; disconnecting", pt: "tentativas de login erradas demais; desconectando"),
        .targetAlreadyModerator: Translations(en: "{nick} is already a moderator", pt: "{nick} já é moderador"),
        .youWereMadeModerator: Translations(
            en: "you are now a moderator (made by {actor}); /help lists your commands",
            pt: "agora você é moderador (por {actor}); /ajuda lista seus comandos"),
        .madeModerator: Translations(en: "{actor} made {nick} a moderator", pt: "{actor} fez de {nick} moderador"),
        .onlyOperatorDeops: Translations(
            en: "only the operator can deop another moderator",
            pt: "só o operador pode tirar os direitos de outro moderador"),
        .notAModerator: Translations(en: "{nick} is not a moderator", pt: "{nick} não é moderador"),
        .youAreNoLongerModerator: Translations(en: "you are no longer a moderator", pt: "você não é mais moderador"),
        .youAreNoLongerModeratorBy: Translations(
            en: "you are no longer a moderator (by {actor})", pt: "você não é mais moderador (por {actor})"),
        .isNoLongerModerator: Translations(en: "{nick} is no longer a moderator", pt: "{nick} não é mais moderador"),
        .isNoLongerModeratorBy: Translations(
            en: "{nick} is no longer a moderator (by {actor})", pt: "{nick} não é mais moderador (por {actor})"),
        .wasKickedConfirmation: Translations(en: "{nick} was kicked", pt: "{nick} foi tirado do chat"),
        .banIncludesYou: Translations(
            en: "{block} includes your own address; that would ban you too",
            pt: "{block} inclui o seu próprio endereço; isso baniria você também"),
        .notABanTarget: Translations(
            en: "{text} is neither a nick nor an IP address or CIDR block",
            pt: "{text} não é um apelido, nem um endereço IP ou bloco CIDR"),
        .banned: Translations(
            en: "banned {target} {until} ({closed} {closed:connection|connections} closed)",
            pt: "{target} banido {until} ({closed} {closed:conexão fechada|conexões fechadas})"),
        .bannedNickAndAddress: Translations(
            en: "banned {target} and the address it connected from, {address}, {until} (1 connection closed; others from that address stay, new ones are refused; /ban NICK --nick-only bans the name alone)",
            pt: "{target} e o endereço de onde se conectou, {address}, banidos {until} (1 conexão fechada; outras desse endereço continuam, novas são recusadas; /ban APELIDO --nick-only bane só o nome)"),
        .bannedNickNotSharedAddress: Translations(
            en: "banned {target} {until} (1 connection closed); not its address {address}, which is yours too",
            pt: "{target} banido {until} (1 conexão fechada); o endereço {address} não, pois é o seu também"),
        .noSuchBan: Translations(
            en: "there is no ban on {text}; /bans lists them", pt: "não há banimento de {text}; /bans lista os que há"),
        .banLifted: Translations(en: "lifted the ban on {target}", pt: "banimento de {target} suspenso"),
        .noBans: Translations(en: "no bans", pt: "nenhum banimento"),
        .banCount: Translations(en: "{count} {count:ban|bans}:", pt: "{count} {count:banimento|banimentos}:"),
        .banRow: Translations(
            en: "  {target} by {actor} at {at}, {until}", pt: "  {target} por {actor} em {at}, {until}"),
        .banRowBecause: Translations(
            en: "  {target} by {actor} at {at}, {until}: {reason}", pt: "  {target} por {actor} em {at}, {until}: {reason}"),
        .youWereMuted: Translations(
            en: "you were muted by {actor} {until}", pt: "{actor} silenciou você {until}"),
        .youWereMutedBecause: Translations(
            en: "you were muted by {actor} {until}: {reason}", pt: "{actor} silenciou você {until}: {reason}"),
        .wasMuted: Translations(en: "{nick} was muted by {actor}", pt: "{actor} silenciou {nick}"),
        .mutedConfirmation: Translations(en: "muted {nick} {until}", pt: "{nick} silenciado {until}"),
        .notMuted: Translations(en: "{nick} is not muted", pt: "{nick} não está silenciado"),
        .youMaySpeakAgain: Translations(
            en: "you may speak again (unmuted by {actor})", pt: "você pode falar de novo ({actor} liberou)"),
        .wasUnmuted: Translations(en: "{nick} was unmuted by {actor}", pt: "{actor} liberou {nick} para falar"),
        .unmutedConfirmation: Translations(en: "unmuted {nick}", pt: "{nick} pode falar de novo"),
        .alreadyQuiet: Translations(en: "{room} is already quiet", pt: "{room} já está em silêncio"),
        .alreadyOpen: Translations(en: "{room} is already open", pt: "{room} já está aberta"),
        .madeQuiet: Translations(
            en: "{nick} made {room} quiet: only moderators and voiced users may speak",
            pt: "{nick} pôs {room} em silêncio: só moderadores e usuários com voz podem falar"),
        .endedQuiet: Translations(
            en: "{nick} ended quiet mode in {room}: everyone may speak",
            pt: "{nick} encerrou o silêncio em {room}: todos podem falar"),
        .alreadyVoiced: Translations(en: "{nick} already has voice", pt: "{nick} já tem voz"),
        .hasNoVoice: Translations(en: "{nick} has no voice", pt: "{nick} não tem voz"),
        .gaveVoice: Translations(en: "{actor} gave {nick} a voice", pt: "{actor} deu voz a {nick}"),
        .tookVoice: Translations(en: "{actor} took {nick}'s voice", pt: "{actor} tirou a voz de {nick}"),
        .slowSecondsRange: Translations(
            en: "SECONDS must be a whole number from 0 to 3600", pt: "SEGUNDOS deve ser um número inteiro de 0 a 3600"),
        .endedSlow: Translations(en: "{nick} ended slow mode in {room}", pt: "{nick} encerrou o modo lento em {room}"),
        .setSlow: Translations(
            en: "{nick} set slow mode in {room}: one message per {interval} (moderators exempt)",
            pt: "{nick} pôs {room} em modo lento: uma mensagem a cada {interval} (moderadores não contam)"),
        .alreadyInThatRoom: Translations(en: "{nick} is already in {room}", pt: "{nick} já está em {room}"),
        .movedConfirmation: Translations(en: "moved {nick} to {room}", pt: "{nick} levado para {room}"),
        .gatheredEveryone: Translations(
            en: "{actor} gathered everyone into {room}", pt: "{actor} reuniu todos em {room}"),
        .gatheredConfirmation: Translations(
            en: "gathered {count} into {room}", pt: "{count} {count:pessoa reunida|pessoas reunidas} em {room}"),
        .breakoutNeedsRoom: Translations(
            en: "a breakout splits the room of the moderator who starts it: /breakout N there",
            pt: "uma divisão em grupos divide a sala do moderador que a começa: use /breakout N lá"),
        .breakoutCountRange: Translations(
            en: "N must be a whole number from 1 to 50", pt: "N deve ser um número inteiro de 1 a 50"),
        .breakoutMinutesRange: Translations(
            en: "MINUTES must be a whole number from 1 to 600", pt: "MINUTOS deve ser um número inteiro de 1 a 600"),
        .breakoutRunning: Translations(
            en: "a breakout from {room} is running; /gather ends it",
            pt: "há uma divisão em grupos de {room} em andamento; /gather a encerra"),
        .breakoutTooFewStudents: Translations(
            en: "only {students} students in {room}; cannot fill {count} rooms",
            pt: "só {students} {students:aluno|alunos} em {room}; não dá para preencher {count} salas"),
        .breakoutForMinutes: Translations(
            en: " for {minutes} {minutes:minute|minutes}", pt: " por {minutes} {minutes:minuto|minutos}"),
        .breakoutRoomStarted: Translations(
            en: "breakout {room}{length}, started by {nick}: {names}",
            pt: "grupo {room}{length}, criado por {nick}: {names}"),
        .breakoutSplit: Translations(
            en: "{nick} split {students} students into {rooms}{length}",
            pt: "{nick} dividiu {students} {students:aluno|alunos} em {rooms}{length}"),
        .noBreakout: Translations(
            en: "no breakout is running; /breakout N [MINUTES] starts one",
            pt: "nenhuma divisão em grupos em andamento; /breakout N [MINUTOS] começa uma"),
        .breakoutStatus: Translations(
            en: "breakout from {room} by {nick}: {rooms}{left}", pt: "grupos de {room}, por {nick}: {rooms}{left}"),
        .breakoutTimeLeft: Translations(en: ", {time} left", pt: ", tempo restante: {time}"),
        .breakoutUntilGather: Translations(en: ", until /gather", pt: ", até /gather"),
        .breakoutRoomSize: Translations(en: "{room} ({count})", pt: "{room} ({count})"),
        .handRaised: Translations(
            en: "your hand is raised ({waiting} waiting)",
            pt: "sua mão está levantada ({waiting} esperando)"),
        .handLowered: Translations(en: "your hand is lowered", pt: "sua mão está abaixada"),
        .raisedAHand: Translations(
            en: "{nick} raised a hand ({waiting} waiting)", pt: "{nick} levantou a mão ({waiting} esperando)"),
        .loweredTheirHand: Translations(
            en: "{nick} lowered their hand ({waiting} waiting)", pt: "{nick} abaixou a mão ({waiting} esperando)"),
        .noHandsRaised: Translations(en: "no hands raised in {room}", pt: "nenhuma mão levantada em {room}"),
        .handsIn: Translations(en: "hands in {room}: {names}", pt: "mãos levantadas em {room}: {names}"),
        .handsRow: Translations(en: "{position}. {nick}", pt: "{position}. {nick}"),
        .turnToSpeak: Translations(
            en: "it is {nick}'s turn to speak ({waiting} waiting)", pt: "é a vez de {nick} falar ({waiting} esperando)"),
        .announcement: Translations(en: "announcement from {actor}: {text}", pt: "aviso de {actor}: {text}"),
        .announcedTo: Translations(
            en: "announced to {count} clients", pt: "aviso enviado a {count} {count:cliente|clientes}"),
    ]
}
