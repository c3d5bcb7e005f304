/// The last chat lines papo showed, by their number, so that a line a moderator removes can be
/// shown again struck out. Bounded: a removal of an older line is only the notice.
public struct RemovableLines: Sendable {
    public static let defaultCapacity = 500

    public let capacity: Int
    private var lines: [Int: ReceivedLine] = [:]
    /// Numbers in the order they came, oldest first, to forget the oldest beyond `capacity`.
    private var order: [Int] = []

    public init(capacity: Int = Self.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { self.lines.count }

    mutating func remember(_ line: ReceivedLine, number: Int) {
        if self.lines.updateValue(line, forKey: number) == nil { self.order.append(number) }
        if self.order.count > self.capacity {
            let forgotten = self.order.count - self.capacity
            for old in self.order.prefix(forgotten) { self.lines[old] = nil }
            self.order.removeFirst(forgotten)
        }
    }

    /// Line `number`, forgotten here (a line is removed once).
    mutating func take(_ number: Int) -> ReceivedLine? {
        guard let line = self.lines.removeValue(forKey: number) else { return nil }
        self.order.removeAll { $0 == number }
        return line
    }

    mutating func removeAll() {
        self.lines = [:]
        self.order = []
    }

    /// `[#42] <ana> oi` → 42 and `<ana> oi`; a replayed `[10:42] [#42] <ana> oi` → 42 and
    /// `[10:42] <ana> oi`. Nil for a line without a number.
    static func split(_ raw: String) -> (number: Int, line: String)? {
        var time = Substring()
        var rest = Substring(raw)
        // A replayed line's time of day comes first: `[HH:MM] `.
        if rest.count > 8, rest.first == "[", rest.dropFirst(6).hasPrefix("] "),
            rest.dropFirst().prefix(5).allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") })
        {
            time = rest.prefix(8)
            rest = rest.dropFirst(8)
        }
        guard rest.hasPrefix("[#"), let end = rest.firstIndex(of: "]") else { return nil }
        let digits = rest[rest.index(rest.startIndex, offsetBy: 2)..<end]
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(digits)
        else { return nil }
        let after = rest[rest.index(after: end)...]
        guard after.hasPrefix(" ") else { return nil }
        return (number, String(time + after.dropFirst()))
    }
}
