import Foundation
import PapoApplication
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// The IRC door over real sockets: registration, and IRC clients in the same rooms as the
/// assignment's framed client and line clients.
@Suite("The IRC door")
struct IRCDoorTests {
    static func withIRCServer<T: Sendable>(
        password: String? = nil, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer, Int) async throws -> T
    ) async throws -> T {
        var server = ServerConfiguration(host: "127.0.0.1", port: 0)
        server.chat.moderatorPassword = password
        configure(&server)
        var papod = PapodConfiguration(server: server, threads: 2)
        papod.irc = IRCSettings(port: 0)
        return try await TestServer.withServer(papod: papod) { server in
            try await body(server, try #require(server.ircPort))
        }
    }

    /// An IRC client registered as `nick`: it has read through the end of its JOIN burst.
    static func register(_ nick: String, port: Int, capabilities: String = "multi-prefix") async throws -> LineClient {
        let client = try await LineClient.connect(to: port)
        try await client.sendRaw("CAP LS 302\r\nNICK \(nick)\r\nUSER \(nick) 0 * :\(nick)\r\n")
        try await Self.expect(client, ":papod CAP * LS :cap-notify multi-prefix echo-message server-time batch message-tags sasl=PLAIN draft/message-redaction")
        try await client.sendRaw("CAP REQ :\(capabilities)\r\nCAP END\r\n")
        try await Self.expect(client) { $0.hasSuffix(":papod CAP \(nick) ACK :\(capabilities)") }
        try await Self.expect(client) { $0.contains(":papod 001 \(nick) :Welcome to the Papo network, \(nick)!~u@") }
        try await Self.expect(client) { $0.contains(" 005 \(nick) ") && $0.contains("CASEMAPPING=rfc8265") }
        try await Self.expect(client) { $0.contains(":papod 376 \(nick) ") }
        try await Self.expect(client) { $0.contains(":papod 366 \(nick) #lobby ") }
        return client
    }

    /// Reads lines (CR LF stripped) until one satisfies `predicate`.
    @discardableResult
    static func expect(_ client: LineClient, where predicate: @escaping (String) -> Bool) async throws -> String {
        try await client.waitForLine { predicate(Self.plain($0)) }
    }

    static func expect(_ client: LineClient, _ line: String) async throws {
        try await Self.expect(client) { $0 == line }
    }

    static func plain(_ line: String) -> String {
        line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    @Test("an IRC client, a framed client and a line client share #lobby: chat, actions, private messages")
    func sharesARoom() async throws {
        try await Self.withIRCServer { server, port in
            let seed = try await server.connect(as: "bia")
            let irc = try await Self.register("ana", port: port)
            try await seed.waitForLine("-!- ana joined #lobby")
            try await seed.sendLine("bom dia")
            try await Self.expect(irc) { $0.hasPrefix(":bia!~u@") && $0.hasSuffix(" PRIVMSG #lobby :bom dia") }
            // The assignment's client: framed messages that name their sender.
            let framed = try await LineClient.connect(to: server.port)
            try await Self.expect(irc) { $0.contains(" JOIN #lobby") && $0.hasPrefix(":guest-") }
            try await framed.sendSeedMessage(name: "caio", "oi do trabalho")
            try await Self.expect(irc) { $0.hasPrefix(":guest-") && $0.hasSuffix(" NICK :caio") || $0.hasSuffix(" NICK caio") }
            try await Self.expect(irc) { $0.hasPrefix(":caio!~u@") && $0.hasSuffix(" PRIVMSG #lobby :oi do trabalho") }
            try await irc.sendRaw("PRIVMSG #lobby :oi, bia\r\nPRIVMSG #lobby :\u{1}ACTION acena\u{1}\r\n")
            try await seed.waitForLine("<ana> oi, bia")
            try await seed.waitForLine("* ana acena")
            try await irc.sendRaw("PRIVMSG bia :psiu\r\n")
            try await seed.waitForLine("*ana* psiu")
            // A room the client is not in: refused, and nobody sees it.
            try await irc.sendRaw("PRIVMSG #redes :perdido\r\nPING :marca\r\n")
            try await Self.expect(irc) { $0.hasPrefix(":papod 404 ana #redes :") }
            try await Self.expect(irc, ":papod PONG papod :marca")
            try await irc.sendRaw("QUIT :tchau\r\n")
            try await seed.waitForLine { $0.hasPrefix("-!- ana left") }
            let rest = try await irc.waitForClose().map(Self.plain)
            #expect(rest.last == "ERROR :Closing link")
        }
    }

    @Test("JOIN moves the IRC client: PART, then the new room; a moderator's KICK reaches it with its reason")
    func movesAndIsKicked() async throws {
        try await Self.withIRCServer(password: "segredo") { server, port in
            let teacher = try await server.connect(as: "prof")
            try await teacher.sendLine("/login segredo")
            try await teacher.waitForLine { $0.contains("moderator") }
            let irc = try await Self.register("ana", port: port)
            try await irc.sendRaw("JOIN #redes\r\n")
            try await Self.expect(irc) { $0.hasPrefix(":ana!~u@") && $0.hasSuffix(" PART #lobby :moved to #redes") }
            try await Self.expect(irc) { $0.hasPrefix(":ana!~u@") && $0.hasSuffix(" JOIN #redes") }
            try await Self.expect(irc, ":papod 353 ana = #redes :ana")
            try await teacher.sendLine("/join #redes")
            try await Self.expect(irc) { $0.hasPrefix(":prof!~u@") && $0.hasSuffix(" JOIN #redes") }
            try await Self.expect(irc, ":papod MODE #redes +o prof")
            try await irc.sendRaw("WHO #redes\r\n")
            try await Self.expect(irc) { $0.hasPrefix(":papod 352 ana #redes ~u ") && $0.hasSuffix(" ana H :0 ana") }
            try await Self.expect(irc, ":papod 315 ana #redes :End of /WHO list.")
            try await teacher.sendLine("/kick ana fora do tema")
            try await Self.expect(irc) { $0.hasPrefix(":prof!~u@") && $0.hasSuffix(" KICK #redes ana :fora do tema") }
            try await Self.expect(irc, ":papod NOTICE ana :error: you were kicked by prof: fora do tema")
            let rest = try await irc.waitForClose().map(Self.plain)
            #expect(rest.last == "ERROR :Closing link")
        }
    }

    @Test("registration: a taken nick gets 433 and another NICK goes on; commands before it get 451")
    func registration() async throws {
        try await Self.withIRCServer { server, port in
            _ = try await server.connect(as: "bia")
            let client = try await LineClient.connect(to: port)
            try await client.sendRaw("PRIVMSG #lobby :cedo\r\nNICK bia\r\nUSER x 0 * :X\r\n")
            try await Self.expect(client, ":papod 451 * :You have not registered")
            try await Self.expect(client, ":papod 433 * bia :Nickname is already in use")
            try await client.sendRaw("NICK bia2\r\n")
            try await Self.expect(client) { $0.hasPrefix(":papod 001 bia2 ") }
        }
    }

    @Test("echo-message: the client's own messages come back once papod has taken them")
    func echoMessage() async throws {
        try await Self.withIRCServer { server, port in
            let bia = try await server.connect(as: "bia")
            let irc = try await Self.register("ana", port: port)
            try await irc.sendRaw("CAP REQ echo-message\r\n")
            try await Self.expect(irc, ":papod CAP ana ACK :echo-message")
            try await irc.sendRaw("PRIVMSG #lobby :ecoa\r\nPRIVMSG bia :só pra você\r\n")
            try await bia.waitForLine("<ana> ecoa")
            try await Self.expect(irc) { $0.hasPrefix(":ana!~u@") && $0.hasSuffix(" PRIVMSG #lobby :ecoa") }
            try await Self.expect(irc) { $0.hasPrefix(":ana!~u@") && $0.hasSuffix(" PRIVMSG bia :só pra você") }
        }
    }

    @Test("an IRC moderator reads senders' addresses in messages' sources; a student reads cloaks")
    func moderatorsReadAddresses() async throws {
        try await Self.withIRCServer(password: "segredo") { server, port in
            let prof = try await Self.register("prof", port: port)
            let ana = try await Self.register("ana", port: port)
            try await prof.sendRaw("OPER prof segredo\r\n")
            try await Self.expect(prof, ":papod MODE #lobby +o prof")
            let bia = try await server.connect(as: "bia")
            try await bia.sendLine("bom dia")
            try await Self.expect(prof, ":bia!~u@127.0.0.1 PRIVMSG #lobby :bom dia")
            let seen = try await Self.expect(ana) { $0.hasSuffix(" PRIVMSG #lobby :bom dia") }
            #expect(seen.hasPrefix(":bia!~u@") && seen.contains(".papo "), "a student reads a cloak: \(seen)")
            try await ana.sendRaw("PRIVMSG #lobby :oi\r\n")
            try await Self.expect(prof, ":ana!~u@127.0.0.1 PRIVMSG #lobby :oi")
            try await bia.waitForLine("<ana> oi")
        }
    }

    @Test("server-time and batch: live lines carry @time; history on joining comes as a chathistory batch")
    func serverTimeAndHistory() async throws {
        try await Self.withIRCServerRecording { server, port in
            let bia = try await server.connect(as: "bia")
            try await bia.sendLine("/join #redes")
            try await bia.waitForLine { $0.hasPrefix("-!- you are now in #redes") }
            try await bia.sendLine("antes de você chegar")
            let irc = try await Self.register("ana", port: port, capabilities: "server-time batch")
            try await irc.sendRaw("JOIN #redes\r\n")
            try await Self.expect(irc) { $0.hasSuffix(":papod BATCH +history chathistory #redes") && $0.hasPrefix("@time=") }
            let replayed = try await Self.expect(irc) { $0.contains(" PRIVMSG #redes :antes de você chegar") }
            #expect(replayed.contains("batch=history"))
            #expect(replayed.firstMatch(of: /^@time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z;batch=history :bia!~u@/) != nil, "\(replayed)")
            try await Self.expect(irc) { $0.hasSuffix(":papod BATCH -history") }
            try await bia.sendLine("agora ao vivo")
            let live = try await Self.expect(irc) { $0.contains(" PRIVMSG #redes :agora ao vivo") }
            #expect(live.firstMatch(of: /^@time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z :bia!~u@/) != nil, "\(live)")
            // Fixed at registration: the encoding of every line depends on it.
            try await irc.sendRaw("CAP REQ :-server-time\r\n")
            try await Self.expect(irc) { $0.hasSuffix(":papod CAP ana NAK :-server-time") }
        }
    }

    static func withIRCServerRecording<T: Sendable>(_ body: @Sendable (TestServer, Int) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("papo-irc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var papod = PapodConfiguration(server: ServerConfiguration(host: "127.0.0.1", port: 0), threads: 2, dataDirectory: directory.path)
        papod.irc = IRCSettings(port: 0)
        return try await TestServer.withServer(papod: papod) { server in
            try await body(server, try #require(server.ircPort))
        }
    }

    @Test("four doors in one room: an IRC teacher runs the class for framed, line and web students")
    func fourDoors() async throws {
        var server = ServerConfiguration(host: "127.0.0.1", port: 0)
        server.chat.moderatorPassword = "segredo"
        var papod = PapodConfiguration(server: server, threads: 2)
        papod.irc = IRCSettings(port: 0)
        papod.web = WebSettings(port: 0)
        try await TestServer.withServer(papod: papod) { server in
            let ircPort = try #require(server.ircPort)
            let webPort = try #require(server.webPort)
            let bia = try await server.connect(as: "bia")
            let web = try await WebSocketClient.connect(to: webPort)
            try await web.send("/nick dani")
            try await web.waitForMessage { $0.contains("you are now known as dani") }
            let caio = try await LineClient.connect(to: server.port)
            try await caio.sendSeedMessage(name: "caio", "cheguei")
            try await bia.waitForLine("<caio> cheguei")
            let prof = try await Self.register("prof", port: ircPort)
            try await prof.sendRaw("OPER prof segredo\r\n")
            try await Self.expect(prof, ":papod MODE #lobby +o prof")
            try await bia.waitForLine("-!- prof is now a moderator")

            try await Self.lesson(prof: prof, bia: bia, caio: caio, web: web)
        }
    }

    /// The lesson of `fourDoors`, also run with each student on another node of a cluster
    /// (`ClusterDoorsTests`): `prof` an IRC moderator, `bia` a line client, `caio` the
    /// assignment's framed client, `web` a browser named dani, all in #lobby.
    static func lesson(prof: LineClient, bia: LineClient, caio: LineClient, web: WebSocketClient) async throws {
        // Chat, actions, private messages, both ways.
        try await prof.sendRaw("PRIVMSG #lobby :bom dia, turma\r\nPRIVMSG #lobby :\u{1}ACTION sorri\u{1}\r\n")
        try await bia.waitForLine("<prof> bom dia, turma")
        try await bia.waitForLine("* prof sorri")
        try await caio.waitForLine("* prof sorri")
        try await web.waitForMessage { $0.contains("\"sorri\"") && $0.contains("\"action\"") }
        try await web.send("bom dia, prof")
        try await Self.expect(prof) { $0.hasPrefix(":dani!~u@") && $0.hasSuffix(" PRIVMSG #lobby :bom dia, prof") }
        try await prof.sendRaw("PRIVMSG dani :tudo bem?\r\n")
        try await web.waitForMessage { $0.contains("tudo bem?") && $0.contains("\"private\"") }

        // Topic, quiet and voice.
        try await prof.sendRaw("TOPIC #lobby :Aula 3: TCP\r\n")
        try await bia.waitForLine { $0.contains("Aula 3: TCP") }
        try await prof.sendRaw("MODE #lobby +m\r\n")
        try await bia.waitForLine { $0.contains("quiet") }
        try await bia.sendLine("posso falar?")
        try await bia.waitForLine("-!- error: #lobby is quiet: only moderators and voiced users may speak")
        try await prof.sendRaw("MODE #lobby +v bia\r\n")
        try await Self.expect(prof, ":papod MODE #lobby -o+v bia bia")
        try await bia.sendLine("agora posso")
        try await Self.expect(prof) { $0.hasSuffix(" PRIVMSG #lobby :agora posso") }
        try await prof.sendRaw("MODE #lobby -m\r\n")
        try await bia.waitForLine("-!- prof ended quiet mode in #lobby: everyone may speak")

        // A hand, through the service user: the teacher is told as a NOTICE.
        try await bia.sendLine("/hand")
        try await Self.expect(prof) { $0.hasPrefix(":papod NOTICE ") && $0.contains("bia raised a hand") }
        try await prof.sendRaw("PRIVMSG papo :next\r\n")
        try await bia.waitForLine { $0.contains("your turn") || $0.contains("turn") }

        // A breakout and a gather: the IRC teacher sees the students PART and JOIN again.
        try await prof.sendRaw("PRIVMSG papo :breakout 2\r\n")
        try await Self.expect(prof) { $0.hasPrefix(":bia!~u@") && $0.hasSuffix(" PART #lobby") }
        try await bia.waitForLine { $0.hasPrefix("-!- you are now in #") }
        try await prof.sendRaw("PRIVMSG papo :gather\r\n")
        try await Self.expect(prof) { $0.hasPrefix(":bia!~u@") && $0.hasSuffix(" JOIN #lobby") }
        try await bia.waitForLine { $0.contains("gathered everyone into #lobby") }

        // A kick and a ban by IRC commands.
        try await prof.sendRaw("KICK #lobby caio :fora do tema\r\n")
        let kicked = try await caio.waitForClose()
        let toldWhy = kicked.contains { $0.contains("fora do tema") }
        #expect(toldWhy, "\(kicked)")
        try await Self.expect(prof) { $0.hasPrefix(":prof!~u@") && $0.hasSuffix(" KICK #lobby caio :fora do tema") }
        try await prof.sendRaw("MODE #lobby +b dani!*@*\r\n")
        let banned = try await web.waitForClose()
        let toldBanned = banned.messages.contains { $0.contains("banned") }
        #expect(toldBanned, "\(banned.messages)")
        try await bia.waitForLine { $0.hasPrefix("-!- dani ") }
    }

    @Test("SASL PLAIN: the moderator password while registering; a wrong one gets 904, and too many close")
    func sasl() async throws {
        try await Self.withIRCServer(password: "segredo") { server, port in
            let bia = try await server.connect(as: "bia")
            let prof = try await LineClient.connect(to: port)
            try await prof.sendRaw("CAP LS 302\r\nNICK prof\r\nUSER prof 0 * :Prof\r\nCAP REQ :sasl\r\n")
            try await Self.expect(prof, ":papod CAP prof ACK :sasl")
            let wrong = Data("\0prof\0errada".utf8).base64EncodedString()
            try await prof.sendRaw("AUTHENTICATE PLAIN\r\n")
            try await Self.expect(prof, ":papod AUTHENTICATE +")
            try await prof.sendRaw("AUTHENTICATE \(wrong)\r\n")
            try await Self.expect(prof, ":papod 904 prof :SASL authentication failed")
            let right = Data("\0prof\0segredo".utf8).base64EncodedString()
            try await prof.sendRaw("AUTHENTICATE PLAIN\r\nAUTHENTICATE \(right)\r\n")
            try await Self.expect(prof) { $0.hasPrefix(":papod 900 prof prof!~u@") && $0.hasSuffix(" moderator :You are now logged in as moderator") }
            try await Self.expect(prof, ":papod 903 prof :SASL authentication successful")
            try await prof.sendRaw("CAP END\r\n")
            try await Self.expect(prof) { $0.hasPrefix(":papod 001 prof ") }
            try await Self.expect(prof, ":papod MODE #lobby +o prof")
            try await bia.waitForLine("-!- prof is now a moderator")

            // Three wrong passwords on one connection: its address is locked out, and it is closed.
            let guess = try await LineClient.connect(to: port)
            try await guess.sendRaw("CAP LS 302\r\nNICK x\r\nUSER x 0 * :X\r\nCAP REQ :sasl\r\n")
            for _ in 0..<3 {
                try await guess.sendRaw("AUTHENTICATE PLAIN\r\nAUTHENTICATE \(wrong)\r\n")
            }
            let lines = try await guess.waitForClose().map(Self.plain)
            #expect(lines.filter { $0 == ":papod 904 x :SASL authentication failed" }.count == 3)
            #expect(lines.last == "ERROR :Closing link: too many failed logins")
        }
    }

    @Test("a silent IRC client is sent a PING; one that answers stays, one that does not is closed")
    func pingTimeout() async throws {
        let clock = TestClock()
        try await Self.withIRCServer(configure: { server in
            server.use(clock)
            server.connectionLimits.ircPingInterval = 120
            server.connectionLimits.ircPingTimeout = 60
        }) { server, port in
            let bia = try await server.connect(as: "bia")
            let alive = try await Self.register("ana", port: port)
            let silent = try await Self.register("caio", port: port)
            let ping = ":papod PING :papod"
            // Written after each tick's checks, so a PING or a close from them comes first.
            func biaSays(_ text: String) async throws {
                try await bia.sendLine(text)
                for client in [alive, silent] {
                    try await Self.expect(client) {
                        $0.hasPrefix(":bia!~u@") && $0.hasSuffix(" PRIVMSG #lobby :\(text)")
                    }
                }
            }
            // Silent for less than the interval: no PING yet.
            clock.advance(by: 119)
            await server.chatServer.tickAndWait()
            try await biaSays("antes")
            #expect(!alive.receivedLines.map(Self.plain).contains(ping))
            #expect(!silent.receivedLines.map(Self.plain).contains(ping))
            // Past it: a PING each. ana answers, as clients do.
            clock.advance(by: 2)
            await server.chatServer.tickAndWait()
            try await Self.expect(silent, ping)
            try await Self.expect(alive, ping)
            try await alive.sendRaw("PONG :papod\r\nPING :vivo\r\n")
            try await Self.expect(alive, ":papod PONG papod :vivo")
            // caio, silent for less than the timeout since its PING, is still here.
            clock.advance(by: 59)
            await server.chatServer.tickAndWait()
            try await biaSays("ainda")
            // Past the timeout: closed, and its room sees why.
            clock.advance(by: 2)
            await server.chatServer.tickAndWait()
            let rest = try await silent.waitForClose().map(Self.plain)
            #expect(rest.last == "ERROR :Closing link: ping timeout (60 seconds)")
            try await bia.waitForLine("-!- caio left (ping timeout)")
            // ana answered its PING: still here, still talking.
            try await alive.sendRaw("PRIVMSG #lobby :ainda aqui\r\n")
            try await bia.waitForLine("<ana> ainda aqui")
            #expect(alive.receivedLines.map(Self.plain).filter { $0 == ping }.count == 1)
        }
    }

    @Test("bad input: overlong lines and tags get 417, bytes that are not UTF-8 an error, bad commands their numerics; the client stays")
    func badInput() async throws {
        try await Self.withIRCServer { server, port in
            let seed = try await server.connect(as: "bia")
            let irc = try await Self.register("ana", port: port)
            try await irc.sendRaw("PRIVMSG #lobby :" + String(repeating: "x", count: 600) + "\r\n")
            try await Self.expect(irc, ":papod 417 ana :Input line was too long")
            try await irc.sendRaw("@+a=" + String(repeating: "y", count: 9000) + " PRIVMSG #lobby :tags\r\n")
            try await Self.expect(irc, ":papod 417 ana :Input line was too long")
            try await irc.sendRaw([0xFF, 0xFE, 0x0D, 0x0A])
            try await Self.expect(irc) { $0.contains("UTF-8") }
            try await irc.sendRaw("FROB\r\nJOIN\r\nKICK #lobby\r\nPRIVMSG\r\nPRIVMSG #lobby\r\nMODE #lobby +z\r\n")
            try await Self.expect(irc, ":papod 421 ana FROB :unknown command FROB")
            try await Self.expect(irc, ":papod 461 ana JOIN :Not enough parameters")
            try await Self.expect(irc, ":papod 461 ana KICK :Not enough parameters")
            try await Self.expect(irc, ":papod 411 ana :No recipient given (PRIVMSG)")
            try await Self.expect(irc, ":papod 412 ana :No text to send")
            try await Self.expect(irc) { $0.hasPrefix(":papod 472 ana z :") }
            try await irc.sendRaw(":::\r\n")
            try await Self.expect(irc, ":papod NOTICE ana :error: missing command")
            try await irc.sendRaw("PRIVMSG #lobby :ainda aqui\r\n")
            try await seed.waitForLine("<ana> ainda aqui")
        }
    }

    @Test("a flood is slowed, then closed; others chat on")
    func flood() async throws {
        let clock = TestClock()
        try await Self.withIRCServer(configure: { server in
            server.use(clock)
            server.chat.flood = FloodBucket.Limits(burst: 5, rate: 1, grace: 1)
        }) { server, port in
            let bia = try await server.connect(as: "bia")
            let irc = try await Self.register("ana", port: port)
            var flood = ""
            for index in 0..<400 { flood += "WHO #lobby\r\nPRIVMSG #lobby :flood \(index)\r\n" }
            // PING is never refused: its PONG shows that everything before it was judged.
            try await irc.sendRaw(flood + "PING :um\r\n")
            try await Self.expect(irc) { $0.contains("error: you are sending too fast") }
            try await Self.expect(irc, ":papod PONG papod :um")
            // Within the grace: refused (half a line refilled), and still connected.
            clock.advance(by: 0.5)
            try await irc.sendRaw("PRIVMSG #lobby :mais\r\nPING :dois\r\n")
            try await Self.expect(irc, ":papod PONG papod :dois")
            // Past it, with no second free of refusals: one line passes, the next closes it.
            clock.advance(by: 0.6)
            try await irc.sendRaw("PRIVMSG #lobby :passa\r\nPRIVMSG #lobby :fecha\r\n")
            let lines = try await irc.waitForClose().map(Self.plain)
            #expect(lines.contains { $0.contains("flooding") })
            #expect(lines.last == "ERROR :Closing link")
            try await bia.waitForLine("<ana> passa")
            try await bia.waitForLine { $0.hasPrefix("-!- ana left") }
            #expect(!bia.receivedLines.contains("<ana> mais"))
            #expect(!bia.receivedLines.contains("<ana> fecha"))
            try await bia.sendLine("ainda estou aqui")
            let caio = try await Self.register("caio", port: port)
            try await bia.sendLine("oi caio")
            try await Self.expect(caio) { $0.hasSuffix(" PRIVMSG #lobby :oi caio") }
        }
    }

    @Test("a client that never registers is closed at the deadline; one that registered stays")
    func neverRegisters() async throws {
        let clock = TestClock()
        try await Self.withIRCServer(configure: { server in
            server.use(clock)
            server.connectionLimits.silentDeadline = 60
        }) { server, port in
            let bia = try await server.connect(as: "bia")
            let registered = try await Self.register("ana", port: port)
            let never = try await LineClient.connect(to: port)
            // Answered before registration: the connection is open and its deadline set.
            try await never.sendRaw("PING :um\r\n")
            try await Self.expect(never, ":papod PONG papod :um")
            clock.advance(by: 59)
            await server.chatServer.tickAndWait()
            try await never.sendRaw("PING :dois\r\n")
            try await Self.expect(never, ":papod PONG papod :dois")
            clock.advance(by: 2)
            await server.chatServer.tickAndWait()
            let lines = try await never.waitForClose().map(Self.plain)
            #expect(lines.last == "ERROR :Closing link: registration timed out", "\(lines)")
            try await registered.sendRaw("PRIVMSG #lobby :ainda estou aqui\r\n")
            try await bia.waitForLine("<ana> ainda estou aqui")
        }
    }
}
