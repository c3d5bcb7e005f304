/// What one receiving client carries between reads: its partial line, and whether the server
/// has confirmed its join yet.
public struct ReceiverState {
    public let client: Int
    public private(set) var isJoined = false
    var assembler = LineAssembler()
    let joinConfirmation: [UInt8]
    /// WebSocket events carry the confirmation inside their JSON.
    let confirmsAnywhere: Bool

    public init(client: Int, room: Int, wire: LoadWire = .seed) {
        self.client = client
        self.joinConfirmation = SetupScript.joinConfirmation(room: room, wire: wire)
        self.confirmsAnywhere = wire == .webSocket
    }

    /// Marks the join seen when `line` confirms it; true the first time only.
    mutating func noteJoin(_ line: UnsafeRawBufferPointer) -> Bool {
        guard !self.isJoined else { return false }
        let confirms =
            self.confirmsAnywhere
            ? SetupScript.line(line, contains: self.joinConfirmation)
            : SetupScript.line(line, startsWith: self.joinConfirmation)
        guard confirms else { return false }
        self.isJoined = true
        return true
    }
}
