import Foundation

/// The room's question list: `/ask [-a] TEXT`, `/questions`, `/upvote N`, and for moderators
/// `/answer N [TEXT]` and `/dismiss N`. An anonymous question shows as "anonymous" to the
/// room; moderators see who asked, and the audit keeps it, so abuse can be traced.
enum QuestionCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "ask", portugueseNames: ["perguntar"], scopes: [.user], arguments: [.flag("-a"), .rest("QUESTION")],
            summary: "help.ask", details: [Message("help.ask.1")], handler: ask),
        CommandSpec(
            name: "questions", portugueseNames: ["perguntas"], scopes: [.user], summary: "help.questions", handler: questions),
        CommandSpec(
            name: "upvote", portugueseNames: ["apoiar"], scopes: [.user], arguments: [.word("N")], summary: "help.upvote",
            handler: upvote),
        CommandSpec(
            name: "answer", portugueseNames: ["responder"], scopes: [.user], requiredRole: .moderator,
            arguments: [.word("N"), .rest("TEXT", optional: true)], summary: "help.answer", handler: answer),
        CommandSpec(
            name: "dismiss", portugueseNames: ["descartar"], scopes: [.user], requiredRole: .moderator, arguments: [.word("N")],
            summary: "help.dismiss", handler: dismiss),
    ]

    static let maxQuestionLength = 300

    static func ask(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let anonymously = invocation.optional(0) != nil
        let text = TextSanitizer.clean(invocation.required(1))
        guard !text.isEmpty else {
            throw .usage(Message(.missingArgument, ["argument": "QUESTION"]), invocation.spec, scope: invocation.scope)
        }
        guard text.count <= Self.maxQuestionLength else {
            throw CommandError(.questionTooLong, ["max": .count(Self.maxQuestionLength)])
        }
        // A lecture's quiet room takes questions: that is what they are for. A mute does not.
        try state.checkNotMuted(client, at: invocation.now)
        let room = client.room
        let question = state.questionLists[room.key, default: QuestionList()].ask(
            text, by: client.nick.name, key: client.nick.key, anonymously: anonymously, at: invocation.now)
        let number: MessageValue = .count(question.number)
        state.recordQuestion(question, in: room, from: client.id)
        guard let members = state.rooms[room.key]?.members else { return }
        let others = members.filter { $0 != client.id }
        if anonymously {
            let moderators = others.filter { state.clients[$0]?.role == .moderator }
            let students = others.filter { state.clients[$0]?.role != .moderator }
            state.deliver(.notice(.questionAskedAnonymously, ["number": number, "text": "\(text)"]), to: students)
            state.deliver(
                .notice(.questionAskedAnonymouslyBy, ["number": number, "text": "\(text)", "nick": "\(client.nick)"]), to: moderators)
            state.recordAudit("ask-anonymous", by: invocation.actor, target: "\(room) #\(question.number)", reason: text, at: invocation.now)
        } else {
            state.deliver(.notice(.questionAsked, ["number": number, "text": "\(text)", "nick": "\(client.nick)"]), to: others)
        }
        state.reply(client.id, .notice(anonymously ? .youAskedAnonymously : .youAsked, ["number": number]))
    }

    static func questions(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        let open = state.questionLists[client.room.key]?.open ?? []
        guard !open.isEmpty else {
            state.reply(client.id, .notice(.noOpenQuestions, ["room": "\(client.room)"]))
            return
        }
        state.reply(client.id, .notice(.openQuestions, ["room": "\(client.room)", "count": .count(open.count)]))
        for question in open {
            let asker: MessageValue
            if !question.isAnonymous {
                asker = "\(question.asker)"
            } else if client.role == .moderator {
                asker = .message(Message(.askerNameAnonymously, ["nick": "\(question.asker)"]))
            } else {
                asker = .message(Message(.anonymousAsker))
            }
            state.reply(
                client.id,
                .notice(
                    .questionRow,
                    ["number": .count(question.number), "votes": .count(question.votes), "text": "\(question.text)", "asker": asker]))
        }
    }

    static func upvote(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        var question = try Self.openQuestion(invocation.required(0), in: state, room: client.room)
        guard question.askerKey != client.nick.key else { throw CommandError(.cannotUpvoteOwn) }
        guard question.upvote(by: client.nick.key) else {
            throw CommandError(.alreadyUpvoted, ["number": .count(question.number)])
        }
        state.questionLists[client.room.key]?.update(question)
        state.reply(client.id, .notice(.upvoted, ["number": .count(question.number), "votes": .count(question.votes)]))
    }

    static func answer(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        var question = try Self.openQuestion(invocation.required(0), in: state, room: client.room)
        let answer = invocation.optional(1).map { TextSanitizer.clean($0) } ?? ""
        question.status = .answered(by: client.nick.name)
        state.questionLists[client.room.key]?.update(question)
        let number: MessageValue = .count(question.number)
        let line: MessageLine = answer.isEmpty
            ? .notice(.questionAnswered, ["nick": "\(client.nick)", "number": number, "text": "\(question.text)"])
            : .notice(
                .questionAnsweredWith, ["nick": "\(client.nick)", "number": number, "text": "\(question.text)", "answer": "\(answer)"])
        state.tellEveryone(in: client.room, line)
    }

    static func dismiss(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        var question = try Self.openQuestion(invocation.required(0), in: state, room: client.room)
        question.status = .dismissed(by: client.nick.name)
        state.questionLists[client.room.key]?.update(question)
        state.reply(client.id, .notice(.questionDismissed, ["number": .count(question.number)]))
        state.recordAudit("dismiss", by: invocation.actor, target: "\(client.room) #\(question.number)", reason: question.text, at: invocation.now)
    }

    /// The open question `word` names in `room`, or an error that says what is wrong.
    private static func openQuestion(_ word: String, in state: ChatState, room: RoomName) throws(CommandError) -> Question {
        let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
        guard let number = Int(digits), number > 0 else {
            throw CommandError(.notAQuestionNumber, ["text": "\(TextSanitizer.preview(word, limit: 20))"])
        }
        guard let question = state.questionLists[room.key]?.question(number) else {
            throw CommandError(.noSuchQuestion, ["number": .count(number), "room": "\(room)"])
        }
        guard question.status == .open else {
            throw CommandError(.questionClosed, ["number": .count(number)])
        }
        return question
    }
}
