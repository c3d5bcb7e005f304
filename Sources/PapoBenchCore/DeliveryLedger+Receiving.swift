extension DeliveryLedger {
    /// One read's bytes for `receiver`, received at `now`: splits them into lines, watches for
    /// the join confirmation and records every token. Returns true when this read confirmed the
    /// join. One call per read, so that the per-token work stays inside this module and inside
    /// one access to the ledger (no exclusivity check or retain per token).
    public mutating func receive(
        _ bytes: UnsafeRawBufferPointer, for receiver: inout ReceiverState, at now: UInt64
    ) -> Bool {
        var hasJoined = false
        let client = receiver.client
        let isJoined = receiver.isJoined
        var assembler = receiver.assembler
        receiver.assembler = LineAssembler()
        assembler.feed(bytes) { line, isWholeLine in
            if !isJoined && !hasJoined && isWholeLine {
                hasJoined = receiver.noteJoin(line)
            }
            TokenScanner.scan(line) { token in
                self.record(token, receiver: client, at: now)
            }
        }
        receiver.assembler = assembler
        return hasJoined
    }
}
