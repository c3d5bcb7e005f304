import Foundation
import Testing

@testable import PapoCore

@Suite("Flood control")
struct FloodBucketTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let limits = FloodBucket.Limits(burst: 3, rate: 2, grace: 5)

    @Test("a burst passes, then lines are refused with a notice at most once a second")
    func burstThenRefusal() {
        var bucket = FloodBucket(limits: self.limits, at: Self.start)
        #expect((0..<3).map { _ in bucket.take(at: Self.start, limits: self.limits) } == [.accept, .accept, .accept])
        #expect(bucket.take(at: Self.start, limits: self.limits) == .refuse(notify: true))
        #expect(bucket.take(at: Self.start.addingTimeInterval(0.1), limits: self.limits) == .refuse(notify: false))
        // Half a second refills one line at 2 lines/s.
        #expect(bucket.take(at: Self.start.addingTimeInterval(0.6), limits: self.limits) == .accept)
        #expect(bucket.take(at: Self.start.addingTimeInterval(1.1), limits: self.limits) == .accept)
        #expect(bucket.take(at: Self.start.addingTimeInterval(1.15), limits: self.limits) == .refuse(notify: true))
    }

    @Test("flooding on past the grace period disconnects; a calm second forgives")
    func grace() {
        var bucket = FloodBucket(limits: self.limits, at: Self.start)
        var now = Self.start
        var verdicts: [FloodBucket.Verdict] = []
        // Ten lines a second for six seconds.
        for _ in 0..<60 {
            verdicts.append(bucket.take(at: now, limits: self.limits))
            now.addTimeInterval(0.1)
        }
        #expect(verdicts.last == .disconnect)
        #expect(verdicts.firstIndex(of: .disconnect).map { $0 >= 50 } == true)

        var calm = FloodBucket(limits: self.limits, at: Self.start)
        for step in 0..<4 { _ = calm.take(at: Self.start.addingTimeInterval(Double(step) * 0.01), limits: self.limits) }
        // Quiet for more than a second: the run of flooding is over.
        #expect(calm.take(at: Self.start.addingTimeInterval(4.9), limits: self.limits) == .accept)
        #expect(calm.floodingSince == nil)
    }

    @Test("over the limit a user's lines are dropped with a notice; a moderator's are not")
    func chatStateFlood() {
        var state = ChatState(configuration: ChatConfiguration(moderatorPassword: "pw", flood: self.limits))
        _ = state.connect(ClientID(1), address: "10.0.0.1", at: Self.start)
        _ = state.connect(ClientID(2), address: "10.0.0.2", at: Self.start)
        var delivered: [String] = []
        var notices: [String] = []
        for index in 0..<6 {
            for case .deliver(let line, let to) in state.receive(.line("m\(index)", .lf), from: ClientID(1), at: Self.start) {
                if to.contains(ClientID(2)) { delivered.append(line.rendered) }
                if to == [ClientID(1)] { notices.append(line.rendered) }
            }
        }
        #expect(delivered == ["<guest-1> m0", "<guest-1> m1", "<guest-1> m2"])
        #expect(notices == ["-!- error: you are sending too fast (at most 2 lines a second); lines are being dropped"])

        _ = state.receive(.line("/login pw", .lf), from: ClientID(2), at: Self.start)
        var moderatorLines = 0
        for index in 0..<20 {
            for case .deliver(_, let to) in state.receive(.line("x\(index)", .lf), from: ClientID(2), at: Self.start)
            where to.contains(ClientID(1)) {
                moderatorLines += 1
            }
        }
        #expect(moderatorLines == 20)
    }

    @Test("a flooding client's /quit, /sair or Desconectar is honoured: it leaves politely", arguments: ["/quit bye", "/SAIR", "Desconectar", "/exit"])
    func quitWhileFlooding(request: String) {
        var state = ChatState(configuration: ChatConfiguration(flood: self.limits))
        _ = state.connect(ClientID(1), address: "10.0.0.1", at: Self.start)
        _ = state.connect(ClientID(2), address: "10.0.0.2", at: Self.start)
        for index in 0..<5 { _ = state.receive(.line("m\(index)", .lf), from: ClientID(1), at: Self.start) }
        #expect(state.receive(.line("one more", .lf), from: ClientID(1), at: Self.start).isEmpty, "over the limit")
        let effects = state.receive(.line(request, .lf), from: ClientID(1), at: Self.start)
        #expect(state.clients[ClientID(1)] == nil)
        #expect(effects.contains(.close(ClientID(1))))
        #expect(effects.lines(for: ClientID(2)).contains { $0.hasPrefix("-!- guest-1 left") })
        // Not a leave request: still dropped.
        _ = state.connect(ClientID(3), address: "10.0.0.3", at: Self.start)
        for index in 0..<5 { _ = state.receive(.line("m\(index)", .lf), from: ClientID(3), at: Self.start) }
        #expect(state.receive(.line("//quit", .lf), from: ClientID(3), at: Self.start).isEmpty)
        #expect(state.receive(.line("/nick quitter", .lf), from: ClientID(3), at: Self.start).isEmpty)
    }

    @Test("a copy of the chat state keeps its own flood buckets (the boxed bucket is not shared)")
    func copiesKeepTheirOwnBuckets() {
        var state = ChatState(configuration: ChatConfiguration(moderatorPassword: "pw", flood: self.limits))
        _ = state.connect(ClientID(1), address: "10.0.0.1", at: Self.start)
        _ = state.connect(ClientID(2), address: "10.0.0.2", at: Self.start)
        _ = state.receive(.line("first", .lf), from: ClientID(1), at: Self.start)
        let copy = state
        // The original spends the rest of the burst; the copy still has two lines left.
        _ = state.receive(.line("second", .lf), from: ClientID(1), at: Self.start)
        _ = state.receive(.line("third", .lf), from: ClientID(1), at: Self.start)
        #expect(state.clients[ClientID(1)]?.flood?.tokens == 0)
        #expect(copy.clients[ClientID(1)]?.flood?.tokens == 2)
        var copied = copy
        let delivered = copied.receive(.line("from the copy", .lf), from: ClientID(1), at: Self.start)
            .contains { if case .deliver(let line, _) = $0 { line.rendered == "<guest-1> from the copy" } else { false } }
        #expect(delivered)
        #expect(copy.clients[ClientID(1)]?.flood?.tokens == 2)
        #expect(copied.clients[ClientID(1)]?.flood?.tokens == 1)
    }
}
