/// What one load run does: how many clients, in how many rooms, how many of them send and how
/// fast, for how long. Client `i` is in room `i % rooms`; clients `0..<senders` send, so the
/// senders are spread over the rooms as evenly as the clients are (as in chatload). With
/// several ports (the nodes of a cluster), the clients are spread over them too: see
/// `node(ofClient:)`.
public struct LoadOptions: Sendable, Equatable {
    /// The server's address; only the host the operator names is ever connected to.
    public var host: String
    /// One port per server (node of a cluster); never empty once validated.
    public var ports: [Int]
    public var clients: Int
    public var rooms: Int
    public var senders: Int
    /// Messages per second per sender; 0 sends flat out, closed loop under `window`.
    public var rate: Double
    /// Flat out only: a sender queues a new message only while fewer than this many of its
    /// messages have not yet reached every other live member of its room. 0 turns it off.
    public var window: Int
    /// Seconds of sending, measured from the first message.
    public var duration: Double
    /// Seconds to wait after every client has joined, before the clock starts.
    public var warmup: Double
    /// Seconds to keep receiving after sending stops; ends early once everything has arrived.
    public var drain: Double
    /// Bytes of each chat payload (token and padding), before its trailing newline.
    public var payloadBytes: Int
    /// Seconds the connections have to join; clients not joined by then count as failed.
    public var connectTimeout: Double
    /// Connection set-ups (connect, /nick, /join) in progress at once.
    public var parallelConnects: Int
    /// Whether every client connects through TLS (papod's `--tls-port`).
    public var usesTLS: Bool
    /// TLS only: the SHA-256 fingerprint the server's certificate must have, as papod logs it.
    /// Without one any certificate is accepted: the bench measures, it does not authenticate.
    /// Kept as typed; `LoadGenerator` reads it, since this target has no hashing.
    public var tlsFingerprint: String?
    /// Whether every client speaks WebSocket to papod's web door (`--port` its `--http-port`).
    public var usesWebSocket = false
    /// Processes whose CPU time is reported for the send window: the servers under load (and
    /// whatever they lean on, such as a database), read from /proc/PID/stat.
    public var serverProcessIDs: [Int] = []

    /// How the clients frame what they send.
    public var wire: LoadWire { self.usesWebSocket ? .webSocket : .seed }

    public init(
        host: String = "127.0.0.1", ports: [Int] = [5050], clients: Int = 100, rooms: Int = 1, senders: Int = 10,
        rate: Double = 0, window: Int = 128, duration: Double = 10, warmup: Double = 1, drain: Double = 5,
        payloadBytes: Int = 64, connectTimeout: Double = 60, parallelConnects: Int = 64, usesTLS: Bool = false,
        tlsFingerprint: String? = nil
    ) {
        self.host = host
        self.ports = ports
        self.clients = clients
        self.rooms = rooms
        self.senders = senders
        self.rate = rate
        self.window = window
        self.duration = duration
        self.warmup = warmup
        self.drain = drain
        self.payloadBytes = payloadBytes
        self.connectTimeout = connectTimeout
        self.parallelConnects = parallelConnects
        self.usesTLS = usesTLS
        self.tlsFingerprint = tlsFingerprint
    }

    /// The token needs about 50 bytes; more than this would not fit papod's default frame limit
    /// once framed, and no chat line is that long anyway.
    public static let payloadBytesRange = 16...8192
    /// Every phase is bounded, so every run stops by itself.
    public static let longestPhase = 3600.0

    /// The room of client `client`.
    @inlinable
    public func room(ofClient client: Int) -> Int { client % self.rooms }

    /// The server (index into `ports`) that client `client` connects to: a room's members take
    /// the nodes in turn, starting at a node that moves on with the room. Every room of at
    /// least `ports.count` members then has members on every node, and no node has
    /// `ports.count` clients more than another. Plain `client % ports.count` is as even but
    /// does not spread the rooms when the node count shares a factor with the room count: with
    /// 3 rooms on 3 nodes each room would sit on one node, and no line would cross the cluster.
    @inlinable
    public func node(ofClient client: Int) -> Int {
        (self.room(ofClient: client) + client / self.rooms) % self.ports.count
    }

    /// The port client `client` connects to.
    @inlinable
    public func port(ofClient client: Int) -> Int { self.ports[self.node(ofClient: client)] }

    /// The client that is sender `sender`.
    @inlinable
    public func client(ofSender sender: Int) -> Int { sender }

    /// The number of clients in room `room`.
    public func clientCount(inRoom room: Int) -> Int {
        self.clients / self.rooms + (room < self.clients % self.rooms ? 1 : 0)
    }

    /// Whether senders go flat out (closed loop) rather than at a fixed rate.
    public var isFlatOut: Bool { self.rate == 0 }

    /// Checks every option, naming the first one that is wrong.
    public func validate() throws(LoadOptionsError) {
        if self.host.isEmpty { throw LoadOptionsError("--host must name a host") }
        if self.ports.isEmpty { throw LoadOptionsError("--port must be given at least once") }
        if self.ports.contains(where: { !(1...65535).contains($0) }) {
            throw LoadOptionsError("--port must be within 1...65535")
        }
        // A port given twice would give that server twice the share of clients.
        if Set(self.ports).count != self.ports.count { throw LoadOptionsError("--port must not repeat a port") }
        if self.clients < 1 { throw LoadOptionsError("--clients must be at least 1") }
        if !(1...self.clients).contains(self.rooms) {
            throw LoadOptionsError("--rooms must be within 1...\(self.clients) (every room needs a client)")
        }
        if !(0...self.clients).contains(self.senders) {
            throw LoadOptionsError("--senders must be within 0...\(self.clients) (--clients)")
        }
        if !self.rate.isFinite || self.rate < 0 { throw LoadOptionsError("--rate must be 0 (flat out) or more") }
        if self.rate * Double(self.senders) > 10_000_000 {
            throw LoadOptionsError("--rate times --senders must be at most 10,000,000 messages/s")
        }
        if self.window < 0 { throw LoadOptionsError("--window must be 0 (off) or more") }
        for (name, seconds) in [("--duration", self.duration), ("--warmup", self.warmup), ("--drain", self.drain)] {
            if !seconds.isFinite || seconds < 0 || seconds > Self.longestPhase {
                throw LoadOptionsError("\(name) must be within 0...\(Int(Self.longestPhase)) seconds")
            }
        }
        if self.duration == 0 { throw LoadOptionsError("--duration must be more than 0 seconds") }
        if !self.connectTimeout.isFinite || self.connectTimeout <= 0 || self.connectTimeout > Self.longestPhase {
            throw LoadOptionsError(
                "--connect-timeout must be more than 0 and at most \(Int(Self.longestPhase)) seconds")
        }
        if !Self.payloadBytesRange.contains(self.payloadBytes) {
            let range = Self.payloadBytesRange
            throw LoadOptionsError("--size must be within \(range.lowerBound)...\(range.upperBound) bytes")
        }
        if self.parallelConnects < 1 { throw LoadOptionsError("--parallel must be at least 1") }
        if self.serverProcessIDs.contains(where: { $0 < 1 || $0 > Int(Int32.max) }) {
            throw LoadOptionsError("--server-pid must be a process ID (1 or more)")
        }
        if self.tlsFingerprint != nil && !self.usesTLS {
            throw LoadOptionsError("--tls-fingerprint needs --tls")
        }
    }
}
