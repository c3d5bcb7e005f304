import Foundation
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// What a browser needs to strike out a removed line and draw a poll, over a real WebSocket:
/// numbered chat events, the removal of that number, and a poll's tally as data.
@Suite("Removals and polls on the web door")
struct WebStrikeOutTests {
    static func event(_ message: String) -> WebEvent? {
        try? WebDoorTests.event(message)
    }

    /// A moderator (prof) and a student (ana) on the text door, and a student (bia) in a browser.
    static func withClass(_ body: @Sendable (LineClient, LineClient, WebSocketClient) async throws -> Void) async throws {
        try await WebDoorTests.withWebServer(configure: { $0.chat.moderatorPassword = "segredo" }) { server, port in
            let prof = try await ModerationIntegrationTests.moderator(server, "prof")
            let ana = try await server.connect(as: "ana")
            let web = try await WebSocketClient.connect(to: port, origin: "http://127.0.0.1:\(port)")
            try await web.send("/nick bia")
            try await web.waitForMessage { Self.event($0)?.text == "you are now known as bia" }
            try await body(prof, ana, web)
        }
    }

    @Test("chat events carry their numbers; /delete reaches the page as the removal of that number")
    func removal() async throws {
        try await Self.withClass { prof, ana, web in
            // A text client that asked for numbers (as papo does) reads them in the text.
            try await ana.sendLine("/numbering on")
            try await ana.waitForLine("-!- chat lines you are sent now carry their numbers ([#42])")

            try await prof.sendLine("bom dia")
            try await ana.waitForLine { $0.hasSuffix("<prof> bom dia") && $0.hasPrefix("[#") }
            try await ana.sendLine("uma coisa feia")
            let said = try #require(Self.event(try await web.waitForMessage { Self.event($0)?.text == "uma coisa feia" }))
            #expect(said.kind == .chat && said.nick == "ana")
            let number = try #require(said.number)
            // The text doors read the line as before: no number for a moderator without /ids.
            try await prof.waitForLine("<ana> uma coisa feia")
            try await ana.sendLine("/me acena")
            let action = try #require(Self.event(try await web.waitForMessage { Self.event($0)?.kind == .action }))
            #expect(action.number == number + 1)

            try await prof.sendLine("/delete \(number) linguagem")
            let notice = try #require(Self.event(try await web.waitForMessage { Self.event($0)?.kind == .notice && $0.contains("removed a message") }))
            #expect(notice.text == "prof removed a message (#\(number)): linguagem")
            let removal = try #require(Self.event(try await web.nextMessage()))
            #expect(removal.kind == .removed)
            #expect(removal.number == number)
            #expect(removal.room == "#lobby")
            try await ana.waitForLine("-!- prof removed a message (#\(number)): linguagem")

            try await prof.sendLine("/clear")
            let cleared = try #require(Self.event(try await web.waitForMessage { Self.event($0)?.kind == .cleared }))
            #expect(cleared.room == "#lobby")
            // The page empties its log first, so the notice saying why stays on it.
            let why = try #require(Self.event(try await web.nextMessage()))
            #expect(why.text?.hasPrefix("prof cleared the history of #lobby") == true)
        }
    }

    @Test("a closed poll reaches the page as its question and votes, without the text chart")
    func poll() async throws {
        try await Self.withClass { prof, ana, web in

            try await prof.sendLine("/poll Qual protocolo? | TCP | UDP")
            try await web.waitForMessage { Self.event($0)?.text?.hasPrefix("/vote 1 to 2") == true }
            try await web.send("/vote 2")
            try await web.waitForMessage { Self.event($0)?.text == "you voted 2. UDP" }
            try await ana.sendLine("/vote 2")
            try await ana.waitForLine("-!- you voted 2. UDP")
            try await prof.sendLine("/endpoll")
            let message = try await web.waitForMessage { Self.event($0)?.kind == WebEvent.Kind.poll }
            let drawn = try #require(Self.event(message))
            #expect(drawn.question == "Qual protocolo?")
            #expect(drawn.options == [WebEvent.PollOption(text: "TCP", votes: 0), WebEvent.PollOption(text: "UDP", votes: 2)])
            #expect(drawn.closed == true && drawn.room == "#lobby")
            // Text doors read the chart in text.
            try await ana.waitForLine { $0.contains("2. UDP") && $0.contains("█") }
            // A line after the poll: by then the page has been sent all it will be of it.
            try await prof.sendLine("fim")
            try await web.waitForMessage { Self.event($0)?.text == "fim" }
            #expect(!web.receivedMessages.contains { $0.contains("█") || $0.contains("░") }, "the page was sent the text chart")
        }
    }
}
