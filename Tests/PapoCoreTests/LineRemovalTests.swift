import Foundation
import Testing

@testable import PapoCore

/// Line numbers (`/ids`) and removing a line (`/delete`).
@Suite("Removing a line")
struct LineRemovalTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let teacher = ClientID(1)
    let ana = ClientID(2)
    let bia = ClientID(3)

    func classroom() -> ChatState {
        ChatState.recordedClassroom([(self.teacher, "mestre"), (self.ana, "ana"), (self.bia, "bia")], at: Self.start)
    }

    @Test("every chat and action line has a number; /ids on shows it to that moderator only")
    func numbers() {
        var state = self.classroom()
        let first = state.type("oi", by: self.ana)
        #expect(first.transcriptNumbers == [1])
        #expect(state.type("/ids on", by: self.teacher).lines(for: self.teacher).first?.hasPrefix("-!- chat lines now show their numbers") == true)
        let second = state.type("tudo bem?", by: self.ana)
        #expect(second.lines(for: self.teacher) == ["[#2] <ana> tudo bem?"])
        #expect(second.lines(for: self.bia) == ["<ana> tudo bem?"])
        #expect(state.type("/me acena", by: self.bia).lines(for: self.teacher) == ["[#3] * bia acena"])
        #expect(state.type("/ids on", by: self.ana).lines(for: self.ana) == ["-!- error: /ids needs moderator rights"])
        _ = state.type("/ids off", by: self.teacher)
        #expect(state.type("de novo", by: self.ana).lines(for: self.teacher) == ["<ana> de novo"])
        // Web and IRC readers get the number as a field and before the text.
        let numbered = ServerLine.numbered(7, .action(from: "ana", text: "acena", room: "#lobby"))
        #expect(WebEvent(numbered, time: "t").number == 7)
        #expect(state.ircMessages(for: numbered, to: [self.teacher]).first?.parameters[1] == "\u{1}ACTION [#7] acena\u{1}")
        // The number is part of the text before a long line is cut into 512-byte messages.
        let long = ServerLine.numbered(8, .chat(from: "ana", text: String(repeating: "a", count: 900), room: "#lobby"))
        let messages = state.ircMessages(for: long, to: [self.teacher])
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { $0.serialized.utf8.count <= 510 })
        #expect(messages.first?.parameters[1].hasPrefix("[#8] aaa") == true)
    }

    @Test("/delete N: the room is told, replay forgets it, the transcript keeps a tombstone, the audit the act")
    func delete() throws {
        var state = self.classroom()
        _ = state.type("uma coisa feia", by: self.ana)
        _ = state.type("outra coisa", by: self.bia)
        let effects = state.type("/delete 1 linguagem", by: self.teacher)
        #expect(effects.lines(for: self.bia) == ["-!- mestre removed a message (#1): linguagem"])
        #expect(
            effects.removals == [
                LineRemoval(number: 1, roomKey: "#lobby", tombstone: "removed by mestre at 2027-01-15 08:00:00 UTC: linguagem")
                    .withTime(DurationText.timestamp(Self.start))
            ])
        #expect(state.recentLines["#lobby"]?.map(\.text) == ["outra coisa"])
        #expect(state.audit.last?.action == "delete" && state.audit.last?.target == "#lobby #1")
        #expect(state.type("/delete 1", by: self.teacher).lines(for: self.teacher) == ["-!- error: line #1 is removed already"])
        #expect(state.type("/delete 99", by: self.teacher).lines(for: self.teacher) == ["-!- error: 99 is not the number of a line (/ids on shows them)"])
        #expect(state.type("/delete x", by: self.teacher).lines(for: self.teacher) == ["-!- error: x is not the number of a line (/ids on shows them)"])
        #expect(state.type("/delete 2", by: self.ana).lines(for: self.ana) == ["-!- error: /delete needs moderator rights"])
        // A line of another room is removed from there.
        _ = state.type("/join #lab", by: self.bia)
        _ = state.type("no lab", by: self.bia)
        #expect(state.type("/delete 3", by: self.teacher).lines(for: self.teacher) == ["-!- error: line #3 was said in #lab; remove it from there"])
        #expect(state.type("/delete #2", by: self.teacher).lines(for: self.ana) == ["-!- mestre removed a message (#2)"])
    }

    @Test("numbering goes on after a restart from the store's highest")
    func restore() {
        var state = ChatState(configuration: ChatConfiguration(recording: RecordingSettings()))
        state.restore(StoredState(lastLineNumber: 41), at: Self.start)
        _ = state.connect(ClientID(1), address: "10.0.0.1", at: Self.start)
        _ = state.connect(ClientID(2), address: "10.0.0.2", at: Self.start)
        #expect(state.receive(.line("oi", .lf), from: ClientID(1), at: Self.start).transcriptNumbers == [42])
    }
}

extension LineRemoval {
    /// The tombstone with the time as the test's time zone writes it.
    fileprivate func withTime(_ time: String) -> LineRemoval {
        LineRemoval(number: self.number, roomKey: self.roomKey, tombstone: "removed by mestre at \(time): linguagem")
    }
}

extension ChatState {
    fileprivate mutating func type(_ line: String, by id: ClientID) -> [Effect] {
        self.receive(.line(line, .lf), from: id, at: LineRemovalTests.start)
    }
}

extension [Effect] {
    fileprivate var transcriptNumbers: [Int] {
        self.compactMap { effect in
            if case .record(.transcript(let line)) = effect { return line.number }
            return nil
        }
    }

    fileprivate var removals: [LineRemoval] {
        self.compactMap { effect in
            if case .record(.removal(let removal)) = effect { return removal }
            return nil
        }
    }
}

@Suite("Clearing a room's history")
struct ClearHistoryTests {
    static let start = LineRemovalTests.start

    @Test("/clear empties replay, leaves one tombstone in the store, tells the room; the operator names the room")
    func clear() {
        var state = LineRemovalTests().classroom()
        _ = state.receive(.line("um", .lf), from: ClientID(2), at: Self.start)
        _ = state.receive(.line("dois", .lf), from: ClientID(3), at: Self.start)
        #expect(state.recentLines["#lobby"]?.count == 2)
        #expect(state.receive(.line("/clear", .lf), from: ClientID(2), at: Self.start).lines(for: ClientID(2)) == ["-!- error: /clear needs moderator rights"])
        let effects = state.receive(.line("/clear", .lf), from: ClientID(1), at: Self.start)
        #expect(effects.lines(for: ClientID(3)) == ["-!- mestre cleared the history of #lobby: replay and export start afresh"])
        #expect(state.recentLines["#lobby"] == nil)
        let clearings = effects.compactMap { effect -> TranscriptLine? in
            if case .record(.clearing(let line)) = effect { return line }
            return nil
        }
        #expect(clearings.map(\.kind) == [.removed])
        #expect(clearings.first?.text.hasPrefix("history cleared by mestre at ") == true)
        #expect(state.audit.last?.action == "clear")
        #expect(
            state.receive(.line("/clear #lab", .lf), from: ClientID(1), at: Self.start).lines(for: ClientID(1)) == [
                "-!- error: /clear clears the room you are in (#lobby); go there to clear another"
            ])
        let (result, _) = state.executeOperator("clear #lobby", at: Self.start)
        #expect(result.lines == ["history of #lobby cleared"])
        #expect(state.executeOperator("clear", at: Self.start).result.error?.hasPrefix("missing ROOM") == true)
    }
}

/// What clients that strike out a removed line are sent: the web page every line's number as
/// data and the removal as an update; a client with `/numbering on` every line numbered in text.
@Suite("Striking out a removed line")
struct StrikeOutTests {
    static let start = LineRemovalTests.start
    let teacher = ClientID(1)
    let ana = ClientID(2)
    let bia = ClientID(3)

    @Test("every chat and action line carries its number for the web page; its text is unchanged")
    func numbersAsData() throws {
        var state = LineRemovalTests().classroom()
        let said = state.receive(.line("oi", .lf), from: self.ana, at: Self.start)
        #expect(said.withoutUpdates.contains(.deliver(.withNumber(1, .chat(from: "ana", text: "oi", room: "#lobby")), to: [self.teacher, self.bia])))
        #expect(said.lines(for: self.bia) == ["<ana> oi"])
        let line = try #require(said.webLines(for: self.bia).first)
        #expect(WebEvent(line, time: "t") == {
            var event = WebEvent(kind: .chat, nick: "ana", text: "oi", time: "t")
            event.number = 1
            return event
        }())
        let action = state.receive(.line("/me acena", .lf), from: self.bia, at: Self.start)
        #expect(action.webLines(for: self.ana).map { WebEvent($0, time: "t").number } == [2])
        #expect(action.lines(for: self.ana) == ["* bia acena"])
        // IRC shows the line as it is.
        #expect(state.ircMessages(for: line, to: [self.bia]).first?.parameters == ["#lobby", "oi"])
    }

    @Test("/delete sends the room a removal of that number after the notice; /clear empties the pages first")
    func removalUpdates() {
        var state = LineRemovalTests().classroom()
        _ = state.receive(.line("feio", .lf), from: self.ana, at: Self.start)
        let deleted = state.receive(.line("/delete 1", .lf), from: self.teacher, at: Self.start)
        for id in [self.teacher, self.ana, self.bia] {
            #expect(deleted.updates(for: id) == [.removed(room: "#lobby", number: 1)])
        }
        let order = deleted.webLines(for: self.bia).map { WebEvent($0, time: "t").kind }
        #expect(order == [.notice, .removed])
        let cleared = state.receive(.line("/clear", .lf), from: self.teacher, at: Self.start)
        #expect(cleared.webLines(for: self.ana).map { WebEvent($0, time: "t").kind } == [.cleared, .notice])
        #expect(cleared.updates(for: self.ana) == [.cleared(room: "#lobby")])
        // Text doors read only the notices.
        #expect(cleared.lines(for: self.ana) == ["-!- mestre cleared the history of #lobby: replay and export start afresh"])
    }

    @Test("replayed lines carry their numbers: as data, or in text for a client with /numbering on")
    func replayNumbers() {
        var state = LineRemovalTests().classroom()
        _ = state.receive(.line("um", .lf), from: self.ana, at: Self.start)
        _ = state.receive(.line("dois", .lf), from: self.bia, at: Self.start)
        _ = state.receive(.line("/join #lab", .lf), from: self.bia, at: Self.start)
        _ = state.receive(.line("/numbering on", .lf), from: self.bia, at: Self.start)
        let back = state.receive(.line("/join #lobby", .lf), from: self.bia, at: Self.start)
        #expect(back.lines(for: self.bia).filter { $0.hasPrefix("[0") } == [
            "[08:00] [#1] <ana> um", "[08:00] [#2] <bia> dois",
        ])
        let dave = ClientID(4)
        let joined = state.connect(dave, address: "10.0.0.4", at: Self.start)
        let replayed = joined.webLines(for: dave).map { WebEvent($0, time: "t") }.filter { $0.history == true }
        #expect(replayed.map(\.number) == [1, 2])
        #expect(replayed.map(\.text) == ["um", "dois"])
        #expect(joined.lines(for: dave).contains("[08:00] <ana> um"))
    }

    @Test("/numbering on numbers the lines of that client only, whatever its role; off stops it")
    func numbering() {
        var state = LineRemovalTests().classroom()
        #expect(
            state.receive(.line("/numbering on", .lf), from: self.bia, at: Self.start).lines(for: self.bia) == [
                "-!- chat lines you are sent now carry their numbers ([#42])"
            ])
        let said = state.receive(.line("oi", .lf), from: self.ana, at: Self.start)
        #expect(said.lines(for: self.bia) == ["[#1] <ana> oi"])
        #expect(said.lines(for: self.teacher) == ["<ana> oi"])
        // Its web form is the same event: the number as a field.
        #expect(said.webLines(for: self.bia).map { WebEvent($0, time: "t").number } == [1])
        _ = state.receive(.line("/numeracao off", .lf), from: self.bia, at: Self.start)
        #expect(state.receive(.line("de novo", .lf), from: self.ana, at: Self.start).lines(for: self.bia) == ["<ana> de novo"])
        _ = state.receive(.line("/numbering on", .lf), from: self.bia, at: Self.start)
        _ = state.receive(.line("/quit", .lf), from: self.bia, at: Self.start)
        #expect(state.numberingClients.isEmpty)
    }
}
