import Foundation
import PapoCore
import PapoServer
import PapoTestSupport
import Testing

/// Seeded garbage from many connections at once; well-behaved clients in the same room keep
/// chatting and lose nothing.
@Suite("Garbage over real sockets")
struct GarbageTests {
    /// One piece of nastiness: random bytes, hostile headers, escapes, huge claims, half frames.
    static func garbage(_ random: inout RandomSource) -> [UInt8] {
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            return (0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 1:
            return Array("99999999999999999999".utf8) + Array(repeating: UInt8(ascii: " "), count: 44)
        case 2:
            return LineClient.frame("/nick \u{1B}[31mevil\u{07}\n/join #\u{0}x\n/msg  \n//\n/me\n/topic \u{202E}abc")
        case 3:
            return Array("/help\n/who \n/list extra args\n/ban\n/kick x\n/login a b c\n".utf8)
        case 4:
            return Array(LineClient.frame(String(repeating: "é", count: 200)).prefix(Int.random(in: 1...400, using: &random)))
        case 5:
            return [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0x0A, 0xF4, 0x90, 0x80, 0x80, 0x0A]
        case 6:
            return Array(String(repeating: "a", count: Int.random(in: 1...10_000, using: &random)).utf8) + [0x0A]
        default:
            return Array("Desconectar\r\n\r\n\n  \n".utf8)
        }
    }

    @Test("forty garbage connections do not disturb two clients chatting", arguments: [UInt64(1), 2, 3])
    func garbage(seed: UInt64) async throws {
        var configuration = ServerConfiguration()
        // The two chatting clients send faster than flood control allows; this is about garbage.
        configuration.chat.flood = FloodBucket.Limits(burst: 0, rate: 0)
        try await TestServer.withServer(configuration: configuration) { server in
            let ana = try await server.connect(as: "ana")
            let bia = try await server.connect(as: "bia")
            var random = RandomSource(seed: seed)
            var attackers: [LineClient] = []
            for round in 0..<40 {
                let attacker = try await server.connect()
                attackers.append(attacker)
                for _ in 0..<Int.random(in: 1...5, using: &random) {
                    try? await attacker.sendRaw(Self.garbage(&random))
                }
                if Bool.random(using: &random) { await attacker.close() }
                try await ana.sendLine("ana \(round)")
                try await bia.sendLine("bia \(round)")
            }
            for round in 0..<40 {
                try await bia.waitForLine("<ana> ana \(round)")
                try await ana.waitForLine("<bia> bia \(round)")
            }
            for attacker in attackers { await attacker.close() }
            try await ana.sendLine("/list")
            #expect(try await ana.waitForLine { $0.hasPrefix("-!- #lobby") }.hasPrefix("-!- #lobby ("))
            // Nobody can paint another user's terminal.
            #expect(!(ana.receivedLines + bia.receivedLines).contains { $0.contains("\u{1B}") || $0.contains("\u{07}") })
        }
    }
}
