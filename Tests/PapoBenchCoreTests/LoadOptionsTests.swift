import PapoBenchCore
import Testing

@Suite("LoadOptions")
struct LoadOptionsTests {
    @Test("the defaults are valid: 100 clients, 1 room, 10 senders flat out, window 128")
    func defaults() throws {
        let options = LoadOptions()
        try options.validate()
        #expect(options.isFlatOut)
        #expect(options.window == 128)
    }

    @Test("clients and senders are spread evenly over the rooms")
    func spread() {
        let options = LoadOptions(clients: 10, rooms: 3, senders: 4)
        #expect((0..<10).map(options.room(ofClient:)) == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        #expect((0..<4).map { options.room(ofClient: options.client(ofSender: $0)) } == [0, 1, 2, 0])
        #expect((0..<3).map(options.clientCount(inRoom:)) == [4, 3, 3])
    }

    @Test("each wrong option is named", arguments: [
        (LoadOptions(host: ""), "--host"),
        (LoadOptions(port: 0), "--port"),
        (LoadOptions(port: 65536), "--port"),
        (LoadOptions(clients: 0), "--clients"),
        (LoadOptions(clients: 5, rooms: 6, senders: 1), "--rooms"),
        (LoadOptions(rooms: 0), "--rooms"),
        (LoadOptions(clients: 5, senders: 6), "--senders"),
        (LoadOptions(senders: -1), "--senders"),
        (LoadOptions(rate: -1), "--rate"),
        (LoadOptions(rate: .nan), "--rate"),
        (LoadOptions(rate: .infinity), "--rate"),
        (LoadOptions(senders: 100, rate: 1_000_000), "--rate"),
        (LoadOptions(window: -1), "--window"),
        (LoadOptions(duration: 0), "--duration"),
        (LoadOptions(duration: 3601), "--duration"),
        (LoadOptions(warmup: -1), "--warmup"),
        (LoadOptions(drain: .nan), "--drain"),
        (LoadOptions(payloadBytes: 8), "--size"),
        (LoadOptions(payloadBytes: 100_000), "--size"),
        (LoadOptions(connectTimeout: 0), "--connect-timeout"),
        (LoadOptions(parallelConnects: 0), "--parallel"),
        (LoadOptions(tlsFingerprint: String(repeating: "AB", count: 32)), "--tls-fingerprint"),
    ])
    func rejects(options: LoadOptions, flag: String) {
        #expect {
            try options.validate()
        } throws: { error in
            (error as? LoadOptionsError)?.message.hasPrefix(flag + " ") == true
        }
    }

    @Test("TLS, with or without a fingerprint, is a valid option")
    func tls() throws {
        try LoadOptions(usesTLS: true).validate()
        try LoadOptions(usesTLS: true, tlsFingerprint: String(repeating: "AB", count: 32)).validate()
    }

    @Test("no senders and no warm-up are allowed")
    func edges() throws {
        try LoadOptions(clients: 1, senders: 0, warmup: 0, drain: 0).validate()
    }
}
