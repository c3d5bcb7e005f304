/// What polls say (`/poll`, `/vote`, `/endpoll`).
extension MessageID {
    static let pollNeedsModerator = MessageID("polls.needs-moderator")
    static let pollAlreadyOpen = MessageID("polls.already-open")
    static let pollMalformed = MessageID("polls.malformed")
    static let pollOptionCount = MessageID("polls.option-count")
    static let pollTextTooLong = MessageID("polls.text-too-long")
    static let pollStarted = MessageID("polls.started")
    static let pollHowToVote = MessageID("polls.how-to-vote")
    static let pollHowToVoteNamed = MessageID("polls.how-to-vote-named")
    static let pollClosesAt = MessageID("polls.closes-at")
    static let pollClosesByModerator = MessageID("polls.closes-by-moderator")
    static let noOpenPoll = MessageID("polls.no-open-poll")
    static let noPoll = MessageID("polls.no-poll")
    static let notAnOption = MessageID("polls.not-an-option")
    static let voted = MessageID("polls.voted")
    static let voteChanged = MessageID("polls.vote-changed")
    static let votedAlready = MessageID("polls.voted-already")
    static let pollResult = MessageID("polls.result")
    static let pollRunning = MessageID("polls.running")
    static let pollOpen = MessageID("polls.open")
    static let pollYourVote = MessageID("polls.your-vote")
    static let pollClosed = MessageID("polls.closed")
    static let pollVoters = MessageID("polls.voters")
}

extension MessageCatalogue {
    static let polls: [MessageID: Translations] = [
        .pollNeedsModerator: Translations(
            en: "only moderators start polls; /poll alone shows this room's", pt: "só moderadores começam enquetes; /poll sozinho mostra a desta sala"),
        .pollAlreadyOpen: Translations(
            en: "{room} has a poll open already; /endpoll closes it", pt: "{room} já tem uma enquete aberta; /endpoll a encerra"),
        .pollMalformed: Translations(
            en: "a poll is a question and its options between |, as /poll Which protocol? | TCP | UDP",
            pt: "uma enquete é uma pergunta e as opções entre |, como /poll Qual protocolo? | TCP | UDP"),
        .pollOptionCount: Translations(
            en: "a poll has {min} to {max} options", pt: "uma enquete tem de {min} a {max} opções"),
        .pollTextTooLong: Translations(
            en: "a poll's question and options have at most {max} characters each",
            pt: "a pergunta e as opções de uma enquete têm no máximo {max} caracteres cada"),
        .pollStarted: Translations(en: "{nick} started a poll: {question}", pt: "{nick} abriu uma enquete: {question}"),
        .pollHowToVote: Translations(
            en: "/vote 1 to {count} to answer (anonymous; you may change your vote); {closes}",
            pt: "/vote de 1 a {count} para responder (anônimo; dá para mudar o voto); {closes}"),
        .pollHowToVoteNamed: Translations(
            en: "/vote 1 to {count} to answer (moderators see who voted what; you may change your vote); {closes}",
            pt: "/vote de 1 a {count} para responder (os moderadores veem quem votou em quê; dá para mudar o voto); {closes}"),
        .pollClosesAt: Translations(en: "it closes at {time}", pt: "ela fecha às {time}"),
        .pollClosesByModerator: Translations(en: "a moderator closes it", pt: "um moderador a encerra"),
        .noOpenPoll: Translations(en: "there is no open poll in {room}", pt: "não há enquete aberta em {room}"),
        .noPoll: Translations(en: "there has been no poll in {room}", pt: "não houve enquete em {room}"),
        .notAnOption: Translations(
            en: "{text} is not an option: vote 1 to {count}", pt: "{text} não é uma opção: vote de 1 a {count}"),
        .voted: Translations(en: "you voted {option}", pt: "você votou em {option}"),
        .voteChanged: Translations(en: "you changed your vote to {option}", pt: "você mudou seu voto para {option}"),
        .votedAlready: Translations(en: "your vote is {option} already", pt: "seu voto já é {option}"),
        .pollResult: Translations(
            en: "result of the poll {question} ({total} {total:vote|votes}):",
            pt: "resultado da enquete {question} ({total} {total:voto|votos}):"),
        .pollRunning: Translations(
            en: "poll open: {question} ({total} {total:vote|votes} so far):",
            pt: "enquete aberta: {question} ({total} {total:voto|votos} até agora):"),
        .pollOpen: Translations(en: "poll open: {question}", pt: "enquete aberta: {question}"),
        .pollYourVote: Translations(en: "your vote: {option}", pt: "seu voto: {option}"),
        .pollClosed: Translations(
            en: "{nick} closed the poll {question} ({total} {total:vote|votes}):",
            pt: "{nick} encerrou a enquete {question} ({total} {total:voto|votos}):"),
        .pollVoters: Translations(en: "  {option}: {nicks}", pt: "  {option}: votos de {nicks}"),
        "help.poll": Translations(
            en: "Moderators: start a poll (2 to 10 options); anyone: /poll alone shows it",
            pt: "Moderadores: abrem uma enquete (2 a 10 opções); todos: /poll sozinho a mostra"),
        "help.poll.1": Translations(
            en: "/poll 2m Which protocol? | TCP | UDP closes by itself after 2 minutes; without a time, /endpoll closes it",
            pt: "/poll 2m Qual protocolo? | TCP | UDP fecha sozinha em 2 minutos; sem tempo, /endpoll a encerra"),
        "help.poll.2": Translations(
            en: "Anonymous unless --named, which lets moderators see who voted what",
            pt: "Anônima, a não ser com --named, que deixa os moderadores verem quem votou em quê"),
        "help.vote": Translations(
            en: "Answer the room's poll with option N; you may change it while the poll is open",
            pt: "Responde a enquete da sala com a opção N; dá para mudar enquanto ela está aberta"),
        "help.endpoll": Translations(
            en: "Close the room's poll and show everyone the result", pt: "Encerra a enquete da sala e mostra o resultado a todos"),
    ]
}
