import Foundation
import PapoCore
import Testing

@Suite("Web events")
struct WebEventTests {
    let time = Date(timeIntervalSince1970: 1_764_943_380)  // 2025-12-05T14:03:00Z

    func json(_ line: ServerLine) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(WebEvent(line, at: self.time).json()))
        return try #require(object as? [String: Any])
    }

    @Test("each kind of line becomes its event, with the time it was sent")
    func kinds() throws {
        let chat = try self.json(.chat(from: "ana", text: "bom dia", room: "#lobby"))
        #expect(chat["kind"] as? String == "chat")
        #expect(chat["nick"] as? String == "ana")
        #expect(chat["text"] as? String == "bom dia")
        #expect(chat["time"] as? String == "2025-12-05T14:03:00Z")
        #expect(chat["history"] == nil)

        #expect(try self.json(.action(from: "ana", text: "acena", room: "#lobby"))["kind"] as? String == "action")
        let whisper = try self.json(.privateMessage(from: "ana", text: "psst"))
        #expect(whisper["kind"] as? String == "private")
        #expect(whisper["nick"] as? String == "ana")
        #expect(whisper["echo"] == nil)
        let echo = try self.json(.privateEcho(to: "bia", text: "psst"))
        #expect(echo["nick"] as? String == "bia")
        #expect(echo["echo"] as? Bool == true)
        #expect(try self.json(.notice("ana joined #lobby"))["kind"] as? String == "notice")
        let error = try self.json(.error("no such nick"))
        #expect(error["kind"] as? String == "error")
        #expect(error["text"] as? String == "no such nick")
    }

    @Test("a replayed line keeps its own kind, marked as history with its recorded clock time")
    func history() throws {
        let replay = try self.json(.replay(time: "10:42", line: .chat(from: "ana", text: "earlier", room: "#lobby")))
        #expect(replay["kind"] as? String == "chat")
        #expect(replay["history"] as? Bool == true)
        #expect(replay["clock"] as? String == "10:42")
        #expect(replay["time"] == nil)
    }

    @Test("text that looks like markup or JSON stays text, escaped as JSON")
    func escaping() throws {
        let hostile = "</script><img src=x onerror=alert(1)> \"quoted\" \\ \u{1}"
        let event = try self.json(.chat(from: "<b>x</b>", text: hostile, room: "#lobby"))
        #expect(event["text"] as? String == hostile)
        #expect(event["nick"] as? String == "<b>x</b>")
        let decoded = try JSONDecoder().decode(WebEvent.self, from: Data(WebEvent(.chat(from: "a", text: hostile, room: "#lobby"), at: self.time).json()))
        #expect(decoded.text == hostile)
    }
}
