/// The outcome of one run: what was asked, what was set up, sent, delivered, how late, and what
/// went wrong. Rendered as text for people (`text`) and as one JSON line for scripts (`json`).
public struct LoadReport: Equatable, Sendable {
    public var options: LoadOptions

    /// Clients joined when sending began.
    public var connectionsUp: Int
    /// Clients that did not join in time (refused, reset, or still pending at the timeout).
    public var connectFailures: Int
    /// Joined clients whose connection was lost afterwards.
    public var connectionErrors: Int
    public var setupSeconds: Double

    public var sendSeconds: Double
    public var drainSeconds: Double
    /// Messages written to the kernel.
    public var sent: UInt64
    /// Paced messages not sent because their sender was gone or could not take more.
    public var skipped: UInt64
    public var deliveries: UInt64
    public var expected: UInt64
    public var deliveriesInWindow: UInt64
    public var latency: LatencySummary

    public var echoes: UInt64
    public var wrongRoom: UInt64
    public var invalid: UInt64
    public var reordered: UInt64
    public var isOrderChecked: Bool

    /// Paced runs: how far the sending fell behind its schedule at worst.
    public var maxLagMilliseconds: Double
    /// CPU the generator's process used during the send window (the server's too, in-process).
    public var generatorCPUSeconds: Double
    /// CPU each of `options.serverProcessIDs` used during the send window, in their order; nil
    /// for a process whose /proc/PID/stat could not be read at the start or the end.
    public var serverCPUSeconds: [Double?] = []

    public init(
        options: LoadOptions, connectionsUp: Int = 0, connectFailures: Int = 0, connectionErrors: Int = 0,
        setupSeconds: Double = 0, sendSeconds: Double = 0, drainSeconds: Double = 0, sent: UInt64 = 0,
        skipped: UInt64 = 0, deliveries: UInt64 = 0, expected: UInt64 = 0, deliveriesInWindow: UInt64 = 0,
        latency: LatencySummary = LatencySummary(), echoes: UInt64 = 0, wrongRoom: UInt64 = 0, invalid: UInt64 = 0,
        reordered: UInt64 = 0, isOrderChecked: Bool = true, maxLagMilliseconds: Double = 0,
        generatorCPUSeconds: Double = 0
    ) {
        self.options = options
        self.connectionsUp = connectionsUp
        self.connectFailures = connectFailures
        self.connectionErrors = connectionErrors
        self.setupSeconds = setupSeconds
        self.sendSeconds = sendSeconds
        self.drainSeconds = drainSeconds
        self.sent = sent
        self.skipped = skipped
        self.deliveries = deliveries
        self.expected = expected
        self.deliveriesInWindow = deliveriesInWindow
        self.latency = latency
        self.echoes = echoes
        self.wrongRoom = wrongRoom
        self.invalid = invalid
        self.reordered = reordered
        self.isOrderChecked = isOrderChecked
        self.maxLagMilliseconds = maxLagMilliseconds
        self.generatorCPUSeconds = generatorCPUSeconds
    }

    /// The counts the ledger kept, with what only the engine knows.
    public init(
        ledger: DeliveryLedger, connectionsUp: Int, connectFailures: Int, connectionErrors: Int,
        setupSeconds: Double, sendSeconds: Double, drainSeconds: Double, maxLagMilliseconds: Double,
        generatorCPUSeconds: Double
    ) {
        self.init(
            options: ledger.options, connectionsUp: connectionsUp, connectFailures: connectFailures,
            connectionErrors: connectionErrors, setupSeconds: setupSeconds, sendSeconds: sendSeconds,
            drainSeconds: drainSeconds, sent: ledger.sent, skipped: ledger.skipped, deliveries: ledger.deliveries,
            expected: ledger.expected, deliveriesInWindow: ledger.deliveriesInWindow, latency: ledger.latency,
            echoes: ledger.echoes, wrongRoom: ledger.wrongRoom, invalid: ledger.invalid, reordered: ledger.reordered,
            isOrderChecked: ledger.isOrderChecked, maxLagMilliseconds: maxLagMilliseconds,
            generatorCPUSeconds: generatorCPUSeconds)
    }

    /// Deliveries made over deliveries expected; 1 when nothing was expected and nothing came.
    public var ratio: Double {
        if self.expected == 0 { return self.deliveries == 0 ? 1 : 0 }
        return Double(self.deliveries) / Double(self.expected)
    }

    /// Deliveries received during the send window, per second of it.
    public var deliveriesPerSecond: Double {
        self.sendSeconds > 0 ? Double(self.deliveriesInWindow) / self.sendSeconds : 0
    }

    public var sentPerSecond: Double {
        self.sendSeconds > 0 ? Double(self.sent) / self.sendSeconds : 0
    }

    /// The CPU of every server process that could be read, summed.
    public var serverCPUSecondsTotal: Double { self.serverCPUSeconds.reduce(0) { $0 + ($1 ?? 0) } }

    public var anomalies: UInt64 { self.echoes + self.wrongRoom + self.invalid + self.reordered }

    /// Every client joined and stayed, every expected delivery was made, nothing odd arrived.
    public var isClean: Bool {
        self.connectFailures == 0 && self.connectionErrors == 0 && self.deliveries == self.expected
            && self.anomalies == 0
    }
}
