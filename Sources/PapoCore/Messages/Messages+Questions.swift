/// What the question list says (`/ask`, `/questions`, `/upvote`, `/answer`, `/dismiss`).
extension MessageID {
    static let questionTooLong = MessageID("questions.too-long")
    static let questionAsked = MessageID("questions.asked")
    static let questionAskedAnonymously = MessageID("questions.asked-anonymously")
    static let questionAskedAnonymouslyBy = MessageID("questions.asked-anonymously-by")
    static let youAsked = MessageID("questions.you-asked")
    static let youAskedAnonymously = MessageID("questions.you-asked-anonymously")
    static let noOpenQuestions = MessageID("questions.none-open")
    static let openQuestions = MessageID("questions.open")
    static let questionRow = MessageID("questions.row")
    static let askerNameAnonymously = MessageID("questions.asker-anonymously")
    static let anonymousAsker = MessageID("questions.anonymous")
    static let cannotUpvoteOwn = MessageID("questions.cannot-upvote-own")
    static let alreadyUpvoted = MessageID("questions.already-upvoted")
    static let upvoted = MessageID("questions.upvoted")
    static let questionAnswered = MessageID("questions.answered")
    static let questionAnsweredWith = MessageID("questions.answered-with")
    static let questionDismissed = MessageID("questions.dismissed")
    static let notAQuestionNumber = MessageID("questions.not-a-number")
    static let noSuchQuestion = MessageID("questions.no-such")
    static let questionClosed = MessageID("questions.closed")
    static let transcriptQuestion = MessageID("questions.transcript")
}

extension MessageCatalogue {
    static let questions: [MessageID: Translations] = [
        .questionTooLong: Translations(
            en: "a question has at most {max} characters", pt: "uma pergunta tem no máximo {max} caracteres"),
        .questionAsked: Translations(
            en: "{nick} asked #{number}: {text} (/upvote {number} if you want it answered too)",
            pt: "{nick} perguntou #{number}: {text} (/upvote {number} se você também quer a resposta)"),
        .questionAskedAnonymously: Translations(
            en: "anonymous asked #{number}: {text} (/upvote {number} if you want it answered too)",
            pt: "anônimo perguntou #{number}: {text} (/upvote {number} se você também quer a resposta)"),
        .questionAskedAnonymouslyBy: Translations(
            en: "{nick} asked #{number} anonymously: {text}", pt: "{nick} perguntou #{number} anonimamente: {text}"),
        .youAsked: Translations(
            en: "your question is #{number} on the room's list (/questions)",
            pt: "sua pergunta é a #{number} da lista da sala (/questions)"),
        .youAskedAnonymously: Translations(
            en: "your question is #{number} on the room's list; the room sees it as anonymous, moderators see who asked",
            pt: "sua pergunta é a #{number} da lista da sala; a sala a vê como anônima, os moderadores veem quem perguntou"),
        .noOpenQuestions: Translations(
            en: "no open questions in {room} (/ask QUESTION asks one)",
            pt: "nenhuma pergunta em aberto em {room} (/ask PERGUNTA faz uma)"),
        .openQuestions: Translations(
            en: "{count} open {count:question|questions} in {room}, most wanted first:",
            pt: "{count} {count:pergunta|perguntas} em aberto em {room}, as mais pedidas primeiro:"),
        .questionRow: Translations(
            en: "  #{number} ({votes} {votes:vote|votes}) {text} — {asker}",
            pt: "  #{number} ({votes} {votes:voto|votos}) {text} — {asker}"),
        .askerNameAnonymously: Translations(en: "{nick}, anonymously", pt: "{nick}, anonimamente"),
        .anonymousAsker: Translations(en: "anonymous", pt: "anônimo"),
        .cannotUpvoteOwn: Translations(
            en: "your own question needs no upvote from you", pt: "sua própria pergunta não precisa do seu voto"),
        .alreadyUpvoted: Translations(
            en: "you have upvoted #{number} already", pt: "você já votou na #{number}"),
        .upvoted: Translations(
            en: "upvoted #{number} ({votes} {votes:vote|votes} now)", pt: "voto dado na #{number} ({votes} {votes:voto|votos} agora)"),
        .questionAnswered: Translations(
            en: "{nick} answered #{number}: {text}", pt: "{nick} respondeu a #{number}: {text}"),
        .questionAnsweredWith: Translations(
            en: "{nick} answered #{number} ({text}): {answer}", pt: "{nick} respondeu a #{number} ({text}): {answer}"),
        .questionDismissed: Translations(
            en: "#{number} is off the list", pt: "a #{number} saiu da lista"),
        .notAQuestionNumber: Translations(
            en: "{text} is not a question number (/questions lists them)",
            pt: "{text} não é o número de uma pergunta (/questions lista as perguntas)"),
        .noSuchQuestion: Translations(
            en: "there is no question #{number} in {room}", pt: "não há pergunta #{number} em {room}"),
        .questionClosed: Translations(
            en: "#{number} is answered or dismissed already", pt: "a #{number} já foi respondida ou descartada"),
        .transcriptQuestion: Translations(en: "{nick} asked {text}", pt: "{nick} perguntou {text}"),
        "help.ask": Translations(
            en: "Put a question on the room's list; -a asks it anonymously",
            pt: "Põe uma pergunta na lista da sala; -a pergunta anonimamente"),
        "help.ask.1": Translations(
            en: "Anonymous: the room sees \"anonymous\"; moderators see who asked, and the audit keeps it",
            pt: "Anônima: a sala vê \"anônimo\"; os moderadores veem quem perguntou, e a auditoria guarda"),
        "help.questions": Translations(
            en: "List the room's open questions, most upvoted first",
            pt: "Lista as perguntas em aberto da sala, as mais votadas primeiro"),
        "help.upvote": Translations(
            en: "Say you want question N answered too (once; not your own)",
            pt: "Diz que você também quer a resposta da pergunta N (uma vez; não a sua)"),
        "help.answer": Translations(
            en: "Mark question N answered, with an answer if you like; the room is told",
            pt: "Marca a pergunta N como respondida, com uma resposta se quiser; a sala fica sabendo"),
        "help.dismiss": Translations(
            en: "Take question N off the list without answering it",
            pt: "Tira a pergunta N da lista sem respondê-la"),
    ]
}
