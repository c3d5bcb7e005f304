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
        (LoadOptions(ports: []), "--port"),
        (LoadOptions(ports: [0]), "--port"),
        (LoadOptions(ports: [5050, 65536]), "--port"),
        (LoadOptions(ports: [5050, 5051, 5050]), "--port"),
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
        (Self.measuring(serverProcessIDs: [1, 0]), "--server-pid"),
        (Self.measuring(serverProcessIDs: [1 << 40]), "--server-pid"),
    ])
    func rejects(options: LoadOptions, flag: String) {
        #expect {
            try options.validate()
        } throws: { error in
            (error as? LoadOptionsError)?.message.hasPrefix(flag + " ") == true
        }
    }

    static func measuring(serverProcessIDs: [Int]) -> LoadOptions {
        var options = LoadOptions()
        options.serverProcessIDs = serverProcessIDs
        return options
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

    @Test("one port takes every client")
    func onePort() {
        let options = LoadOptions(ports: [7000], clients: 50, rooms: 7)
        #expect((0..<50).allSatisfy { options.node(ofClient: $0) == 0 && options.port(ofClient: $0) == 7000 })
    }

    @Test("in one room on three nodes, client i connects to node i % 3")
    func oneRoomRoundRobin() {
        let options = LoadOptions(ports: [7000, 7001, 7002], clients: 9, rooms: 1)
        #expect((0..<9).map(options.port(ofClient:)) == [7000, 7001, 7002, 7000, 7001, 7002, 7000, 7001, 7002])
    }

    @Test(
        "several ports: the nodes get the clients evenly and every room has members on every node",
        arguments: [
            // The cluster scenarios (classroom, rooms, fanout), then room counts that share a
            // factor with the node count, where client % nodes would leave rooms on one node.
            (500, 1, 3), (2000, 200, 3), (100, 1, 3), (30, 3, 3), (31, 6, 3), (40, 4, 2), (10, 4, 4), (7, 3, 5),
        ])
    func spreadOverNodes(clients: Int, rooms: Int, nodes: Int) throws {
        let options = LoadOptions(ports: Array(7000..<7000 + nodes), clients: clients, rooms: rooms, senders: 1)
        try options.validate()
        var perNode = Array(repeating: 0, count: nodes)
        var nodesOfRoom = Array(repeating: Set<Int>(), count: rooms)
        for client in 0..<clients {
            let node = options.node(ofClient: client)
            perNode[node] += 1
            nodesOfRoom[options.room(ofClient: client)].insert(node)
        }
        // Even within the node count (exactly within 1 for full rooms of a multiple of it).
        #expect(perNode.max()! - perNode.min()! < nodes)
        for room in 0..<rooms {
            #expect(nodesOfRoom[room].count == min(nodes, options.clientCount(inRoom: room)), "room \(room)")
        }
    }

    @Test("the cluster scenarios put a third of the clients on each of three nodes, give or take one")
    func scenariosEven() {
        for (clients, rooms) in [(500, 1), (2000, 200), (100, 1)] {
            let options = LoadOptions(ports: [7000, 7001, 7002], clients: clients, rooms: rooms)
            var perNode = [0, 0, 0]
            for client in 0..<clients { perNode[options.node(ofClient: client)] += 1 }
            #expect(perNode.max()! - perNode.min()! <= 1, "\(clients) clients: \(perNode)")
        }
    }
}
