/// A set of loop slots, as bits: no allocation per delivered line.
struct LoopSet {
    private var low: UInt64 = 0
    /// Slots past 63 (more event loops than most machines have cores).
    private var high: Set<Int> = []

    mutating func insert(_ slot: Int) {
        if slot < 64 {
            self.low |= 1 << UInt64(slot)
        } else {
            self.high.insert(slot)
        }
    }

    /// The slots, ascending.
    func members() -> [Int] {
        var slots: [Int] = []
        var bits = self.low
        while bits != 0 {
            let slot = bits.trailingZeroBitCount
            slots.append(slot)
            bits &= bits - 1
        }
        return slots + self.high.sorted()
    }
}
