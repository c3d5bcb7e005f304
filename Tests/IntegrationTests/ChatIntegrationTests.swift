import Foundation
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// Real sockets against an in-process server on 127.0.0.1 and a free port.
@Suite("Chat over real sockets")
struct ChatIntegrationTests {
    @Test("framed and line clients in one room see each other's messages")
    func framedAndLineClientsChat() async throws {
        try await TestServer.withServer { server in
            let (line, lineNick) = try await server.connectWelcomed()
            let framed = try await server.connect()
            let joined = try await line.waitForLine { $0.hasSuffix(" joined #lobby") }
            let framedNick = String(joined.dropFirst("-!- ".count).dropLast(" joined #lobby".count))

            try await framed.sendFrame("hello from a frame")
            try await line.waitForLine("<\(framedNick)> hello from a frame")

            try await line.sendLine("olá from a line")
            try await framed.waitForLine("<\(lineNick)> olá from a line")

            // A payload with several lines is several messages, in order.
            try await framed.sendFrame("first\nsecond\n\nthird")
            try await line.waitForLine("<\(framedNick)> first")
            #expect(try await line.nextLine() == "<\(framedNick)> second")
            #expect(try await line.nextLine() == "<\(framedNick)> third")
            // Nothing was echoed to the sender: its next line is the reply to its own command.
            try await framed.sendFrame("/list")
            #expect(try await framed.nextLine() == "-!- #lobby (2): \(lineNick) \(framedNick)")
        }
    }

    @Test("frames split across segments and merged into one arrive whole")
    func splitAndMergedFrames() async throws {
        try await TestServer.withServer { server in
            let (listener, _) = try await server.connectWelcomed()
            let (sender, senderNick) = try await server.connectWelcomed()
            let bytes = LineClient.frame("one") + LineClient.frame("two") + LineClient.frame("três")
            // Byte by byte for the first frame, then the rest in one write.
            for byte in bytes.prefix(67) {
                try await sender.sendRaw([byte])
            }
            try await sender.sendRaw(Array(bytes.dropFirst(67)))
            try await listener.waitForLine("<\(senderNick)> one")
            #expect(try await listener.nextLine() == "<\(senderNick)> two")
            #expect(try await listener.nextLine() == "<\(senderNick)> três")
        }
    }

    @Test("rooms are isolated")
    func roomsAreIsolated() async throws {
        try await TestServer.withServer { server in
            let ana = try await server.connect(as: "ana")
            let bia = try await server.connect(as: "bia")
            let caio = try await server.connect(as: "caio")

            try await ana.sendLine("/join #math")
            try await ana.waitForLine("-!- you are now in #math (1 member)")
            try await bia.sendLine("/join math")
            try await bia.waitForLine("-!- you are now in #math (2 members)")
            try await ana.waitForLine("-!- bia joined #math")

            try await caio.sendLine("anyone in the lobby?")
            try await ana.sendLine("only math here")
            try await bia.waitForLine("<ana> only math here")
            // caio's lobby line never reached #math: bia's next line is what ana says next.
            try await ana.sendLine("still math")
            #expect(try await bia.nextLine() == "<ana> still math")
            try await caio.sendLine("/list")
            #expect(try await caio.waitForLine { $0.hasPrefix("-!- #lobby") } == "-!- #lobby (1): caio")
            #expect(!caio.receivedLines.contains { $0.contains("only math here") })

            try await caio.sendLine("/rooms")
            try await caio.waitForLine("-!- 2 rooms:")
            #expect(try await caio.nextLine() == "-!-   #lobby (1 member)")
            #expect(try await caio.nextLine() == "-!-   #math (2 members)")

            try await bia.sendLine("/part")
            try await bia.waitForLine("-!- you are now in #lobby (2 members)")
            try await ana.waitForLine("-!- bia left for #lobby")
            try await caio.waitForLine("-!- bia joined #lobby")
        }
    }

    @Test("nick changes are seen by the room, and taken nicks are refused case-insensitively")
    func nickChanges() async throws {
        try await TestServer.withServer { server in
            let (ana, oldNick) = try await server.connectWelcomed()
            let (bia, _) = try await server.connectWelcomed()
            try await ana.sendLine("/nick Ana")
            try await ana.waitForLine("-!- you are now known as Ana")
            try await bia.waitForLine("-!- \(oldNick) is now known as Ana")
            try await bia.sendLine("/nick ANA")
            #expect(try await bia.nextLine() == "-!- error: the nick ANA is taken")
            try await bia.sendLine("/nick admin")
            #expect(try await bia.nextLine() == "-!- error: admin is reserved")
        }
    }

    @Test("/msg reaches its target in another room, /who and /topic answer")
    func privateMessagesWhoAndTopic() async throws {
        try await TestServer.withServer { server in
            let ana = try await server.connect(as: "ana")
            let bia = try await server.connect(as: "bia")
            try await bia.sendLine("/join #art")
            try await bia.waitForLine("-!- you are now in #art (1 member)")

            try await ana.sendLine("/msg BIA psst, homework?")
            #expect(try await ana.waitForLine { $0.hasPrefix("->") } == "-> *bia* psst, homework?")
            #expect(try await bia.nextLine() == "*ana* psst, homework?")
            try await ana.sendLine("/msg nobody hi")
            #expect(try await ana.nextLine() == "-!- error: no such nick: nobody")
            try await ana.sendLine("/msg bia")
            #expect(try await ana.nextLine() == "-!- error: missing TEXT. Usage: /msg NICK TEXT")

            try await ana.sendLine("/who bia")
            let who = try await ana.nextLine()
            #expect(who.hasPrefix("-!- bia is in #art, from 127.0.0.1, connected since "))
            #expect(who.contains(" idle "))

            try await bia.sendLine("/topic Watercolours today")
            try await bia.waitForLine("-!- bia set the topic of #art: Watercolours today")
            try await ana.sendLine("/rooms")
            try await ana.waitForLine("-!-   #art (1 member): Watercolours today")
            try await ana.sendLine("/me waves")
            try await ana.sendLine("/bogus")
            #expect(try await ana.waitForLine { $0.contains("bogus") } == "-!- error: unknown command /bogus. Type /help for the list")
        }
    }

    @Test("Desconectar and /quit tell the room and close only that connection")
    func friendlyDisconnects() async throws {
        try await TestServer.withServer { server in
            let (watcher, _) = try await server.connectWelcomed()
            let (quitter, quitterNick) = try await server.connectWelcomed()
            let (leaver, leaverNick) = try await server.connectWelcomed()

            try await quitter.sendLine("/quit off to lunch")
            let goodbye = try await quitter.waitForClose()
            #expect(goodbye.last == "-!- goodbye, \(quitterNick)")
            try await watcher.waitForLine("-!- \(quitterNick) left (quit: off to lunch)")

            try await leaver.sendLine("  desconectar ")
            try await leaver.waitForClose()
            try await watcher.waitForLine("-!- \(leaverNick) left (disconnected)")

            try await watcher.sendLine("/list")
            #expect(try await watcher.nextLine().hasPrefix("-!- #lobby (1): "))
        }
    }

    @Test("the assignment client's framed Desconectar and trailing bare word leave cleanly")
    func seedDisconnect() async throws {
        try await TestServer.withServer { server in
            let (watcher, _) = try await server.connectWelcomed()
            let (seed, _) = try await server.connectWelcomed()
            try await seed.sendSeedMessage(name: "Joana", "bom dia")
            try await watcher.waitForLine("<Joana> bom dia")
            try await seed.sendRaw(LineClient.frame("\nJoana enviou: Desconectar\nDigite sua mensagem:") + Array("Desconectar".utf8))
            try await seed.waitForClose()
            try await watcher.waitForLine("-!- Joana left (disconnected)")
            #expect(!seed.receivedLines.contains { $0.contains("error") })
        }
    }

    @Test("bad headers and oversized frames are refused while others keep chatting")
    func badInputIsRefused() async throws {
        var configuration = ServerConfiguration()
        configuration.limits.maxFrameBytes = 1000
        configuration.limits.maxLineBytes = 100
        try await TestServer.withServer(configuration: configuration) { server in
            let (ana, _) = try await server.connectWelcomed()
            let (bia, biaNick) = try await server.connectWelcomed()

            let huge = try await server.connect()
            try await huge.sendRaw("99999999999999999999999999999999999999999999999999".padding(toLength: 64, withPad: " ", startingAt: 0))
            let hugeLines = try await huge.waitForClose()
            #expect(hugeLines.last == "-!- error: frame of 99999999999999999999999999999999999999999999999999 bytes exceeds the limit of 1000 bytes")

            let oversized = try await server.connect()
            try await oversized.sendRaw(LineClient.frame(String(repeating: "x", count: 1001)))
            #expect(try await oversized.waitForClose().last == "-!- error: frame of 1001 bytes exceeds the limit of 1000 bytes")

            let badHeader = try await server.connect()
            try await badHeader.sendFrame("fine")
            try await badHeader.sendRaw("12ab".padding(toLength: 64, withPad: " ", startingAt: 0))
            #expect(try await badHeader.waitForClose().last?.hasPrefix("-!- error: invalid frame header \"12ab\"") == true)

            let longLine = try await server.connect()
            try await longLine.sendLine(String(repeating: "y", count: 101))
            #expect(try await longLine.waitForClose().last == "-!- error: line exceeds the limit of 100 bytes")

            let midFrame = try await server.connect()
            try await midFrame.sendRaw(Array(LineClient.frame("never finished").prefix(70)))
            await midFrame.close()

            try await bia.sendLine("still here")
            try await ana.waitForLine("<\(biaNick)> still here")
            #expect(!ana.receivedLines.contains { $0.hasPrefix("-!- error:") })
            #expect(ana.receivedLines.contains { $0.hasSuffix(" left (protocol error)") })
        }
    }

    @Test("control characters and escape sequences never reach other users")
    func controlCharactersRemoved() async throws {
        try await TestServer.withServer { server in
            let (ana, _) = try await server.connectWelcomed()
            let (bia, biaNick) = try await server.connectWelcomed()
            try await bia.sendRaw([0x1B] + Array("[2J\u{07}clear".utf8) + [0xFF, 0xFE] + Array(" \u{9B}31m\n".utf8))
            let line = try await ana.waitForLine { $0.hasPrefix("<\(biaNick)>") }
            #expect(line == "<\(biaNick)> [2Jclear\u{FFFD}\u{FFFD} 31m")
        }
    }

    @Test("graceful shutdown says goodbye to every client and closes every connection")
    func gracefulShutdownSaysGoodbye() async throws {
        let clients = try await TestServer.withServer { server in
            let (ana, _) = try await server.connectWelcomed()
            let (bia, _) = try await server.connectWelcomed()
            try await ana.waitForLine { $0.hasSuffix("joined #lobby") }
            return [ana, bia]
        }
        for client in clients {
            let lines = try await client.waitForClose()
            #expect(lines.last == "-!- papod is shutting down. Goodbye!")
            #expect(!lines.contains { $0.contains(" left (") })
        }
    }

    @Test("on a pt-BR server an English and a Portuguese reader in one room each read every notice in their own language")
    func twoLanguagesInOneRoom() async throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.chat.language = .portuguese
        try await TestServer.withServer(configuration: configuration) { server in
            let ana = try await server.connect()
            try await ana.waitForLine { $0.hasPrefix("-!- Boas-vindas ao papod, guest-1!") }
            let bob = try await server.connect()
            try await bob.waitForLine { $0.hasPrefix("-!- Boas-vindas ao papod, guest-2!") }
            try await bob.sendLine("/lang en")
            try await bob.waitForLine("-!- papod now speaks English to you")
            try await ana.sendLine("/apelido ana")
            try await ana.waitForLine("-!- agora você se chama ana")
            try await bob.waitForLine("-!- guest-1 is now known as ana")
            try await bob.sendLine("/entrar #redes")
            try await ana.waitForLine("-!- guest-2 foi para #redes")
            try await bob.waitForLine("-!- you are now in #redes (1 member)")
            try await ana.sendLine("/join #redes")
            try await ana.waitForLine("-!- agora você está em #redes (2 membros)")
            try await bob.waitForLine("-!- ana joined #redes")
            try await ana.sendLine("/tema Camada de transporte")
            try await ana.waitForLine("-!- ana definiu o tema de #redes: Camada de transporte")
            try await bob.waitForLine("-!- ana set the topic of #redes: Camada de transporte")
            try await bob.sendLine("bom dia")
            try await ana.waitForLine("<guest-2> bom dia")
            try await bob.sendLine("/frob")
            try await bob.waitForLine("-!- error: unknown command /frob. Type /help for the list")
            try await ana.sendLine("/sair até amanhã")
            try await bob.waitForLine("-!- ana left (quit: até amanhã)")
        }
    }
}
