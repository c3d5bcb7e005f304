/// What each client says before the clock starts, and the reply that shows it has joined.
/// Client `i` takes the nick `u<i>` and joins room `r<room>`; papod confirms a join with
/// `-!- you are now in #r<room> (N members)` to the joining client alone (ChatState.move).
public enum SetupScript {
    public static func lines(client: Int, room: Int) -> [String] {
        ["/nick u\(client)", "/join r\(room)"]
    }

    /// The start of the line that confirms client's join of `room`; over WebSocket, the text
    /// found anywhere in the event (whose keys come in any order).
    public static func joinConfirmation(room: Int, wire: LoadWire = .seed) -> [UInt8] {
        switch wire {
        case .seed: return Array("-!- you are now in #r\(room) (".utf8)
        case .webSocket: return Array("\"text\":\"you are now in #r\(room) (".utf8)
        }
    }

    /// Whether `line` holds `needle` anywhere.
    public static func line(_ line: UnsafeRawBufferPointer, contains needle: [UInt8]) -> Bool {
        guard let first = needle.first, line.count >= needle.count else { return false }
        var start = 0
        while let found = ByteSearch.index(of: first, in: line, from: start), found + needle.count <= line.count {
            if Self.line(UnsafeRawBufferPointer(rebasing: line[found...]), startsWith: needle) { return true }
            start = found + 1
        }
        return false
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
