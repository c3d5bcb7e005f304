import Foundation
import PapoApplication
import PapoCore
@testable import PapoServer
import PapoTestSupport
import Testing

/// The browser door over real sockets: the page over HTTP, and WebSocket clients in the same
/// rooms as the assignment's TCP clients.
@Suite("The web door")
struct WebDoorTests {
    /// A server with a web door; `configure` adjusts its limits first.
    static func withWebServer<T: Sendable>(
        origins: OriginPolicy = OriginPolicy(), maxFrameBytes: Int? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer, Int) async throws -> T
    ) async throws -> T {
        var server = ServerConfiguration(host: "127.0.0.1", port: 0)
        if let maxFrameBytes { server.limits.maxFrameBytes = maxFrameBytes }
        configure(&server)
        var papod = PapodConfiguration(server: server, threads: 2)
        papod.web = WebSettings(port: 0, origins: origins)
        return try await TestServer.withServer(papod: papod) { server in
            try await body(server, try #require(server.webPort))
        }
    }

    /// One HTTP/1.1 request; the response's head lines and body, read until the server closes.
    static func request(_ port: Int, _ head: String) async throws -> (head: [String], body: String) {
        let client = try await LineClient.connect(to: port)
        try await client.sendRaw(head)
        let lines = try await client.waitForClose()
        let blank = lines.firstIndex(of: "") ?? lines.endIndex
        return (Array(lines[..<blank]), lines[min(blank + 1, lines.endIndex)...].joined(separator: "\n"))
    }

    static func header(_ name: String, in head: [String]) -> String? {
        head.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
            String($0.drop(while: { $0 != ":" }).dropFirst()).trimmingCharacters(in: .whitespaces)
        }
    }

    /// Runs `body`, naming `what` in the error if it fails.
    static func step<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw StepError(description: "\(what): \(error)")
        }
    }

    struct StepError: Error, CustomStringConvertible {
        let description: String
    }

    static func event(_ message: String) throws -> WebEvent {
        try JSONDecoder().decode(WebEvent.self, from: Data(message.utf8))
    }

    @Test("the page and its files come with their types, an ETag and the security headers")
    func servesThePage() async throws {
        try await Self.withWebServer { _, port in
            let page = try await Self.request(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(page.head.first == "HTTP/1.1 200 OK")
            #expect(Self.header("Content-Type", in: page.head) == "text/html; charset=utf-8")
            #expect(Self.header("Content-Security-Policy", in: page.head)?.contains("default-src 'self'") == true)
            #expect(Self.header("Content-Security-Policy", in: page.head)?.contains("frame-ancestors 'none'") == true)
            #expect(Self.header("X-Content-Type-Options", in: page.head) == "nosniff")
            #expect(Self.header("Referrer-Policy", in: page.head) == "no-referrer")
            #expect(page.body.contains("<script type=\"module\" src=\"/app.js\"></script>"))
            // No inline script: the policy would block it.
            #expect(!page.body.contains("<script>"))

            let script = try await Self.request(port, "GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(Self.header("Content-Type", in: script.head) == "text/javascript; charset=utf-8")
            let etag = try #require(Self.header("ETag", in: script.head))
            let again = try await Self.request(
                port, "GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: \(etag)\r\nConnection: close\r\n\r\n")
            #expect(again.head.first == "HTTP/1.1 304 Not Modified")
            #expect(again.body.isEmpty)

            let zipped = try await Self.request(
                port, "GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
            #expect(Self.header("Content-Encoding", in: zipped.head) == "gzip")
            let icon = try await Self.request(
                port, "GET /favicon.svg HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
            #expect(Self.header("Content-Type", in: icon.head) == "image/svg+xml")
            #expect(Self.header("Content-Encoding", in: icon.head) == nil)

            let missing = try await Self.request(port, "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(missing.head.first == "HTTP/1.1 404 Not Found")
            #expect(Self.header("X-Content-Type-Options", in: missing.head) == "nosniff")
            let post = try await Self.request(
                port, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
            #expect(post.head.first == "HTTP/1.1 405 Method Not Allowed")
            #expect(Self.header("Allow", in: post.head) == "GET, HEAD")
            let garbage = try await Self.request(port, "NOT HTTP AT ALL\r\n\r\n")
            #expect(garbage.head.first?.hasPrefix("HTTP/1.1 400") == true)
        }
    }

    @Test("GET /healthz answers with a short JSON status")
    func health() async throws {
        try await Self.withWebServer { server, port in
            let tcp = try await server.connect()
            try await tcp.waitForLine { $0.hasPrefix("-!- Welcome") }
            let health = try await Self.request(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(health.head.first == "HTTP/1.1 200 OK")
            #expect(Self.header("Content-Type", in: health.head) == "application/json")
            let status = try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any]
            #expect(status?["status"] as? String == "ok")
            #expect(status?["connections"] as? Int == 1)
        }
    }

    @Test("GET /metrics answers in Prometheus's text format: traffic, connections by door, closes, loop lag")
    func metrics() async throws {
        try await Self.withWebServer { server, port in
            let tcp = try await server.connect()
            try await tcp.waitForLine { $0.hasPrefix("-!- Welcome") }
            let web = try await WebSocketClient.connect(to: port)
            _ = try await web.nextMessage()
            try await tcp.sendLine("um")
            try await tcp.sendLine("dois")
            try await web.waitForMessage { $0.contains("dois") }
            let leaving = try await server.connect()
            try await leaving.waitForLine { $0.hasPrefix("-!- Welcome") }
            await leaving.close()
            try await tcp.waitForLine { $0.contains("left (connection closed)") }

            let metrics = try await Self.request(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(metrics.head.first == "HTTP/1.1 200 OK")
            #expect(Self.header("Content-Type", in: metrics.head)?.hasPrefix("text/plain; version=0.0.4") == true)
            let lines = Set(metrics.body.split(separator: "\n").map(String.init))
            #expect(lines.contains("papo_messages_in_total 2"), "\(metrics.body)")
            #expect(lines.contains(#"papo_connections{door="assignment"} 1.0"#), "\(metrics.body)")
            #expect(lines.contains(#"papo_connections{door="web"} 1.0"#), "\(metrics.body)")
            #expect(lines.contains(#"papo_connection_closes_total{reason="closed"} 1"#), "\(metrics.body)")
            #expect(lines.contains { $0.hasPrefix("papo_deliveries_total ") && $0 != "papo_deliveries_total 0" })
            #expect(lines.contains("# TYPE papo_bytes_out_total counter"))
            // A second scrape adds only what happened since.
            try await tcp.sendLine("três")
            try await web.waitForMessage { $0.contains("três") }
            let again = try await Self.request(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(again.body.split(separator: "\n").contains("papo_messages_in_total 3"), "\(again.body)")
        }
    }

    @Test("a browser and a TCP client chat in the same room, the browser in JSON events")
    func sameRoom() async throws {
        try await Self.withWebServer { server, port in
            let tcp = try await server.connect()
            try await tcp.waitForLine { $0.hasPrefix("-!- Welcome") }
            try await tcp.sendLine("/nick ana")
            try await tcp.waitForLine("-!- you are now known as ana")

            let web = try await WebSocketClient.connect(to: port, origin: "http://127.0.0.1:\(port)")
            let welcome = try Self.event(try await web.nextMessage())
            #expect(welcome.kind == .notice)
            #expect(welcome.text?.hasPrefix("Welcome to papod") == true)
            #expect(welcome.time != nil)
            try await web.send("/nick bia")
            try await web.waitForMessage { (try? Self.event($0))?.text == "you are now known as bia" }
            try await tcp.waitForLine { $0.hasSuffix(" is now known as bia") }

            try await web.send("olá, <b>ana</b>")
            try await tcp.waitForLine("<bia> olá, <b>ana</b>")
            try await tcp.sendLine("oi bia")
            let chat = try Self.event(try await web.waitForMessage { $0.contains("oi bia") })
            var expected = WebEvent(kind: .chat, nick: "ana", text: "oi bia", time: chat.time)
            expected.number = chat.number
            #expect(chat == expected)
            #expect(chat.number != nil, "a chat event carries its line's number")
            try await tcp.sendLine("/msg bia psst")
            let whisper = try Self.event(try await web.waitForMessage { $0.contains("psst") })
            #expect(whisper.kind == .private)
            #expect(whisper.nick == "ana")
            try await web.send("/me waves")
            try await tcp.waitForLine("* bia waves")

            // Leaving: the browser says goodbye with /quit, the room is told.
            try await web.send("/quit")
            let (_, code) = try await web.waitForClose()
            #expect(code == 1000)
            try await tcp.waitForLine { $0.hasPrefix("-!- bia left") }
        }
    }

    @Test("a browser reads papod in the language it asks for: ?lang= first, then Accept-Language, else the server's")
    func browserLanguage() async throws {
        try await Self.withWebServer { _, port in
            let origin = "http://127.0.0.1:\(port)"
            for (path, headers, welcome) in [
                ("/ws", ["Accept-Language: pt-BR,pt;q=0.9,en;q=0.8"], "Boas-vindas ao papod"),
                ("/ws", ["Accept-Language: de-DE, en;q=0.7"], "Welcome to papod"),
                ("/ws?lang=en", ["Accept-Language: pt-BR"], "Welcome to papod"),
                ("/ws?lang=pt-BR", [], "Boas-vindas ao papod"),
                ("/ws?lang=xx", [], "Welcome to papod"),
            ] {
                let web = try await WebSocketClient.connect(to: port, path: path, origin: origin, headers: headers)
                let first = try Self.event(try await web.nextMessage())
                #expect(first.text?.hasPrefix(welcome) == true, "\(path) \(headers): \(first.text ?? "")")
                await web.close()
            }
            // A Portuguese reader and an English one in one room, each in their own language.
            let pt = try await WebSocketClient.connect(to: port, path: "/ws?lang=pt-BR", origin: origin)
            let en = try await WebSocketClient.connect(to: port, origin: origin)
            // Both in the chat before anyone speaks.
            _ = try await pt.nextMessage()
            _ = try await en.nextMessage()
            try await pt.send("/nick ana")
            try await pt.waitForMessage { (try? Self.event($0))?.text == "agora você se chama ana" }
            try await en.waitForMessage { (try? Self.event($0))?.text?.hasSuffix(" is now known as ana") == true }
            try await en.send("/lang pt-BR")
            let changed = try Self.event(try await en.waitForMessage { (try? Self.event($0))?.kind == .language })
            #expect(changed.language == "pt-BR")
            try await en.waitForMessage { (try? Self.event($0))?.text == "agora o papod fala português com você" }

        }
    }

    @Test("over HTTPS the page and its WebSocket use the TLS certificate; /login works there and the plain page names it")
    func https() async throws {
        let files = try CertificateFiles()
        var papod = TLSDoorTests.configuration(files, password: "segredo")
        papod.web = WebSettings(port: 0, securePort: 0)
        try await TestServer.withServer(papod: papod) { server in
            let httpsPort = try #require(server.webTLSPort)
            let page = try await LineClient.connect(to: httpsPort, tls: TLSDoorTests.anyCertificate())
            try await page.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let lines = try await page.waitForClose()
            #expect(lines.first == "HTTP/1.1 200 OK")
            #expect(lines.contains { $0.contains("<script type=\"module\" src=\"/app.js\"></script>") })

            let plain = try await WebSocketClient.connect(to: try #require(server.webPort))
            _ = try await plain.nextMessage()
            try await plain.send("/login segredo")
            let refusal = try Self.event(try await plain.waitForMessage { $0.contains("accepted only over TLS") })
            #expect(refusal.kind == .error)
            #expect(refusal.text?.hasSuffix("in a browser, open the https page on port \(httpsPort)") == true)

            let secure = try await WebSocketClient.connect(to: httpsPort, tls: TLSDoorTests.anyCertificate())
            _ = try await secure.nextMessage()
            try await secure.send("/login segredo")
            try await secure.waitForMessage { $0.contains("you are now a moderator") }
            try await plain.waitForMessage { (try? Self.event($0))?.kind == .member }
        }
    }

    @Test("a connection that never finishes its request is closed after the silent deadline; others are not disturbed")
    func silentHTTP() async throws {
        let clock = TestClock()
        try await Self.withWebServer(configure: { $0.use(clock) }) { server, port in
            let web = try await WebSocketClient.connect(to: port)
            try await web.send("/nick falante")
            try await web.waitForMessage { $0.contains("you are now known as falante") }
            let tcp = try await server.connect(as: "ouvinte")
            // Half a request; a request answered, and then nothing; nothing at all.
            let slow = try await LineClient.connect(to: port)
            try await slow.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let keptAlive = try await LineClient.connect(to: port)
            try await keptAlive.sendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            try await keptAlive.waitForLine { $0.hasPrefix("HTTP/1.1 200") }
            let silent = try await LineClient.connect(to: port)
            try await server.settle()
            // The browser left the HTTP side when it upgraded: only the three are watched.
            #expect(await server.chatServer.watchedArrivals() == 3)
            clock.advance(by: 59)
            await server.chatServer.tickAndWait()
            #expect(await server.chatServer.watchedArrivals() == 3)
            clock.advance(by: 2)
            await server.chatServer.tickAndWait()
            #expect(await server.chatServer.watchedArrivals() == 0)
            _ = try await slow.waitForClose()
            _ = try await keptAlive.waitForClose()
            #expect(try await silent.waitForClose() == [])
            try await web.send("ainda aqui")
            try await tcp.waitForLine("<falante> ainda aqui")
        }
    }

    @Test("the per-address cap counts browsers and TCP clients together")
    func perAddressCap() async throws {
        try await Self.withWebServer(configure: { $0.connectionLimits.maxConnectionsPerAddress = 1 }) { server, port in
            let tcp = try await server.connect()
            try await tcp.waitForLine { $0.hasPrefix("-!- Welcome") }
            let web = try await WebSocketClient.connect(to: port)
            let (messages, code) = try await web.waitForClose()
            let refusal = try Self.event(try #require(messages.first))
            #expect(refusal.kind == .error)
            #expect(refusal.text?.contains("too many connections from your address (limit 1)") == true)
            #expect(code == 1000)
        }
    }

    @Test("page requests count against the caps until they upgrade or close; past them, a 503 that says why")
    func pageConnectionsCount() async throws {
        try await Self.withWebServer(configure: { $0.connectionLimits.maxConnectionsPerAddress = 2 }) { server, port in
            let page = try await LineClient.connect(to: port)
            try await page.sendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
            #expect(try await page.nextLine() == "HTTP/1.1 200 OK")
            // The page's connection and a browser's chat: two, the cap. Upgrading does not count
            // a connection twice.
            let web = try await WebSocketClient.connect(to: port)
            #expect(try Self.event(try await web.nextMessage()).kind != .error)

            let refused = try await Self.request(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
            #expect(refused.head.first == "HTTP/1.1 503 Service Unavailable")
            #expect(refused.body.contains("too many connections from your address (limit 2)"))
            // Monitoring still gets the metrics of a full server.
            let metrics = try await Self.request(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            #expect(metrics.head.first == "HTTP/1.1 200 OK")

            // Once the page's connection is gone, its place is free again (its close reaches
            // papod's loop a moment after the socket's end reaches us).
            await page.close()
            var admitted = false
            for _ in 0..<200 where !admitted {
                let tcp = try await server.connect()
                admitted = try await tcp.nextLine().hasPrefix("-!- Welcome")
                await tcp.close()
                // A loaded machine may take a while to get to the close: up to 10 s.
                if !admitted { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(admitted)
        }
    }

    @Test("a browser that stops reading is closed as a slow consumer; readers get every line")
    func slowBrowser() async throws {
        let configure: (inout ServerConfiguration) -> Void = {
            $0.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
            $0.connectionLimits.sendQueueBytes = 256 * 1024
        }
        try await Self.withWebServer(configure: configure) { server, port in
            let reader = try await server.connect(as: "reader")
            // The upgrade and a first message in one write, then no read ever again.
            let upgrade = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            let stalled = try StalledSocket(
                port: port, opening: Array(upgrade.utf8) + WebSocketClient.frame(opcode: 0x1, payload: Array("/nick stalled".utf8)))
            defer { stalled.close() }
            try await reader.waitForLine { $0.hasSuffix("is now known as stalled") }
            let (senderNick, count) = try await LimitsTests.sendPastSocketBuffers(on: server, readBy: reader)
            #expect(reader.receivedLines.contains { $0 == "-!- stalled left (send queue exceeded)" })
            let received = reader.receivedLines.filter { $0.hasPrefix("<\(senderNick)> ") }
            #expect(received.count == count)
        }
    }

    @Test("flood control holds a browser to the same rate as any client")
    func flood() async throws {
        // A slow refill and the six messages in one write: on a loaded machine (the whole
        // suite under ThreadSanitizer) six separate sends took long enough for a refill of one
        // line every 2 s to let them all through, and no refusal came.
        try await Self.withWebServer(configure: { $0.chat.flood = FloodBucket.Limits(burst: 3, rate: 0.02, grace: 60) }) { _, port in
            let web = try await WebSocketClient.connect(to: port)
            _ = try await web.nextMessage()
            try await web.sendRaw((1...6).flatMap { WebSocketClient.frame(opcode: 0x1, payload: Array("linha \($0)".utf8)) })
            let refused = try Self.event(try await web.waitForMessage { (try? Self.event($0))?.kind == .error })
            #expect(refused.text?.hasPrefix("you are sending too fast") == true, "\(refused.text ?? "")")
        }
    }

    @Test("a WebSocket from a foreign page is refused; the page's own host and allowed origins are not")
    func origins() async throws {
        try await Self.withWebServer(origins: OriginPolicy(allowedOrigins: ["https://chat.school.br"])) { _, port in
            await #expect(throws: WebSocketClient.RefusedError.self) {
                try await WebSocketClient.connect(to: port, origin: "http://evil.example")
            }
            await #expect(throws: WebSocketClient.RefusedError.self) {
                try await WebSocketClient.connect(to: port, origin: "http://127.0.0.1:\(port + 1)")
            }
            let refused = try await Self.request(
                port,
                "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: close\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
            #expect(refused.head.first == "HTTP/1.1 403 Forbidden")

            let own = try await WebSocketClient.connect(to: port, origin: "http://127.0.0.1:\(port)")
            _ = try await own.nextMessage()
            let proxied = try await WebSocketClient.connect(to: port, origin: "https://chat.school.br")
            _ = try await proxied.nextMessage()
            await own.close()
            await proxied.close()
        }
    }

    /// Frames no browser should send, by name (the names keep the test's report short).
    static let badFrames: [String: ([UInt8], String)] = [
        "binary": (WebSocketClient.frame(opcode: 0x2, payload: [1, 2, 3]), "binary message"),
        "invalid UTF-8": (WebSocketClient.frame(opcode: 0x1, payload: [0x68, 0xC3, 0x28]), "not valid UTF-8"),
        "too large": (WebSocketClient.frame(opcode: 0x1, payload: Array(repeating: 0x61, count: 2000)), "larger than 1024 bytes"),
        "fragmented ping": (WebSocketClient.frame(opcode: 0x9, payload: [1], fin: false), "malformed WebSocket frame"),
        "stray continuation": (WebSocketClient.frame(opcode: 0x0, payload: [0x61]), "a continuation with no message begun"),
        // A frame with no mask: "hi" with the mask bit clear.
        "unmasked": ([0x81, 0x02, 0x68, 0x69], "did not mask"),
        "reserved bits": ([0xC1] + WebSocketClient.frame(opcode: 0x1, payload: [0x61]).dropFirst(), "reserved bits"),
        "message inside a message": (
            WebSocketClient.frame(opcode: 0x1, payload: [0x61], fin: false) + WebSocketClient.frame(opcode: 0x1, payload: [0x62]),
            "a new message inside a fragmented one"
        ),
        "too large in fragments": (
            WebSocketClient.frame(opcode: 0x1, payload: Array(repeating: 0x61, count: 800), fin: false)
                + WebSocketClient.frame(opcode: 0x0, payload: Array(repeating: 0x61, count: 800)),
            "larger than 1024 bytes"
        ),
    ]

    @Test(
        "bad frames close only the browser that sent them, with an error that says why",
        arguments: [
            "binary", "invalid UTF-8", "too large", "fragmented ping", "stray continuation", "unmasked", "reserved bits",
            "message inside a message", "too large in fragments",
        ])
    func badFrames(name: String) async throws {
        let (frame, expected) = try #require(Self.badFrames[name])
        try await Self.withWebServer(maxFrameBytes: 1024) { server, port in
            let tcp = try await server.connect()
            try await tcp.waitForLine { $0.hasPrefix("-!- Welcome") }
            let bystander = try await WebSocketClient.connect(to: port)
            _ = try await bystander.nextMessage()

            let bad = try await WebSocketClient.connect(to: port)
            _ = try await bad.nextMessage()
            try await bad.sendRaw(frame)
            let (messages, code) = try await bad.waitForClose()
            let error = try #require(messages.compactMap { try? Self.event($0) }.first { $0.kind == .error })
            #expect(error.text?.contains(expected) == true, "\(name): \(error.text ?? "")")
            #expect(code == 1000)

            // Nobody else noticed anything but the leaving.
            try await tcp.waitForLine { $0.contains("left") && $0.contains("protocol error") }
            try await bystander.send("still here")
            try await tcp.waitForLine { $0.hasSuffix("> still here") }
        }
    }

    @Test("a frame or a fragmented message left unfinished past the frame deadline closes that browser only")
    func frameDeadline() async throws {
        let clock = TestClock()
        try await Self.withWebServer(configure: {
            $0.use(clock)
            $0.connectionLimits.frameDeadline = 30
        }) { server, port in
            // It speaks, so the silent deadline spares it while the clock runs on.
            let tcp = try await server.connect(as: "ouvinte")
            let halfFrame = try await WebSocketClient.connect(to: port)
            _ = try await halfFrame.nextMessage()
            try await halfFrame.sendRaw(Array(WebSocketClient.frame(opcode: 0x1, payload: Array("never ends".utf8)).prefix(8)))
            try await server.settle()
            clock.advance(by: 29)
            server.chatServer.tick()
            clock.advance(by: 2)
            server.chatServer.tick()
            let (messages, _) = try await halfFrame.waitForClose()
            let error = try #require(messages.compactMap { try? Self.event($0) }.first { $0.kind == .error })
            #expect(error.text?.contains("left unfinished for 30s") == true, "\(error.text ?? "")")
            try await tcp.waitForLine { $0.hasSuffix("left (incomplete message)") }

            let halfMessage = try await WebSocketClient.connect(to: port)
            _ = try await halfMessage.nextMessage()
            try await halfMessage.sendFrame(opcode: 0x1, payload: Array("first of ".utf8), fin: false)
            try await server.settle()
            clock.advance(by: 29)
            server.chatServer.tick()
            // Still open: a line to everyone reaches it.
            try await tcp.sendLine("ainda")
            _ = try await halfMessage.waitForMessage { $0.contains("ainda") }
            clock.advance(by: 2)
            server.chatServer.tick()
            _ = try await halfMessage.waitForClose()
            try await tcp.waitForLine { $0.hasSuffix("left (incomplete message)") }
        }
    }

    @Test("a message in fragments arrives whole")
    func fragments() async throws {
        try await Self.withWebServer { server, port in
            let tcp = try await server.connect()
            try await tcp.waitForLine { $0.hasPrefix("-!- Welcome") }
            let web = try await WebSocketClient.connect(to: port)
            _ = try await web.nextMessage()
            try await web.sendFrame(opcode: 0x1, payload: Array("in ".utf8), fin: false)
            try await web.sendFrame(opcode: 0x0, payload: Array("three ".utf8), fin: false)
            try await web.sendFrame(opcode: 0x0, payload: Array("parts".utf8), fin: true)
            try await tcp.waitForLine { $0.hasSuffix("> in three parts") }
        }
    }
}
