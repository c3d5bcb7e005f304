import Foundation
import Testing

@testable import PapoCore

/// The room's question list: /ask (anonymous too), /questions, /upvote, /answer, /dismiss.
@Suite("Questions")
struct QuestionsTests: ClassOfFour {
    @Test("/ask puts a numbered question on the room's list; the room sees it, the asker is told its number")
    func ask() {
        var state = self.classroom()
        let effects = state.type("/ask o que é um socket?", by: self.ana)
        #expect(effects.lines(for: self.bia) == ["-!- ana asked #1: o que é um socket? (/upvote 1 if you want it answered too)"])
        #expect(effects.lines(for: self.ana) == ["-!- your question is #1 on the room's list (/questions)"])
        #expect(
            effects.transcript == [
                TranscriptLine(
                    time: Self.start, room: "#lobby", roomKey: "#lobby", nick: "ana", kind: .question, text: "#1 o que é um socket?",
                    client: self.ana)
            ])
        #expect(state.type("/ask", by: self.ana).lines(for: self.ana).first?.hasPrefix("-!- error: missing QUESTION") == true)
        let long = String(repeating: "?", count: 301)
        #expect(state.type("/ask \(long)", by: self.ana).lines(for: self.ana) == ["-!- error: a question has at most 300 characters"])
    }

    @Test("/ask -a: the room sees anonymous, moderators see who, the audit keeps it; the transcript has no nick")
    func anonymous() {
        var state = self.classroom()
        let effects = state.type("/ask -a posso refazer a prova?", by: self.bia)
        #expect(effects.lines(for: self.ana) == ["-!- anonymous asked #1: posso refazer a prova? (/upvote 1 if you want it answered too)"])
        #expect(effects.lines(for: self.teacher) == ["-!- bia asked #1 anonymously: posso refazer a prova?"])
        #expect(effects.lines(for: self.bia).first?.contains("the room sees it as anonymous") == true)
        #expect(state.audit.last?.action == "ask-anonymous" && state.audit.last?.actor == "bia")
        #expect(effects.transcript.first?.nick == nil && effects.transcript.first?.client == nil)
        #expect(state.type("/questions", by: self.ana).lines(for: self.ana).last == "-!-   #1 (0 votes) posso refazer a prova? — anonymous")
        #expect(state.type("/questions", by: self.teacher).lines(for: self.teacher).last == "-!-   #1 (0 votes) posso refazer a prova? — bia, anonymously")
    }

    @Test("/upvote: once a person, not one's own; /questions lists the most wanted first")
    func upvotes() {
        var state = self.classroom()
        _ = state.type("/ask primeira", by: self.ana)
        _ = state.type("/ask segunda", by: self.bia)
        #expect(state.type("/upvote 2", by: self.caio).lines(for: self.caio) == ["-!- upvoted #2 (1 vote now)"])
        #expect(state.type("/upvote #2", by: self.ana).lines(for: self.ana) == ["-!- upvoted #2 (2 votes now)"])
        #expect(state.type("/upvote 2", by: self.ana).lines(for: self.ana) == ["-!- error: you have upvoted #2 already"])
        #expect(state.type("/upvote 2", by: self.bia).lines(for: self.bia) == ["-!- error: your own question needs no upvote from you"])
        #expect(state.type("/upvote 9", by: self.bia).lines(for: self.bia) == ["-!- error: there is no question #9 in #lobby"])
        #expect(state.type("/upvote x", by: self.bia).lines(for: self.bia) == ["-!- error: x is not a question number (/questions lists them)"])
        #expect(
            state.type("/questions", by: self.caio).lines(for: self.caio) == [
                "-!- 2 open questions in #lobby, most wanted first:",
                "-!-   #2 (2 votes) segunda — bia",
                "-!-   #1 (0 votes) primeira — ana",
            ])
    }

    @Test("/answer tells the room and closes the question; /dismiss takes it off; students may do neither")
    func answerAndDismiss() {
        var state = self.classroom()
        _ = state.type("/ask primeira", by: self.ana)
        _ = state.type("/ask segunda", by: self.bia)
        #expect(state.type("/answer 1", by: self.bia).lines(for: self.bia) == ["-!- error: /answer needs moderator rights"])
        let answered = state.type("/answer 1 é um ponto final de comunicação", by: self.teacher)
        #expect(answered.lines(for: self.caio) == ["-!- mestre answered #1 (primeira): é um ponto final de comunicação"])
        #expect(state.type("/upvote 1", by: self.caio).lines(for: self.caio) == ["-!- error: #1 is answered or dismissed already"])
        #expect(state.type("/dismiss 2", by: self.teacher).lines(for: self.teacher) == ["-!- #2 is off the list"])
        #expect(state.audit.last?.action == "dismiss")
        #expect(state.type("/questions", by: self.ana).lines(for: self.ana) == ["-!- no open questions in #lobby (/ask QUESTION asks one)"])
        // Each room has its own list.
        _ = state.type("/join #lab", by: self.caio)
        #expect(state.type("/ask numa outra sala", by: self.caio).lines(for: self.caio) == ["-!- your question is #1 on the room's list (/questions)"])
    }

    @Test("questions work in Portuguese and in a quiet room; a muted student cannot ask")
    func portugueseQuietMuted() {
        var state = self.classroom()
        _ = state.type("/quiet on", by: self.teacher)
        _ = state.type("/lang pt-BR", by: self.ana)
        #expect(state.type("/perguntar pode repetir?", by: self.ana).lines(for: self.ana) == ["-!- sua pergunta é a #1 da lista da sala (/questions)"])
        #expect(state.type("/apoiar 1", by: self.bia).lines(for: self.bia) == ["-!- upvoted #1 (1 vote now)"])
        _ = state.type("/mute caio", by: self.teacher)
        #expect(state.type("/ask posso?", by: self.caio).lines(for: self.caio).first?.hasPrefix("-!- error: you are muted") == true)
    }
}

extension ChatState {
    fileprivate mutating func type(_ line: String, by id: ClientID) -> [Effect] {
        self.receive(.line(line, .lf), from: id, at: QuestionsTests.start)
    }
}

extension [Effect] {
    fileprivate var transcript: [TranscriptLine] {
        self.compactMap { effect in
            if case .record(.transcript(let line)) = effect, line.kind == .question { return line }
            return nil
        }
    }
}
