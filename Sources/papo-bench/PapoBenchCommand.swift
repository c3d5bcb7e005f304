import ArgumentParser
import PapoBench
import PapoBenchCore

/// papo-bench: a load generator to point at a papod.
@main
struct PapoBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papo-bench",
        abstract: "Load a papod with chatting clients and measure its deliveries and latency.",
        discussion: """
            Opens --clients connections (client i takes the nick u<i> and joins room r<i mod \
            --rooms>), waits until the server has confirmed every join and for --warmup, then has \
            the first --senders clients send for --duration: at --rate messages/s each, or flat out \
            with at most --window of a sender's messages not yet delivered to its whole room. \
            Every message carries a token T<sender>:<seq>:<ns>, counted as in the shared \
            harness's chatload. Turn papod's flood control off (--flood-rate 0) and, past 256 \
            clients from one address, --max-connections-per-address 0. With --tls every client \
            connects through TLS (point --port at papod's --tls-port); the bench accepts any \
            certificate, since it measures rather than authenticates, unless --tls-fingerprint \
            names the one to accept. Exits 1 when a client failed, a delivery was missing or an \
            anomaly was seen.
            """
    )

    @Option(help: "The server's address.")
    var host = "127.0.0.1"

    @Option(help: "The server's port.")
    var port = 5050

    @Option(help: "Connections to open.")
    var clients = 100

    @Option(help: "Rooms; the clients are spread evenly over r0, r1, ...")
    var rooms = 1

    @Option(help: "How many clients send (default: all); spread over the rooms like the clients.")
    var senders: Int?

    @Option(help: "Messages per second per sender; 0 sends flat out (closed loop under --window).")
    var rate = 0.0

    @Option(help: "Flat out: a sender's messages not yet delivered to everyone in its room; 0 is off.")
    var window = 128

    @Option(help: "Seconds of sending.")
    var duration = 10.0

    @Option(help: "Seconds to wait after every client has joined, before sending.")
    var warmup = 1.0

    @Option(help: "Seconds to keep receiving after sending stops (ends once everything has arrived).")
    var drain = 5.0

    @Option(help: "Bytes of each message's payload: the token, padded with x.")
    var size = 64

    @Option(help: "Seconds the clients have to connect and join.")
    var connectTimeout = 60.0

    @Option(help: "Connection set-ups in progress at once.")
    var parallel = 64

    @Flag(help: "Connect every client through TLS; any certificate is accepted unless --tls-fingerprint is given.")
    var tls = false

    @Option(
        name: .customLong("tls-fingerprint"),
        help: ArgumentHelp(
            "Accept only the certificate with this SHA-256 fingerprint (as papod logs it); implies --tls.",
            valueName: "sha256"))
    var tlsFingerprint: String?

    @Flag(help: "Speak WebSocket to papod's web door (point --port at its --http-port), as the web client does.")
    var websocket = false

    @Flag(help: "Print the result as one JSON object on one line.")
    var json = false

    var options: LoadOptions {
        var options = LoadOptions(
            host: self.host, port: self.port, clients: self.clients, rooms: self.rooms,
            senders: self.senders ?? self.clients, rate: self.rate, window: self.window, duration: self.duration,
            warmup: self.warmup, drain: self.drain, payloadBytes: self.size, connectTimeout: self.connectTimeout,
            parallelConnects: self.parallel, usesTLS: self.tls || self.tlsFingerprint != nil,
            tlsFingerprint: self.tlsFingerprint)
        options.usesWebSocket = self.websocket
        return options
    }

    func validate() throws {
        do {
            try LoadGenerator.validate(self.options)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        ProcessResources.raiseFileLimit(toAtLeast: self.clients + 64)
        let report = try await LoadGenerator.run(options: self.options)
        print(self.json ? report.json : report.text)
        if !report.isClean {
            throw ExitCode.failure
        }
    }
}
