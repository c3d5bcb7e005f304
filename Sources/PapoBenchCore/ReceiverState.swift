/// What one receiving client carries between reads: its partial line, and whether the server
/// has confirmed its join yet.
public struct ReceiverState {
    public let client: Int
    public private(set) var isJoined = false
    var assembler = LineAssembler()
    let joinConfirmation: [UInt8]

    public init(client: Int, room: Int) {
        self.client = client
        self.joinConfirmation = SetupScript.joinConfirmation(room: room)
    }

    /// Marks the join seen when `line` confirms it; true the first time only.
    mutating func noteJoin(_ line: UnsafeRawBufferPointer) -> Bool {
        guard !self.isJoined, SetupScript.line(line, startsWith: self.joinConfirmation) else { return false }
        self.isJoined = true
        return true
    }
}
