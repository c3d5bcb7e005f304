import Foundation
import PapoTestSupport
import Testing

/// A lesson on a real server with the assignment's framed client, a line client and an IRC
/// client: the private-message policy, questions and a poll, end to end.
@Suite("A lesson over real sockets")
struct LessonTests {
    @Test("privacy, questions and a poll reach every kind of client, with the same rules")
    func lesson() async throws {
        try await IRCDoorTests.withIRCServer(password: "segredo") { server, ircPort in
            let teacher = try await server.connect(as: "mestre")
            try await teacher.sendLine("/login segredo")
            try await teacher.waitForLine { $0.hasPrefix("-!- you are now a moderator") }
            // The assignment's client: framed messages naming itself.
            let bia = try await server.connect()
            try await bia.sendSeedMessage(name: "bia", "cheguei")
            try await teacher.waitForLine("<bia> cheguei")
            let ana = try await IRCDoorTests.register("ana", port: ircPort)

            // Private messages only to moderators: refused between students on both doors.
            try await teacher.sendLine("/privacy teacher")
            try await bia.waitForLine { $0.hasPrefix("-!- mestre set private messages to teacher") }
            try await bia.sendFrame("/msg ana psst")
            try await bia.waitForLine { $0.contains("private messages go only to moderators in this class, and ana is not one") }
            try await ana.sendRaw("PRIVMSG bia :psst\r\n")
            try await IRCDoorTests.expect(ana) { $0.contains("NOTICE ana :error: private messages go only to moderators") }
            try await ana.sendRaw("PRIVMSG mestre :dúvida\r\n")
            try await teacher.waitForLine("*ana* dúvida")

            // Questions: an anonymous one from IRC, upvoted from the framed client.
            try await ana.sendRaw("PRIVMSG papo :ask -a posso refazer a prova?\r\n")
            try await bia.waitForLine("-!- anonymous asked #1: posso refazer a prova? (/upvote 1 if you want it answered too)")
            try await teacher.waitForLine("-!- ana asked #1 anonymously: posso refazer a prova?")
            try await bia.sendFrame("/upvote 1")
            try await bia.waitForLine("-!- upvoted #1 (1 vote now)")
            try await teacher.sendLine("/answer 1 sim, na sexta")
            try await bia.waitForLine("-!- mestre answered #1 (posso refazer a prova?): sim, na sexta")
            try await IRCDoorTests.expect(ana) { $0.hasSuffix(":mestre answered #1 (posso refazer a prova?): sim, na sexta") }

            // A poll: votes from both doors, the result to everyone.
            try await teacher.sendLine("/poll Qual protocolo é orientado a conexão? | TCP | UDP")
            try await bia.waitForLine("-!-   2. UDP")
            try await bia.sendFrame("/vote 1")
            try await bia.waitForLine("-!- you voted 1. TCP")
            try await ana.sendRaw("PRIVMSG papo :vote 2\r\n")
            try await IRCDoorTests.expect(ana) { $0.hasSuffix(":you voted 2. UDP") }
            try await teacher.sendLine("/endpoll")
            try await bia.waitForLine("-!- mestre closed the poll Qual protocolo é orientado a conexão? (2 votes):")
            try await bia.waitForLine("-!-   1. TCP  ██████████░░░░░░░░░░ 1 (50%)")
            try await IRCDoorTests.expect(ana) { $0.hasSuffix("2. UDP  ██████████░░░░░░░░░░ 1 (50%)") }
        }
    }
}
