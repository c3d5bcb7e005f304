import Foundation
import Testing

@testable import PapoCore

/// `WebEvent.json()` writes JSON by hand for speed: JSONDecoder must read back exactly the event.
@Suite("Web event JSON")
struct WebEventJSONTests {
    static let strings: [String] = [
        "", "bom dia", "olá, ação, 日本語, 🙂🏽", "quote \" backslash \\ slash / ",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}",
        "\u{2028}\u{2029}", "</script><img src=x onerror=alert(1)>", "{\"kind\":\"chat\"}",
    ]

    func roundTrip(_ event: WebEvent) throws -> WebEvent {
        let bytes = event.json()
        // What Foundation's own parser accepts too.
        _ = try JSONSerialization.jsonObject(with: Data(bytes))
        return try JSONDecoder().decode(WebEvent.self, from: Data(bytes))
    }

    @Test("every field and every awkward character survives a JSONDecoder round trip")
    func roundTrips() throws {
        for text in Self.strings {
            var event = WebEvent(kind: .chat, nick: text, text: text, echo: true, history: false, time: text, clock: text)
            event.room = text
            event.old = text
            event.topic = text
            event.quiet = true
            event.slow = -5
            event.member = RoomMember(nick: text, standing: .voiced)
            event.members = [RoomMember(nick: text, standing: .moderator), RoomMember(nick: "b", standing: .student)]
            event.hands = [text, "x"]
            event.breakouts = [text]
            event.ends = text
            #expect(try self.roundTrip(event) == event)
        }
    }

    @Test("every kind of line and update decodes to the event it came from")
    func kinds() throws {
        let lines: [ServerLine] = [
            .chat(from: "ana", text: "oi", room: "#lobby"), .action(from: "ana", text: "acena", room: "#lobby"), .privateMessage(from: "a", text: "p"),
            .privateEcho(to: "b", text: "p"), .notice("n"), .error("e"), .replay(time: "10:42", line: .chat(from: "a", text: "x", room: "#lobby")),
            .update(.left(room: "#lobby", nick: "ana")), .update(.hands(room: "#lobby", nicks: [])),
            .update(.settings(room: "#a", RoomView.Settings(topic: nil, isQuiet: false, slowSeconds: 0))),
            .update(.breakout(room: "#a", BreakoutView(rooms: ["#breakout-1"], endsAt: Date(timeIntervalSince1970: 0)))),
            .update(.breakout(room: "#a", nil)), .update(.language("pt-BR")),
            .update(.rooms([RoomSummary(name: "#a\"", members: 2, topic: "t\n"), RoomSummary(name: "#b", members: 0, topic: nil)])),
            .withNumber(42, .chat(from: "ana", text: "oi", room: "#lobby")), .numbered(7, .action(from: "a", text: "x", room: "#lobby")),
            .replay(time: "10:42", line: .withNumber(3, .chat(from: "a", text: "x", room: "#lobby"))),
            .update(.removed(room: "#lobby", number: 42)), .update(.cleared(room: "#lobby")),
            .update(.poll(room: "#lobby", PollTally(question: "Q\"?", options: ["a\n", "b"], votes: [3, 0], isClosed: true))),
        ]
        for line in lines {
            let event = WebEvent(line, time: "2026-12-05T14:03:00Z")
            #expect(try self.roundTrip(event) == event)
        }
        let bytes = WebEvent(.notice("x"), time: "t").json()
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"kind":"notice","text":"x","time":"t"}"#)
        let said = WebEvent(.withNumber(42, .chat(from: "ana", text: "oi", room: "#lobby")), time: "t").json()
        #expect(String(decoding: said, as: UTF8.self) == #"{"kind":"chat","nick":"ana","text":"oi","number":42,"time":"t"}"#)
        let removed = WebEvent(.update(.removed(room: "#lobby", number: 42)), time: "t").json()
        #expect(String(decoding: removed, as: UTF8.self) == ##"{"kind":"removed","number":42,"time":"t","room":"#lobby"}"##)
        let poll = WebEvent(.update(.poll(room: "#a", PollTally(question: "Q?", options: ["sim", "não"], votes: [2, 1], isClosed: true))), time: "t")
        #expect(
            String(decoding: poll.json(), as: UTF8.self)
                == ##"{"kind":"poll","time":"t","room":"#a","question":"Q?","options":[{"text":"sim","votes":2},{"text":"não","votes":1}],"closed":true}"##)
    }
}
