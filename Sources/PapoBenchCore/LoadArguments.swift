import ArgumentParser

/// papo-bench's load options as the command line gives them. Kept out of the executable so the
/// parsing (a repeated `--port`, say) can be tested; `options` is what the engine runs.
public struct LoadArguments: ParsableArguments {
    @Option(help: "The server's address.")
    public var host = "127.0.0.1"

    @Option(
        name: .customLong("port"),
        help: ArgumentHelp(
            "The server's port. Give it once per node of a cluster: the clients are spread evenly over "
                + "the nodes, and every room has members on every node.",
            valueName: "port"))
    public var ports: [Int] = [5050]

    @Option(help: "Connections to open.")
    public var clients = 100

    @Option(help: "Rooms; the clients are spread evenly over r0, r1, ...")
    public var rooms = 1

    @Option(help: "How many clients send (default: all); spread over the rooms like the clients.")
    public var senders: Int?

    @Option(help: "Messages per second per sender; 0 sends flat out (closed loop under --window).")
    public var rate = 0.0

    @Option(help: "Flat out: a sender's messages not yet delivered to everyone in its room; 0 is off.")
    public var window = 128

    @Option(help: "Seconds of sending.")
    public var duration = 10.0

    @Option(help: "Seconds to wait after every client has joined, before sending.")
    public var warmup = 1.0

    @Option(help: "Seconds to keep receiving after sending stops (ends once everything has arrived).")
    public var drain = 5.0

    @Option(help: "Bytes of each message's payload: the token, padded with x.")
    public var size = 64

    @Option(help: "Seconds the clients have to connect and join.")
    public var connectTimeout = 60.0

    @Option(help: "Connection set-ups in progress at once.")
    public var parallel = 64

    @Flag(help: "Connect every client through TLS; any certificate is accepted unless --tls-fingerprint is given.")
    public var tls = false

    @Option(
        name: .customLong("tls-fingerprint"),
        help: ArgumentHelp(
            "Accept only the certificate with this SHA-256 fingerprint (as papod logs it); implies --tls.",
            valueName: "sha256"))
    public var tlsFingerprint: String?

    @Flag(help: "Speak WebSocket to papod's web door (point --port at its --http-port), as the web client does.")
    public var websocket = false

    @Option(
        name: .customLong("server-pid"),
        help: ArgumentHelp(
            "Report the CPU time this process uses during the send window (from /proc/PID/stat); give it "
                + "once per process, such as each node of a cluster and its database.",
            valueName: "pid"))
    public var serverProcessIDs: [Int] = []

    public init() {}

    public var options: LoadOptions {
        var options = LoadOptions(
            host: self.host, ports: self.ports, clients: self.clients, rooms: self.rooms,
            senders: self.senders ?? self.clients, rate: self.rate, window: self.window, duration: self.duration,
            warmup: self.warmup, drain: self.drain, payloadBytes: self.size, connectTimeout: self.connectTimeout,
            parallelConnects: self.parallel, usesTLS: self.tls || self.tlsFingerprint != nil,
            tlsFingerprint: self.tlsFingerprint)
        options.usesWebSocket = self.websocket
        options.serverProcessIDs = self.serverProcessIDs
        return options
    }
}
