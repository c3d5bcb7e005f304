import Foundation
import Testing

@testable import PapoCore

/// Polls: /poll (start, show), /vote, /endpoll, the timed end on the tick, named polls.
@Suite("Polls")
struct PollsTests: ClassOfFour {
    @Test("a moderator starts a poll: the room sees the question, the numbered options and how to vote")
    func start() {
        var state = self.classroom()
        let effects = state.type("/poll Qual protocolo é orientado a conexão? | TCP | UDP", by: self.teacher)
        #expect(
            effects.lines(for: self.ana) == [
                "-!- mestre started a poll: Qual protocolo é orientado a conexão?",
                "-!-   1. TCP",
                "-!-   2. UDP",
                "-!- /vote 1 to 2 to answer (anonymous; you may change your vote); a moderator closes it",
            ])
        #expect(state.audit.last?.action == "poll")
        #expect(effects.transcriptTexts.first == "mestre started a poll: Qual protocolo é orientado a conexão?")
        #expect(state.type("/poll outra? | a | b", by: self.teacher).lines(for: self.teacher).first?.contains("has a poll open already") == true)
    }

    @Test("bad polls are refused with what is wrong, and nothing changes", arguments: [
        ("/poll só uma pergunta", "a poll is a question and its options between |"),
        ("/poll pergunta? | uma", "a poll has 2 to 10 options"),
        ("/poll p? | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11", "a poll has 2 to 10 options"),
        ("/poll p? | a |  | b", "a poll is a question and its options between |"),
        ("/poll  | a | b", "a poll is a question and its options between |"),
        ("/poll p? | \(String(repeating: "x", count: 201)) | b", "a poll's question and options have at most 200 characters each"),
    ])
    func malformed(line: String, error: String) {
        var state = self.classroom()
        let reply = state.type(line, by: self.teacher).lines(for: self.teacher)
        #expect(reply.first?.contains(error) == true, "\(reply)")
        #expect(state.polls.isEmpty)
        #expect(state.type("/poll a? | b | c", by: self.ana).lines(for: self.ana) == ["-!- error: only moderators start polls; /poll alone shows this room's"])
    }

    @Test("one vote a person, which may change while open; the tally to moderators, options and one's vote to students")
    func votes() {
        var state = self.classroom()
        _ = state.type("/poll Qual? | TCP | UDP | QUIC", by: self.teacher)
        #expect(state.type("/vote 1", by: self.ana).lines(for: self.ana) == ["-!- you voted 1. TCP"])
        #expect(state.type("/vote 1", by: self.ana).lines(for: self.ana) == ["-!- your vote is 1. TCP already"])
        #expect(state.type("/vote 3", by: self.ana).lines(for: self.ana) == ["-!- you changed your vote to 3. QUIC"])
        _ = state.type("/vote 1", by: self.bia)
        _ = state.type("/votar 1", by: self.caio)
        #expect(state.type("/vote 4", by: self.bia).lines(for: self.bia) == ["-!- error: 4 is not an option: vote 1 to 3"])
        #expect(state.type("/vote x", by: self.bia).lines(for: self.bia) == ["-!- error: x is not an option: vote 1 to 3"])
        #expect(
            state.type("/poll", by: self.teacher).lines(for: self.teacher) == [
                "-!- poll open: Qual? (3 votes so far):",
                "-!-   1. TCP   █████████████░░░░░░░ 2 (67%)",
                "-!-   2. UDP   ░░░░░░░░░░░░░░░░░░░░ 0 (0%)",
                "-!-   3. QUIC  ███████░░░░░░░░░░░░░ 1 (33%)",
            ])
        #expect(
            state.type("/poll", by: self.ana).lines(for: self.ana) == [
                "-!- poll open: Qual?", "-!-   1. TCP", "-!-   2. UDP", "-!-   3. QUIC", "-!- your vote: 3. QUIC",
            ])
    }

    @Test("/endpoll shows everyone the result as a bar chart; votes after it are refused")
    func endPoll() {
        var state = self.classroom()
        _ = state.type("/poll Qual? | TCP | UDP", by: self.teacher)
        _ = state.type("/vote 2", by: self.ana)
        #expect(state.type("/endpoll", by: self.ana).lines(for: self.ana) == ["-!- error: /endpoll needs moderator rights"])
        let closed = state.type("/endpoll", by: self.teacher)
        #expect(
            closed.lines(for: self.bia) == [
                "-!- mestre closed the poll Qual? (1 vote):",
                "-!-   1. TCP  ░░░░░░░░░░░░░░░░░░░░ 0 (0%)",
                "-!-   2. UDP  ████████████████████ 1 (100%)",
            ])
        #expect(state.type("/vote 1", by: self.bia).lines(for: self.bia) == ["-!- error: there is no open poll in #lobby"])
        #expect(state.type("/poll", by: self.bia).lines(for: self.bia).first == "-!- result of the poll Qual? (1 vote):")
        #expect(state.type("/endpoll", by: self.teacher).lines(for: self.teacher) == ["-!- error: there is no open poll in #lobby"])
        // A new poll may start once the last is closed.
        #expect(state.type("/poll De novo? | sim | não", by: self.teacher).lines(for: self.ana).count == 4)
    }

    @Test("a closed poll reaches web pages as its tally to draw, instead of the text chart")
    func drawnResult() throws {
        var state = self.classroom()
        _ = state.type("/poll Qual? | TCP | UDP", by: self.teacher)
        _ = state.type("/vote 2", by: self.ana)
        _ = state.type("/vote 2", by: self.bia)
        _ = state.type("/vote 1", by: self.caio)
        let closed = state.type("/endpoll", by: self.teacher)
        let tally = PollTally(question: "Qual?", options: ["TCP", "UDP"], votes: [1, 2], isClosed: true)
        for id in [self.teacher, self.ana] {
            #expect(closed.updates(for: id) == [.poll(room: "#lobby", tally)])
        }
        // The page is sent the headline and the bars to draw; the chart's text goes to text doors only.
        let web = closed.webLines(for: self.ana).map { WebEvent($0, time: "t") }
        #expect(web.map(\.kind) == [.notice, .poll])
        #expect(web.last?.options == [WebEvent.PollOption(text: "TCP", votes: 1), WebEvent.PollOption(text: "UDP", votes: 2)])
        #expect(web.last?.question == "Qual?" && web.last?.closed == true)
        #expect(closed.lines(for: self.ana).count == 3)
        #expect(closed.transcriptTexts.filter { $0.contains("█") }.count == 2, "the chart stays in the transcript")
        // `/poll` afterwards draws it too, for the one who asked.
        let shown = state.type("/poll", by: self.bia)
        #expect(shown.updates(for: self.bia) == [.poll(room: "#lobby", tally)])
        #expect(shown.webLines(for: self.bia).count == 2)
        #expect(shown.lines(for: self.bia).count == 3)
    }

    @Test("a timed poll closes on the tick at its end; a named one shows moderators who voted what")
    func timedAndNamed() {
        var state = self.classroom()
        let started = state.type("/poll --named 2m Qual? | TCP | UDP", by: self.teacher)
        #expect(started.lines(for: self.ana).last?.contains("moderators see who voted what") == true)
        #expect(started.lines(for: self.ana).last?.contains("it closes at") == true)
        _ = state.type("/vote 1", by: self.ana)
        _ = state.type("/vote 1", by: self.bia)
        _ = state.type("/vote 2", by: self.caio)
        #expect(state.tick(at: Self.start.addingTimeInterval(119)).lines(for: self.ana).isEmpty)
        let closed = state.tick(at: Self.start.addingTimeInterval(120))
        #expect(closed.lines(for: self.ana).first == "-!- server closed the poll Qual? (3 votes):")
        #expect(closed.lines(for: self.ana).count == 3, "students see no names")
        #expect(closed.lines(for: self.teacher).suffix(2) == ["-!-   1. TCP: ana, bia", "-!-   2. UDP: caio"])
        #expect(state.polls["#lobby"]?.isClosed == true)
    }
}

extension ChatState {
    fileprivate mutating func type(_ line: String, by id: ClientID) -> [Effect] {
        self.receive(.line(line, .lf), from: id, at: PollsTests.start)
    }
}

extension [Effect] {
    fileprivate var transcriptTexts: [String] {
        self.compactMap { effect in
            if case .record(.transcript(let line)) = effect { return line.text }
            return nil
        }
    }
}
