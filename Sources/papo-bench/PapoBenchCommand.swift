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
            names the one to accept. Several --port options (the nodes of a cluster) spread the \
            clients over the servers, every room over every node; one ledger counts and times \
            every delivery, so latency across nodes is measured too. Exits 1 when a client \
            failed, a delivery was missing or an anomaly was seen.
            """
    )

    @OptionGroup
    var arguments: LoadArguments

    @Flag(help: "Print the result as one JSON object on one line.")
    var json = false

    var options: LoadOptions { self.arguments.options }

    func validate() throws {
        do {
            try LoadGenerator.validate(self.options)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        ProcessResources.raiseFileLimit(toAtLeast: self.options.clients + 64)
        let report = try await LoadGenerator.run(options: self.options)
        print(self.json ? report.json : report.text)
        if !report.isClean {
            throw ExitCode.failure
        }
    }
}
