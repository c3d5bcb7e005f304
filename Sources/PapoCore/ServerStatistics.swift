import Foundation

/// Figures only the transport knows, handed to the core when the operator asks for them.
public struct TransportSnapshot: Sendable {
    /// Bytes written to each client's socket buffer but not yet sent.
    public var queuedBytes: [ClientID: Int]
    public var statistics: ServerStatistics

    public init(queuedBytes: [ClientID: Int] = [:], statistics: ServerStatistics = ServerStatistics()) {
        self.queuedBytes = queuedBytes
        self.statistics = statistics
    }
}

/// Counters and rates for `stats`.
public struct ServerStatistics: Sendable, Equatable {
    public var startedAt = Date(timeIntervalSince1970: 0)
    public var connectionsNow = 0
    public var connectionsPeak = 0
    public var connectionsTotal = 0
    public var messagesIn = 0
    public var bytesIn = 0
    public var bytesOut = 0
    /// Writes to clients: straight to the socket, and queued by NIO behind bytes the
    /// client's kernel buffer had no room for (a slow or stalled reader).
    public var writesDirect = 0
    public var writesQueued = 0
    /// System calls that each carried many direct writes (through io_uring).
    public var sendBatches = 0
    /// Per second, over the last few seconds.
    public var messagesInRate = 0.0
    public var bytesInRate = 0.0
    public var bytesOutRate = 0.0
    public var eventLoopThreads = 0
    /// Nil where it cannot be read.
    public var residentBytes: Int?

    public init() {}
}
