import Histogram

/// The bookkeeping of one run, by chatload's rules, with no sockets or clocks: times come in as
/// nanoseconds on the generator's monotonic clock.
///
/// - A token counts as a delivery when its sender is another member of the receiver's room;
///   one back at its own sender is an echo, one from another room is wrong-room, one with an
///   unknown sender or a time outside the send window is invalid.
/// - Expected deliveries: each message written to the kernel, times the members of its room
///   (joined when sending began) other than its sender.
/// - Order: per receiver and sender, a sequence not above the last one seen is a reorder (or a
///   duplicate). Checked while receivers × senders is at most 16 M, like chatload.
/// - Window: flat-out senders may have at most `window` messages not yet seen by every live
///   member of their room.
public struct DeliveryLedger {
    public let options: LoadOptions
    public let senderCount: Int

    /// Clients that have joined and not gone away.
    private(set) var isLive: [Bool]
    /// Per room, the clients that were live when sending began.
    private(set) var members: [[Int]]
    private(set) var sendStart: UInt64 = .max
    private(set) var sendEnd: UInt64 = .max

    /// Per sender: the last sequence handed out, and the messages written to the kernel.
    var sequences: [UInt64]
    var written: [UInt64]
    /// Per sender: the highest sequence any receiver has seen; the lowest "last seen" over the
    /// other live members of its room, as last computed.
    var maxSeen: [UInt64]
    var minAcknowledged: [UInt64]
    /// `[receiver * senderCount + sender]`: the last sequence seen; nil when too large to keep.
    var lastSeen: [UInt32]?

    var histogram: Histogram<UInt64>
    public private(set) var deliveries: UInt64 = 0
    /// Deliveries received before sending stopped: the basis of deliveries/s.
    public private(set) var deliveriesInWindow: UInt64 = 0
    public private(set) var echoes: UInt64 = 0
    public private(set) var wrongRoom: UInt64 = 0
    public private(set) var invalid: UInt64 = 0
    public private(set) var reordered: UInt64 = 0
    public private(set) var skipped: UInt64 = 0

    public static let maxOrderCells = 16 * 1024 * 1024
    /// Latencies above an hour are recorded as an hour: no phase lasts longer.
    public static let highestLatency: UInt64 = 3_600_000_000_000

    public init(options: LoadOptions) {
        self.options = options
        self.senderCount = options.senders
        self.isLive = Array(repeating: false, count: options.clients)
        self.members = Array(repeating: [], count: options.rooms)
        self.sequences = Array(repeating: 0, count: options.senders)
        self.written = Array(repeating: 0, count: options.senders)
        self.maxSeen = Array(repeating: 0, count: options.senders)
        self.minAcknowledged = Array(repeating: 0, count: options.senders)
        let cells = options.clients.multipliedReportingOverflow(by: options.senders)
        if !cells.overflow && cells.partialValue <= Self.maxOrderCells && options.senders > 0 {
            self.lastSeen = Array(repeating: 0, count: cells.partialValue)
        }
        self.histogram = Histogram(highestTrackableValue: Self.highestLatency, numberOfSignificantValueDigits: .three)
    }

    // MARK: Membership

    public mutating func markLive(_ client: Int) {
        self.isLive[client] = true
    }

    public mutating func markGone(_ client: Int) {
        self.isLive[client] = false
    }

    public func isLive(_ client: Int) -> Bool { self.isLive[client] }

    /// Starts the send window: the live clients become the rooms' members for expectations.
    public mutating func startSending(at start: UInt64, until end: UInt64) {
        self.sendStart = start
        self.sendEnd = end
        for room in self.members.indices { self.members[room].removeAll() }
        for client in self.isLive.indices where self.isLive[client] {
            self.members[self.options.room(ofClient: client)].append(client)
        }
    }

    /// Members of `room` counted for expectations.
    public func memberCount(ofRoom room: Int) -> Int { self.members[room].count }

    /// Clients live when sending began.
    public var memberTotal: Int { self.members.reduce(0) { $0 + $1.count } }

    // MARK: Sending

    /// The next token of `sender`, sent at `now`.
    public mutating func nextToken(sender: Int, at now: UInt64) -> Token {
        self.sequences[sender] += 1
        return Token(sender: UInt64(sender), sequence: self.sequences[sender], sentAt: now)
    }

    /// `count` of `sender`'s messages reached the kernel; only those are expected.
    public mutating func noteWritten(sender: Int, count: Int) {
        self.written[sender] += UInt64(count)
    }

    /// A paced message that was not sent (its sender was gone or could not take more).
    public mutating func noteSkipped() {
        self.skipped += 1
    }

    public var sent: UInt64 { self.written.reduce(0, +) }

    /// Whether flat-out `sender` may queue another message under the window.
    public mutating func mayQueue(sender: Int) -> Bool {
        let window = UInt64(self.options.window)
        guard window > 0 else { return true }
        let sequence = self.sequences[sender]
        guard self.lastSeen != nil else { return sequence - Swift.min(sequence, self.maxSeen[sender]) < window }
        if sequence - Swift.min(sequence, self.minAcknowledged[sender]) < window { return true }
        self.minAcknowledged[sender] = self.lowestSeen(sender: sender)
        return sequence - Swift.min(sequence, self.minAcknowledged[sender]) < window
    }

    /// The lowest last-seen sequence of `sender` over the other live members of its room: every
    /// message up to it has reached all of them.
    func lowestSeen(sender: Int) -> UInt64 {
        guard let lastSeen = self.lastSeen else { return self.maxSeen[sender] }
        let senderClient = self.options.client(ofSender: sender)
        var lowest = UInt64.max
        for member in self.members[self.options.room(ofClient: senderClient)]
        where member != senderClient && self.isLive[member] {
            lowest = Swift.min(lowest, UInt64(lastSeen[member * self.senderCount + sender]))
        }
        return lowest == .max ? self.sequences[sender] : lowest
    }

    // MARK: Receiving

    /// One token received by `receiver` at `now`.
    public mutating func record(_ token: Token, receiver: Int, at now: UInt64) {
        guard token.sender < UInt64(self.senderCount), token.sentAt >= self.sendStart, token.sentAt <= now else {
            self.invalid += 1
            return
        }
        let sender = Int(token.sender)
        let senderClient = self.options.client(ofSender: sender)
        if senderClient == receiver {
            self.echoes += 1
            return
        }
        if self.options.room(ofClient: senderClient) != self.options.room(ofClient: receiver) {
            self.wrongRoom += 1
            return
        }
        _ = self.histogram.record(Swift.min(now - token.sentAt, Self.highestLatency))
        self.deliveries += 1
        if now <= self.sendEnd { self.deliveriesInWindow += 1 }
        if self.maxSeen[sender] < token.sequence { self.maxSeen[sender] = token.sequence }
        if self.lastSeen != nil {
            let cell = receiver * self.senderCount + sender
            if token.sequence <= UInt64(self.lastSeen![cell]) {
                self.reordered += 1
            } else {
                self.lastSeen![cell] = UInt32(truncatingIfNeeded: token.sequence)
            }
        }
    }

    /// Deliveries owed so far: each written message times the other members of its room.
    public var expected: UInt64 {
        var total: UInt64 = 0
        for sender in 0..<self.senderCount {
            let others = self.members[self.options.room(ofClient: self.options.client(ofSender: sender))].count - 1
            if others > 0 { total += self.written[sender] * UInt64(others) }
        }
        return total
    }

    public var isOrderChecked: Bool { self.lastSeen != nil }

    /// Latency percentiles in microseconds.
    public var latency: LatencySummary {
        guard self.histogram.totalCount > 0 else { return LatencySummary() }
        func microseconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1000 }
        return LatencySummary(
            p50: microseconds(self.histogram.valueAtPercentile(50)),
            p90: microseconds(self.histogram.valueAtPercentile(90)),
            p99: microseconds(self.histogram.valueAtPercentile(99)),
            p999: microseconds(self.histogram.valueAtPercentile(99.9)),
            max: microseconds(self.histogram.max))
    }
}
