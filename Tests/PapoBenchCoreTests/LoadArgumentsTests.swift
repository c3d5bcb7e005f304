import ArgumentParser
import PapoBenchCore
import Testing

@Suite("LoadArguments")
struct LoadArgumentsTests {
    @Test("with no arguments: port 5050, every client sends, no server measured")
    func defaults() throws {
        let options = try LoadArguments.parse([]).options
        #expect(options.ports == [5050])
        #expect(options.senders == options.clients)
        #expect(options.serverProcessIDs.isEmpty)
        try options.validate()
    }

    @Test("--port given several times names every node, in order, without the default")
    func severalPorts() throws {
        let options = try LoadArguments.parse(["--port", "7001", "--clients", "6", "--port", "7002", "--port", "7003"])
            .options
        #expect(options.ports == [7001, 7002, 7003])
        #expect((0..<6).map(options.port(ofClient:)) == [7001, 7002, 7003, 7001, 7002, 7003])
    }

    @Test("--server-pid given several times measures every process")
    func severalServers() throws {
        let options = try LoadArguments.parse(["--server-pid", "41", "--server-pid", "42"]).options
        #expect(options.serverProcessIDs == [41, 42])
    }

    @Test("the remaining options reach LoadOptions")
    func others() throws {
        let options = try LoadArguments.parse([
            "--host", "::1", "--clients", "2000", "--rooms", "200", "--senders", "30", "--rate", "1.5",
            "--window", "0", "--duration", "3", "--warmup", "0.5", "--drain", "2", "--size", "100",
            "--connect-timeout", "9", "--parallel", "8", "--tls-fingerprint", "AB", "--websocket",
        ]).options
        #expect(options.host == "::1")
        #expect(options.clients == 2000 && options.rooms == 200 && options.senders == 30)
        #expect(options.rate == 1.5 && options.window == 0)
        #expect(options.duration == 3 && options.warmup == 0.5 && options.drain == 2)
        #expect(options.payloadBytes == 100 && options.connectTimeout == 9 && options.parallelConnects == 8)
        #expect(options.usesTLS && options.tlsFingerprint == "AB")
        #expect(options.usesWebSocket)
    }

    @Test("a port that is not a number is refused by the parser")
    func badPort() {
        #expect(throws: (any Error).self) { try LoadArguments.parse(["--port", "70a"]) }
    }
}
