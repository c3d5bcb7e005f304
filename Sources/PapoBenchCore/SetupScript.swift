/// What each client says before the clock starts, and the reply that shows it has joined.
/// Client `i` takes the nick `u<i>` and joins room `r<room>`; papod confirms a join with
/// `-!- you are now in #r<room> (N members)` to the joining client alone (ChatState.move).
public enum SetupScript {
    public static func lines(client: Int, room: Int) -> [String] {
        ["/nick u\(client)", "/join r\(room)"]
    }

    /// The start of the line that confirms client's join of `room`.
    public static func joinConfirmation(room: Int) -> [UInt8] {
        Array("-!- you are now in #r\(room) (".utf8)
    }

    /// Whether `line` starts with `prefix`.
    @inlinable
    public static func line(_ line: UnsafeRawBufferPointer, startsWith prefix: [UInt8]) -> Bool {
        guard line.count >= prefix.count else { return false }
        for index in prefix.indices where line[index] != prefix[index] {
            return false
        }
        return true
    }
}
