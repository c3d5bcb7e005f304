import Foundation

/// Figures only the transport knows, handed to the core when the operator asks for them.
public struct TransportSnapshot: Sendable {
    /// Bytes written to each client's socket buffer but not yet sent.
    public var queuedBytes: [ClientID: Int]
    public var statistics: ServerStatistics
    /// What the TLS doors serve, as lines for `tls` (nil: papod has no TLS door).
    public var tls: TLSStatus?

    public init(
        queuedBytes: [ClientID: Int] = [:], statistics: ServerStatistics = ServerStatistics(), tls: TLSStatus? = nil
    ) {
        self.queuedBytes = queuedBytes
        self.statistics = statistics
        self.tls = tls
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
    /// Batches written to clients' pipelines: one write and one flush per connection per drain.
    public var writes = 0
    /// Batches sent straight to sockets instead (`--direct-send`), and the io_uring system
    /// calls that carried them.
    public var directWrites = 0
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

/// The certificate the TLS doors serve, for the operator's `tls`.
public struct TLSStatus: Sendable, Equatable {
    public var ports: [Int]
    public var fingerprint: String
    public var subject: String
    public var names: [String]
    public var notAfter: Date
    /// Where it comes from: "files" (reloaded when they change) or "self-signed".
    public var source: String

    public init(ports: [Int], fingerprint: String, subject: String, names: [String], notAfter: Date, source: String) {
        self.ports = ports
        self.fingerprint = fingerprint
        self.subject = subject
        self.names = names
        self.notAfter = notAfter
        self.source = source
    }
}
