import Foundation
import PapoCore
import Testing

@testable import PapoServer

@Suite("Logged chat input")
struct LoggedChatInputTests {
    private let time = Date(timeIntervalSince1970: 1_800_000_000)
    private let id = ClientID(node: NodeNumber(7), local: 3)

    private func allInputs() throws -> [ChatInput] {
        let arrival = Date(timeIntervalSince1970: 1_800_000_000.123456789)
        return [
            .connect(
                ClientArrival(
                    id: self.id, address: "192.0.2.1", isSecure: true, language: .portuguese, nick: try Nick("ana"),
                    presenceAsEvents: true, ircCapabilities: IRCCapabilities([.serverTime, .echoMessage]))),
            .connect(ClientArrival(id: self.id, address: "::1", nick: .guest(12))),
            .receive(.frame("\nana enviou: olá\nDigite sua mensagem:"), from: self.id),
            .receive(.frame(""), from: ClientID(0)),
            .receive(.frame("nul \u{0} and emoji 👩‍🏫"), from: ClientID(UInt64.max), arrivedAt: arrival),
            .receive(.line("/nick bia", .crlf), from: self.id),
            .receive(.line("held through an outage", .lf), from: self.id, arrivedAt: arrival),
            .receive(.line("before 2001", .lf), from: self.id, arrivedAt: Date(timeIntervalSinceReferenceDate: -1.5)),
            .receive(.bareDisconnect, from: self.id),
            .receive(.bareDisconnect, from: self.id, arrivedAt: arrival),
            .receive(.irc(try IRCMessage(parsing: "@+typing=active PRIVMSG #math :two words")), from: self.id),
            .receive(.irc(try IRCMessage(parsing: "PRIVMSG #math :olá")), from: self.id, arrivedAt: arrival),
            .disconnect(self.id, reason: Message(.reasonConnectionReset)),
            .expel(
                self.id, error: Message(.closedAfterProtocolError, ["problem": .message(Message(.reasonSilent))]),
                reason: Message(.reasonSilent)),
            .setIRCCapabilities(IRCCapabilities([.multiPrefix]), for: self.id),
            .failedSASL(nick: "ana", address: "192.0.2.1", lockingOut: true),
            .grantModeratorAfterSASL(self.id),
            .operatorCommand("kick ana bye", node: NodeNumber(7), request: 99),
            .nodeStarted(NodeNumber(9), name: "b"),
            .heartbeat(NodeNumber(9)),
            .heartbeat(NodeNumber(NodeNumber.maximum)),
            .nodeStopping(NodeNumber(9)),
        ]
    }

    /// A chat line with no arrival time: tag, author, client, kind 0, no time, length 2, "ab".
    private var compactLine: [UInt8] {
        get throws { Array(try LoggedChatInput.payload(of: .receive(.frame("ab"), from: self.id), by: NodeNumber(7))) }
    }

    @Test("every input comes back from its payload as it was, with its author")
    func roundTrip() throws {
        for author in [NodeNumber.alone, NodeNumber(7), NodeNumber(NodeNumber.maximum)] {
            for input in try self.allInputs() {
                let payload = try LoggedChatInput.payload(of: input, by: author)
                let logged = try LoggedChatInput(sequence: 42, time: self.time, payload: payload)
                #expect(logged == LoggedChatInput(sequence: 42, time: self.time, author: author, input: input))
            }
        }
    }

    @Test("chat lines and heartbeats are written compactly, every other input as JSON")
    func compactForTheHotCases() throws {
        for input in try self.allInputs() {
            let payload = try LoggedChatInput.payload(of: input, by: NodeNumber(7))
            let isCompact: Bool
            switch input {
            case .heartbeat, .receive(.frame, _, _), .receive(.line, _, _), .receive(.irc, _, _): isCompact = true
            default: isCompact = false
            }
            #expect((payload.first != UInt8(ascii: "{")) == isCompact, "\(input)")
        }
        #expect(try self.compactLine == [2, 0, 0, 0, 7, 0, 0, 7, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 2, 0x61, 0x62])
        #expect(
            Array(try LoggedChatInput.payload(of: .heartbeat(NodeNumber(9)), by: NodeNumber(7)))
                == [1, 0, 0, 0, 7, 0, 0, 0, 9])
    }

    @Test("entries logged as JSON before the compact form read back")
    func oldJSONEntries() throws {
        let heartbeat = try LoggedChatInput(
            sequence: 1, time: self.time, payload: Data(#"{"author":3,"input":{"heartbeat":{"_0":3}}}"#.utf8))
        #expect(heartbeat.author == NodeNumber(3))
        #expect(heartbeat.input == .heartbeat(NodeNumber(3)))
        let line = try LoggedChatInput(
            sequence: 2, time: self.time,
            payload: Data(#"{"author":1,"input":{"receive":{"_0":{"line":"oi","ending":{"crlf":{}}},"from":5}}}"#.utf8))
        #expect(line.input == .receive(.line("oi", .crlf), from: ClientID(5)))
    }

    @Test("a payload cut short anywhere is an error, not a crash")
    func truncated() throws {
        let arrival = Date(timeIntervalSince1970: 1_800_000_000.5)
        for input in try self.allInputs() + [.receive(.line("olá", .lf), from: self.id, arrivedAt: arrival)] {
            let payload = try LoggedChatInput.payload(of: input, by: NodeNumber(7))
            for length in 0..<payload.count {
                #expect(throws: (any Error).self, "\(input) cut to \(length)") {
                    try LoggedChatInput(sequence: 1, time: self.time, payload: payload.prefix(length))
                }
            }
        }
    }

    @Test("a damaged payload is an error, not a crash")
    func damaged() throws {
        let line = try self.compactLine
        var damaged: [[UInt8]] = []
        for tag: UInt8 in [0x00, 0x03, 0x7A, 0x7C, 0xFF] { damaged.append([tag] + line.dropFirst()) }
        // The author's and a heartbeat's node numbers beyond 24 bits.
        damaged.append([2, 0x01, 0, 0, 0] + line.dropFirst(5))
        damaged.append([1, 0, 0, 0, 7, 0xFF, 0xFF, 0xFF, 0xFF])
        // Message kind, arrival marker.
        for (offset, byte): (Int, UInt8) in [(13, 4), (13, 0xFF), (14, 2), (14, 0xFF)] {
            var bytes = line
            bytes[offset] = byte
            damaged.append(bytes)
        }
        // A length beyond the payload, bytes after its end.
        var long = line
        long[18] = 3
        damaged.append(long)
        damaged.append(line + [0x63])
        // Text that is not UTF-8: a stray byte, a sequence cut short, an encoded surrogate.
        for text: [UInt8] in [[0x61, 0xFF], [0x61, 0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80]] {
            damaged.append(Array(line.prefix(15)) + [0, 0, 0, UInt8(text.count)] + text)
        }
        // An arrival time that is not a number, and one that is infinite.
        for bits: UInt64 in [Double.nan.bitPattern, Double.infinity.bitPattern] {
            var bytes = Array(line.prefix(14)) + [1]
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            damaged.append(bytes + line.suffix(from: 15))
        }
        // An IRC line that does not parse.
        var irc = line
        irc[13] = 3
        damaged.append(Array(irc.prefix(15)) + [0, 0, 0, 0])
        // JSON that is no input, and no JSON.
        damaged.append(Array(#"{"author":1,"input":{}}"#.utf8))
        damaged.append(Array(#"{"author":16777216,"input":{"heartbeat":{"_0":1}}}"#.utf8))
        damaged.append(Array("{".utf8))
        damaged.append([])
        for bytes in damaged {
            #expect(throws: (any Error).self, "\(bytes)") {
                try LoggedChatInput(sequence: 1, time: self.time, payload: Data(bytes))
            }
        }
    }

    @Test("a damaged payload's error says what is wrong")
    func errorDescription() throws {
        var bytes = try self.compactLine
        bytes[0] = 9
        let error = #expect(throws: LoggedChatInput.PayloadError.self) {
            try LoggedChatInput(sequence: 1, time: self.time, payload: Data(bytes))
        }
        #expect(error?.description == "a chat log payload has an unknown tag 9")
    }
}
