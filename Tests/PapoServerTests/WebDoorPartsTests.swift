import Foundation
import NIOCore
import NIOWebSocket
import PapoCore
import Testing

@testable import PapoServer

@Suite("Web door parts")
struct WebDoorPartsTests {
    @Test("a page may open the WebSocket only from its own host or an allowed origin")
    func originPolicy() {
        let policy = OriginPolicy(allowedOrigins: ["https://Chat.School.br/"])
        #expect(policy.allows(origin: "http://192.168.0.12:8080", host: "192.168.0.12:8080"))
        #expect(policy.allows(origin: "https://papo.example", host: "papo.example"))
        #expect(policy.allows(origin: "https://chat.school.br", host: "10.0.0.5:8080"))
        #expect(policy.allows(origin: nil, host: "127.0.0.1:8080"))
        #expect(!policy.allows(origin: "http://evil.example", host: "192.168.0.12:8080"))
        #expect(!policy.allows(origin: "http://192.168.0.12:8081", host: "192.168.0.12:8080"))
        #expect(!policy.allows(origin: "http://192.168.0.12", host: "192.168.0.12:8080"))
        #expect(!policy.allows(origin: "null", host: "192.168.0.12:8080"))
        #expect(!policy.allows(origin: "file://192.168.0.12:8080", host: "192.168.0.12:8080"))
        #expect(!policy.allows(origin: "http://192.168.0.12:8080", host: nil))
    }

    @Test("metrics go to this machine's loopback addresses; anyone else needs --metrics-from")
    func metricsAccess() {
        #expect(WebPageHandler.isLoopback("127.0.0.1"))
        #expect(WebPageHandler.isLoopback("127.0.0.2"))
        #expect(WebPageHandler.isLoopback("::1"))
        #expect(WebPageHandler.isLoopback("::ffff:127.0.0.1"))
        #expect(!WebPageHandler.isLoopback("192.168.0.12"))
        #expect(!WebPageHandler.isLoopback("::ffff:10.0.0.1"))
        #expect(!WebPageHandler.isLoopback(""))
        #expect(ServerMetrics.closeReason("send queue exceeded") == "send_queue")
        #expect(ServerMetrics.closeReason("connection reset") == "reset")
        #expect(ServerMetrics.closeReason("something new") == "error")
    }

    @Test("the upgrade's accept value is RFC 6455's, from its own example key")
    func acceptKey() {
        #expect(WebSocketUpgrader.accept(key: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test("server frames: FIN and opcode, the shortest length form, no mask")
    func frames() {
        let allocator = ByteBufferAllocator()
        let short = WebSocketFrameBytes.text(Array("hi".utf8), allocator: allocator)
        #expect(Array(short.readableBytesView) == [0x81, 2, 0x68, 0x69])
        let medium = WebSocketFrameBytes.text(Array(repeating: 0x61, count: 300), allocator: allocator)
        #expect(Array(medium.readableBytesView.prefix(4)) == [0x81, 126, 0x01, 0x2C])
        #expect(medium.readableBytes == 304)
        let long = WebSocketFrameBytes.text(Array(repeating: 0x61, count: 70_000), allocator: allocator)
        #expect(Array(long.readableBytesView.prefix(10)) == [0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70])
        let close = WebSocketFrameBytes.close(.goingAway, reason: String(repeating: "é", count: 100), allocator: allocator)
        // A control frame's payload is at most 125 bytes: the code and a reason cut whole.
        #expect(Array(close.readableBytesView.prefix(4)) == [0x88, 124, 0x03, 0xE9])
        #expect(close.readableBytes == 126)
    }

    @Test("a line is encoded for the web only when asked, and runs join both encodings")
    func encodedLine() {
        let time = Date(timeIntervalSince1970: 0)
        let plain = EncodedLine(.chat(from: "ana", text: "oi", room: "#lobby"))
        #expect(plain.webFrame == nil)
        let both = EncodedLine(.chat(from: "ana", text: "oi", room: "#lobby"), webTime: WebEvent.timeText(time))
        #expect(String(buffer: both.bytes(for: .text)) == "<ana> oi\n")
        let frame = both.bytes(for: .webSocket)
        #expect(frame.getInteger(at: frame.readerIndex, as: UInt8.self) == 0x81)
        #expect(String(buffer: frame).contains(#""text":"oi""#))
        let joined = EncodedLine(joining: [both, both])
        #expect(joined.webFrame?.readableBytes == 2 * frame.readableBytes)
        #expect(EncodedLine(joining: [both, plain]).webFrame == nil)
        // A text-only line (a poll's text chart) gives web readers nothing, alone or in a run.
        let chart = EncodedLine(.textOnly(.notice("  1. TCP  ██ 1 (100%)")), webTime: WebEvent.timeText(time))
        #expect(chart.bytes(for: .webSocket).readableBytes == 0)
        #expect(String(buffer: chart.bytes(for: .text)) == "-!-   1. TCP  ██ 1 (100%)\n")
        #expect(EncodedLine(joining: [both, chart]).bytes(for: .webSocket) == frame)
        #expect(EncodedLine(joining: [both, chart]).lineCount(for: .webSocket) == 1)
    }

    @Test("the address for students: the bound one, or every outside interface for a wildcard bind")
    func studentAddresses() {
        let interfaces = ["127.0.0.1", "192.168.0.12", "::1", "fe80::1", "2001:db8::5", "10.0.0.7", "192.168.0.12"]
        #expect(
            StudentAddresses.urls(scheme: "http", boundHost: "0.0.0.0", port: 8080, interfaceAddresses: interfaces)
                == ["http://192.168.0.12:8080/", "http://10.0.0.7:8080/"])
        #expect(
            StudentAddresses.urls(scheme: "https", boundHost: "::", port: 8443, interfaceAddresses: interfaces)
                == ["https://192.168.0.12:8443/", "https://[2001:db8::5]:8443/", "https://10.0.0.7:8443/"])
        #expect(
            StudentAddresses.urls(scheme: "http", boundHost: "0.0.0.0", port: 8080, interfaceAddresses: ["127.0.0.1"])
                == ["http://127.0.0.1:8080/"])
        #expect(
            StudentAddresses.urls(scheme: "http", boundHost: "127.0.0.1", port: 1234, interfaceAddresses: interfaces)
                == ["http://127.0.0.1:1234/"])
    }
}
