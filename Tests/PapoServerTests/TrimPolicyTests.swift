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
        let counts = [100, 500, 500, 500, 540, 540, 520, 520, 300, 300, 300, 350, 350, 370, 370]
        let expected = [
            false, false, true, false,  // arrivals: one trim once the count settles
            false, false, false, false,  // a few come and go: not worth a walk of the heap
            false, true, false,  // departures from the peak, once settled
            false, false, false, true,  // arrivals count from the last trim
        ]
        #expect(self.decisions(counts) == expected)
    }
}
