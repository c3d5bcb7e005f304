import Foundation
import Testing

@testable import PapoCore

/// The web client's views: who is in the room with which standing, its settings and its
/// hands, kept up to date by `RoomUpdate`s that text doors never see.
@Suite("Room views")
struct RoomViewTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let teacher = ClientID(1)
    let ana = ClientID(2)
    let bia = ClientID(3)

    func type(_ line: String, by id: ClientID, in state: inout ChatState) -> [Effect] {
        state.receive(.line(line, .lf), from: id, at: Self.start)
    }

    /// mestre (a moderator), ana and bia in #lobby.
    func classroom() -> ChatState {
        var state = ChatState(configuration: ChatConfiguration(moderatorPassword: "segredo"), random: RandomSource(seed: 7))
        for (id, nick) in [(self.teacher, "mestre"), (self.ana, "ana"), (self.bia, "bia")] {
            _ = state.connect(id, address: "10.0.0.\(id.rawValue)", at: Self.start)
            _ = self.type("/nick \(nick)", by: id, in: &state)
        }
        _ = self.type("/login segredo", by: self.teacher, in: &state)
        return state
    }

    func student(_ nick: String) -> RoomMember { RoomMember(nick: nick, standing: .student) }

    @Test("a new connection sees its room whole; the room sees it arrive")
    func connect() {
        var state = self.classroom()
        let effects = state.connect(ClientID(9), address: "10.0.0.9", at: Self.start)
        #expect(
            effects.updates(for: ClientID(9)) == [
                .entered(
                    RoomView(
                        room: "#lobby", you: "guest-4", settings: RoomView.Settings(topic: nil, isQuiet: false, slowSeconds: 0),
                        members: [
                            RoomMember(nick: "mestre", standing: .moderator), self.student("ana"), self.student("bia"),
                            self.student("guest-4"),
                        ]))
            ])
        #expect(effects.updates(for: self.ana) == [.joined(room: "#lobby", member: self.student("guest-4"))])
        // Text doors are sent the notice only.
        #expect(effects.lines(for: self.ana) == ["-!- guest-4 joined #lobby"])
    }

    @Test("moving: the old room sees a departure, the new one an arrival, the mover the new room")
    func move() {
        var state = self.classroom()
        let effects = self.type("/join #math", by: self.ana, in: &state)
        #expect(effects.updates(for: self.bia) == [.left(room: "#lobby", nick: "ana")])
        guard case .entered(let view) = effects.updates(for: self.ana).first else {
            Issue.record("no room view for the mover: \(effects.updates(for: self.ana))")
            return
        }
        #expect(view.room == "#math")
        #expect(view.members == [self.student("ana")])
        let joining = self.type("/join #math", by: self.bia, in: &state)
        #expect(joining.updates(for: self.ana) == [.joined(room: "#math", member: self.student("bia"))])
    }

    @Test("renames, standings and settings reach the whole room, the one concerned included")
    func changes() {
        var state = self.classroom()
        #expect(
            self.type("/nick ana2", by: self.ana, in: &state).updates(for: self.ana)
                == [.renamed(room: "#lobby", old: "ana", new: "ana2")])
        #expect(
            self.type("/voice bia", by: self.teacher, in: &state).updates(for: self.ana)
                == [.changed(room: "#lobby", member: RoomMember(nick: "bia", standing: .voiced))])
        #expect(
            self.type("/quiet on", by: self.teacher, in: &state).updates(for: self.bia)
                == [.settings(room: "#lobby", RoomView.Settings(topic: nil, isQuiet: true, slowSeconds: 0))])
        #expect(
            self.type("/topic Aula 3", by: self.teacher, in: &state).updates(for: self.teacher)
                == [.settings(room: "#lobby", RoomView.Settings(topic: "Aula 3", isQuiet: true, slowSeconds: 0))])
        let op = self.type("/op bia", by: self.teacher, in: &state)
        #expect(op.updates(for: self.ana) == [.changed(room: "#lobby", member: RoomMember(nick: "bia", standing: .moderator))])
        // A new moderator also gets the hands, which only moderators see.
        #expect(op.updates(for: self.bia).last == .hands(room: "#lobby", nicks: []))
    }

    @Test("the hands queue goes to moderators only, as it changes")
    func hands() {
        var state = self.classroom()
        let raised = self.type("/hand", by: self.ana, in: &state)
        #expect(raised.updates(for: self.teacher) == [.hands(room: "#lobby", nicks: ["ana"])])
        #expect(raised.updates(for: self.ana).isEmpty)
        _ = self.type("/hand", by: self.bia, in: &state)
        #expect(self.type("/next", by: self.teacher, in: &state).updates(for: self.teacher) == [.hands(room: "#lobby", nicks: ["bia"])])
        // Leaving takes the hand down.
        #expect(self.type("/quit", by: self.bia, in: &state).updates(for: self.teacher) == [.hands(room: "#lobby", nicks: []), .left(room: "#lobby", nick: "bia", quit: true)])
    }

    @Test("a breakout shows in its rooms and its origin with its end, and ends there too")
    func breakout() {
        var state = self.classroom()
        let started = self.type("/breakout 2 10", by: self.teacher, in: &state)
        let ends = Self.start.addingTimeInterval(600)
        let view = BreakoutView(rooms: ["#breakout-1", "#breakout-2"], endsAt: ends)
        #expect(started.updates(for: self.teacher).contains(.breakout(room: "#lobby", view)))
        #expect(started.updates(for: self.ana).contains(.breakout(room: state.clients[self.ana]!.room.name, view)))
        guard case .entered(let room) = started.updates(for: self.ana).first(where: { if case .entered = $0 { true } else { false } })
        else {
            Issue.record("ana saw no room")
            return
        }
        #expect(room.room.hasPrefix("#breakout-"))
        let gathered = self.type("/gather", by: self.teacher, in: &state)
        #expect(gathered.updates(for: self.teacher).contains(.breakout(room: "#lobby", nil)))
        guard case .entered(let back) = gathered.updates(for: self.ana).first else {
            Issue.record("ana saw no room after gather: \(gathered.updates(for: self.ana))")
            return
        }
        #expect(back.room == "#lobby" && back.breakout == nil)
    }

    @Test("/rooms also answers with the room list for the page")
    func rooms() {
        var state = self.classroom()
        _ = self.type("/join #math", by: self.ana, in: &state)
        _ = self.type("/topic Frações", by: self.ana, in: &state)
        #expect(
            self.type("/rooms", by: self.bia, in: &state).updates(for: self.bia) == [
                .rooms([
                    RoomSummary(name: "#lobby", members: 2, topic: nil), RoomSummary(name: "#math", members: 1, topic: "Frações"),
                ])
            ])
    }

    @Test("updates become web events with their fields; text doors get no bytes for them")
    func webEvents() throws {
        let time = Date(timeIntervalSince1970: 0)
        let view = RoomView(
            room: "#lobby", you: "ana", settings: RoomView.Settings(topic: "Aula", isQuiet: true, slowSeconds: 5),
            members: [RoomMember(nick: "mestre", standing: .moderator), self.student("ana")])
        let room = WebEvent(.update(.entered(view)), at: time)
        #expect(room.kind == .room)
        #expect(room.members?.count == 2)
        #expect(room.topic == "Aula")
        #expect(room.quiet == true)
        #expect(room.slow == 5)
        let object = try JSONSerialization.jsonObject(with: Data(room.json())) as? [String: Any]
        let members = try #require(object?["members"] as? [[String: String]])
        #expect(members.first == ["nick": "mestre", "role": "moderator"])
        let renamed = WebEvent(.update(.renamed(room: "#lobby", old: "ana", new: "ana2")), at: time)
        #expect(renamed.kind == .nick && renamed.old == "ana" && renamed.nick == "ana2")
        #expect(WebEvent(.update(.hands(room: "#lobby", nicks: ["ana"])), at: time).hands == ["ana"])
        #expect(!ServerLine.update(.left(room: "#lobby", nick: "ana")).isText)
    }
}
