import Foundation
import Testing

@testable import PapoCore

/// The cluster's pure part: inputs survive the log's encoding, every copy of the state that
/// applies the same inputs decides the same, and nodes come, stop and are lost.
@Suite struct ClusterStateTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let nodeA = NodeNumber(7)
    private let nodeB = NodeNumber(9)

    /// A chat on nodes `nodes` (named a, b, …) with ana, then bia, arrived.
    private func chat(nodes: [NodeNumber], ana: ClientID, bia: ClientID) -> ChatState {
        var state = ChatState(serverName: "papod")
        for (offset, node) in nodes.enumerated() {
            _ = state.apply(.nodeStarted(node, name: String(UnicodeScalar(UInt8(ascii: "a") + UInt8(offset)))), at: start)
        }
        _ = state.apply(arrival(ana, nick: "ana"), at: start)
        _ = state.apply(arrival(bia, nick: "bia"), at: start)
        return state
    }

    private func arrival(_ id: ClientID, nick: String? = nil) -> ChatInput {
        .connect(ClientArrival(id: id, address: "10.0.0.\(id.rawValue & 0xff)", nick: nick.map { try! Nick($0) }))
    }

    @Test func clientIDsNameTheirNode() {
        let id = ClientID(node: NodeNumber(5), local: 42)
        #expect(id.node == NodeNumber(5))
        #expect(id != ClientID(node: NodeNumber(6), local: 42))
        #expect(ClientID(42).node == .alone)
    }

    @Test func everyInputSurvivesTheLogsEncoding() throws {
        let id = ClientID(node: nodeA, local: 3)
        let inputs: [ChatInput] = [
            .connect(
                ClientArrival(
                    id: id, address: "192.0.2.1", isSecure: true, language: .portuguese, nick: try Nick("ana"),
                    presenceAsEvents: true, ircCapabilities: IRCCapabilities([.serverTime, .echoMessage]))),
            .connect(ClientArrival(id: id, address: "::1", nick: .guest(12))),
            .receive(.frame("\nana enviou: olá\nDigite sua mensagem:"), from: id),
            .receive(.line("/nick bia", .crlf), from: id),
            .receive(.line("held through an outage", .lf), from: id, arrivedAt: start.addingTimeInterval(0.25)),
            .receive(.bareDisconnect, from: id),
            .receive(.irc(try IRCMessage(parsing: "@+typing=active PRIVMSG #math :two words")), from: id),
            .disconnect(id, reason: Message(.reasonConnectionReset)),
            .expel(id, error: Message(.closedAfterProtocolError, ["problem": .message(Message(.reasonSilent))]), reason: Message(.reasonSilent)),
            .setIRCCapabilities(IRCCapabilities([.multiPrefix]), for: id),
            .failedSASL(nick: "ana", address: "192.0.2.1", lockingOut: true),
            .grantModeratorAfterSASL(id),
            .operatorCommand("kick ana bye", node: nodeA, request: 99),
            .nodeStarted(nodeB, name: "b"),
            .heartbeat(nodeB),
            .nodeStopping(nodeB),
        ]
        for input in inputs {
            let data = try JSONEncoder().encode(input)
            #expect(try JSONDecoder().decode(ChatInput.self, from: data) == input)
        }
    }

    @Test func aDamagedEntryIsAnErrorNotACrash() {
        for text in [#"{"receive":{"_0":{"irc":""},"from":1}}"#, #"{"nodeStarted":{"_0":4294967295,"name":"x"}}"#, "{}", "["] {
            #expect(throws: (any Error).self) { try JSONDecoder().decode(ChatInput.self, from: Data(text.utf8)) }
        }
    }

    @Test func copiesApplyingTheSameInputsDecideTheSame() {
        let ana = ClientID(node: nodeA, local: 1)
        let bia = ClientID(node: nodeB, local: 1)
        let inputs: [ChatInput] = [
            .nodeStarted(nodeA, name: "a"), .nodeStarted(nodeB, name: "b"),
            arrival(ana, nick: "ana"), arrival(bia, nick: "bia"),
            .receive(.line("/join #math", .lf), from: ana), .receive(.line("/join #math", .lf), from: bia),
            .receive(.line("hello from a", .lf), from: ana), .receive(.line("/me waves", .lf), from: bia),
            .receive(.line("/topic fractions", .lf), from: ana), .receive(.line("/nick beatriz", .lf), from: bia),
            .operatorCommand("op ana", node: nodeB, request: 1), .receive(.line("/kick beatriz enough", .lf), from: ana),
        ]
        var first = ChatState(serverName: "papod")
        var second = ChatState(serverName: "papod")
        for (offset, input) in inputs.enumerated() {
            let now = start.addingTimeInterval(Double(offset) / 10)
            #expect(first.apply(input, at: now) == second.apply(input, at: now))
        }
        #expect(first.clients.keys.sorted() == [ana])
        #expect(first.rooms["#math"]?.topic?.text == "fractions")
        #expect(first.nodeName(of: ana) == "a")
    }

    @Test func floodControlCountsFromArrivalNotFromTheLogsTime() {
        let ana = ClientID(node: nodeA, local: 1)
        let bia = ClientID(node: nodeA, local: 2)
        var state = self.chat(nodes: [nodeA], ana: ana, bia: bia)
        // 30 lines sent at 4 a second (under the limit of 5), logged together 10 s later.
        let logged = start.addingTimeInterval(10)
        var effects: [Effect] = []
        for number in 0..<30 {
            let arrivedAt = start.addingTimeInterval(Double(number) / 4)
            effects += state.apply(.receive(.line("line \(number)", .lf), from: ana, arrivedAt: arrivedAt), at: logged)
        }
        #expect(effects.lines(for: bia).filter { $0.hasPrefix("<ana> line") }.count == 30)
        #expect(effects.lines(for: ana).allSatisfy { !$0.contains("too fast") })
        // The same lines with no arrival time are a burst: flood control drops most.
        var burst: [Effect] = []
        for number in 0..<30 {
            burst += state.apply(.receive(.line("again \(number)", .lf), from: ana), at: logged.addingTimeInterval(20))
        }
        #expect(burst.lines(for: bia).filter { $0.hasPrefix("<ana> again") }.count < 30)
    }

    @Test func aSilentNodeIsLostAndItsClientsLeave() {
        let ana = ClientID(node: nodeA, local: 1)
        let bia = ClientID(node: nodeB, local: 1)
        var state = self.chat(nodes: [nodeA, nodeB], ana: ana, bia: bia)
        // b keeps talking; a says nothing for longer than the limit.
        var effects: [Effect] = []
        for second in 1...6 {
            effects = state.apply(.heartbeat(nodeB), at: start.addingTimeInterval(Double(second)))
            if second < 6 { #expect(state.clients[ana] != nil, "lost too early, at \(second) s") }
        }
        #expect(state.clients[ana] == nil)
        #expect(state.clusterNodes[nodeA] == nil)
        #expect(effects.lines(for: bia).contains("-!- ana left (server lost)"))
        #expect(effects.closed == [ana])
        // The lost node's later heartbeat does not bring it back, nor does its nick stay taken.
        _ = state.apply(.heartbeat(nodeA), at: start.addingTimeInterval(7))
        #expect(state.clusterNodes[nodeA] == nil)
        let again = ClientID(node: nodeB, local: 2)
        _ = state.apply(arrival(again, nick: "ana"), at: start.addingTimeInterval(7))
        #expect(state.clients[again]?.nick.name == "ana")
    }

    @Test func anIRCClientThatLostItsNickToAnotherNodeIsToldItsNewOne() throws {
        let ana = ClientID(node: nodeA, local: 1)
        let other = ClientID(node: nodeB, local: 1)
        var state = ChatState(serverName: "papod")
        let irc = { (id: ClientID) in
            ChatInput.connect(ClientArrival(id: id, address: "10.0.0.9", nick: try! Nick("ana"), presenceAsEvents: true))
        }
        _ = state.apply(irc(ana), at: start)
        let effects = state.apply(irc(other), at: start)
        let nick = try #require(state.clients[other]?.nick.name)
        #expect(nick.hasPrefix("guest-"))
        let first = effects.first { if case .deliver(.irc, let to) = $0 { to == [other] } else { false } }
        guard case .deliver(.irc(let message), _)? = first else {
            Issue.record("no IRC message: \(effects)")
            return
        }
        #expect(message.command == "NICK" && message.parameters == [nick] && message.source?.hasPrefix("ana!~u@") == true)
    }

    @Test func nobodyIsLostForTheTimeTheLogItselfWasAway() {
        let ana = ClientID(node: nodeA, local: 1)
        let bia = ClientID(node: nodeB, local: 1)
        var state = self.chat(nodes: [nodeA, nodeB], ana: ana, bia: bia)
        // PostgreSQL is down for a minute; a is the first to get through afterwards.
        let back = start.addingTimeInterval(60)
        _ = state.apply(.heartbeat(nodeA), at: back)
        _ = state.apply(.heartbeat(nodeA), at: back.addingTimeInterval(1))
        #expect(state.clients[bia] != nil)
        _ = state.apply(.heartbeat(nodeB), at: back.addingTimeInterval(1.5))
        // b beats again, as it does: the log is whole again, and b is heard.
        for second in 2...8 {
            _ = state.apply(.heartbeat(nodeA), at: back.addingTimeInterval(Double(second)))
            _ = state.apply(.heartbeat(nodeB), at: back.addingTimeInterval(Double(second) + 0.5))
        }
        #expect(state.clusterNodes.keys.sorted() == [nodeA, nodeB])
        // But b falling silent while the log goes on is still noticed.
        for second in 9...15 {
            _ = state.apply(.heartbeat(nodeA), at: back.addingTimeInterval(Double(second)))
        }
        #expect(state.clients[bia] == nil)
    }

    @Test func aRestartedNodeReplacesItsEarlierStart() {
        let earlier = NodeNumber(3)
        let ana = ClientID(node: earlier, local: 1)
        let bia = ClientID(node: nodeB, local: 1)
        var state = self.chat(nodes: [earlier, nodeB], ana: ana, bia: bia)
        let effects = state.apply(.nodeStarted(nodeA, name: "a"), at: start.addingTimeInterval(1))
        #expect(state.clients[ana] == nil)
        #expect(effects.lines(for: bia).contains("-!- ana left (server lost)"))
        #expect(state.clusterNodes.keys.sorted() == [nodeA, nodeB])
    }

    @Test func aStoppingNodeSaysGoodbyeAndTheOthersSeeItsClientsLeave() {
        let ana = ClientID(node: nodeA, local: 1)
        let bia = ClientID(node: nodeB, local: 1)
        var state = self.chat(nodes: [nodeA, nodeB], ana: ana, bia: bia)
        let effects = state.apply(.nodeStopping(nodeA), at: start)
        #expect(effects.lines(for: ana) == ["-!- papod is shutting down. Goodbye!"])
        #expect(effects.closed == [ana])
        #expect(effects.lines(for: bia).contains("-!- ana left (server shutting down)"))
        #expect(!state.isShuttingDown)
        #expect(state.clusterNodes.keys.sorted() == [nodeB])
    }
}
