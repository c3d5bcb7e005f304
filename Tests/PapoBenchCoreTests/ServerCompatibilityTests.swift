import Foundation
import NIOCore
import PapoBenchCore
import PapoCore
import Testing

/// The generator's bytes through papod's own decoder and chat core, with no sockets: the
/// framing, the set-up lines, the join confirmation and the chat lines must agree with the
/// server's, or these fail.
@Suite("papo-bench against papod's core")
struct ServerCompatibilityTests {
    /// Decodes `bytes` with papod's FrameDecoder and hands each message to the chat.
    private func send(_ bytes: [UInt8], from id: ClientID, to chat: inout ChatState) throws -> [Effect] {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: bytes)
        var effects: [Effect] = []
        while let message = try decoder.next(from: &buffer) {
            effects += chat.receive(message, from: id, at: .now)
        }
        #expect(buffer.readableBytes == 0)
        return effects
    }

    private func lines(_ effects: [Effect], for id: ClientID) -> [String] {
        effects.flatMap { effect -> [String] in
            if case .deliver(let line, let recipients) = effect, recipients.contains(id) { return [line.rendered] }
            return []
        }
    }

    private func setupFrames(client: Int, room: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for line in SetupScript.lines(client: client, room: room) {
            SeedFraming.appendFrame(line, to: &bytes)
        }
        return bytes
    }

    @Test("the set-up lines get the joining client, and only it, the confirmation the generator waits for")
    func joinConfirmation() throws {
        var chat = ChatState(serverName: "papod")
        let (first, second) = (ClientID(1), ClientID(2))
        _ = chat.connect(first, address: "127.0.0.1", at: .now)
        _ = chat.connect(second, address: "127.0.0.1", at: .now)
        _ = try self.send(self.setupFrames(client: 0, room: 3), from: first, to: &chat)
        let effects = try self.send(self.setupFrames(client: 1, room: 3), from: second, to: &chat)
        let prefix = SetupScript.joinConfirmation(room: 3)
        func confirms(_ line: String) -> Bool {
            Array(line.utf8).withUnsafeBytes { SetupScript.line($0, startsWith: prefix) }
        }
        #expect(self.lines(effects, for: second).filter(confirms).count == 1)
        #expect(self.lines(effects, for: first).filter(confirms).isEmpty)
        #expect(self.lines(effects, for: first).contains("-!- u1 joined #r3"))
    }

    @Test("a framed message reaches the other members with its token intact, not the sender")
    func message() throws {
        var chat = ChatState(serverName: "papod")
        let ids = [ClientID(1), ClientID(2), ClientID(3)]
        for (index, id) in ids.enumerated() {
            _ = chat.connect(id, address: "127.0.0.1", at: .now)
            _ = try self.send(self.setupFrames(client: index, room: 0), from: id, to: &chat)
        }
        let token = Token(sender: 0, sequence: 42, sentAt: 1_234_567_890)
        var bytes: [UInt8] = []
        SeedFraming.appendMessage(token, payloadBytes: 64, to: &bytes)
        SeedFraming.appendMessage(Token(sender: 0, sequence: 43, sentAt: 1_234_567_891), payloadBytes: 200, to: &bytes)
        let effects = try self.send(bytes, from: ids[0], to: &chat)
        #expect(self.lines(effects, for: ids[0]).isEmpty)
        for receiver in ids.dropFirst() {
            let received = self.lines(effects, for: receiver)
            #expect(received.count == 2)
            #expect(received.first?.hasPrefix("<u0> T0:42:1234567890 xxx") == true)
            #expect(received.flatMap { TokenScanner.tokens(in: $0) }.map(\.sequence) == [42, 43])
        }
    }

    @Test("a message frame is the header and a payload of the asked size plus its newline")
    func frameShape() {
        var bytes: [UInt8] = []
        SeedFraming.appendMessage(Token(sender: 1, sequence: 2, sentAt: 3), payloadBytes: 64, to: &bytes)
        #expect(bytes.count == 64 + 65)
        #expect(String(decoding: bytes.prefix(64), as: UTF8.self) == "65" + String(repeating: " ", count: 62))
        let payload = "T1:2:3 " + String(repeating: "x", count: 57) + "\n"
        #expect(String(decoding: bytes.dropFirst(64), as: UTF8.self) == payload)
        // A token longer than the size asked for is sent whole.
        bytes.removeAll()
        SeedFraming.appendMessage(Token(sender: 1, sequence: 2, sentAt: .max), payloadBytes: 16, to: &bytes)
        #expect(String(decoding: bytes.dropFirst(64), as: UTF8.self) == "T1:2:18446744073709551615 \n")
    }
}
