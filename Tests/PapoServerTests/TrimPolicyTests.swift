import Testing

@testable import PapoServer

@Suite("Heap trim policy")
struct TrimPolicyTests {
    /// The policy's answers for the counts seen on successive ticks.
    func decisions(_ counts: [Int]) -> [Bool] {
        var policy = TrimPolicy()
        return counts.map { policy.shouldTrim(connections: $0) }
    }

    @Test("a trim follows a settled crowd of departures or arrivals, not small changes or a moving count")
    func policy() {
        let counts = [100, 500, 500, 510, 540, 530, 520, 300, 300, 310, 350, 350, 370, 370]
        let expected = [
            false, false, true,  // arrivals: a trim once the count settles
            false, false, false, false,  // a few come and go: not worth a walk of the heap
            true,  // the follow-up, five ticks after
            true,  // departures from the peak, once settled
            false, false, false, false, true,  // arrivals count from the last trim
        ]
        #expect(self.decisions(counts) == expected)
    }

    @Test("a settled crowd gets one more trim a few ticks later, then none")
    func followUp() {
        let counts = [0, 500, 500] + Array(repeating: 500, count: 10)
        let decisions = self.decisions(counts)
        #expect(decisions[2])
        #expect(decisions[(2 + TrimPolicy.followUpTicks)...].first == true)
        #expect(decisions.filter { $0 }.count == 2)
    }
}
