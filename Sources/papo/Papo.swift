import ArgumentParser
import PapoClient

/// papo: the Papo chat client for the terminal.
@main
struct Papo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papo",
        abstract: "Chat on a papod server from the terminal.",
        discussion: """
            Lines you type are said to your room; commands (/help, /join, /msg …) go to the server. \
            Without a terminal it reads lines from standard input and prints what it receives, so \
            printf '/nick bot\\nhello\\n' | papo works in scripts. Exit status: 0 after leaving, 1 \
            when no connection could be made (or it was lost with --no-reconnect), 2 when kicked or banned.
            """
    )

    @Argument(help: "The server, as HOST or HOST:PORT (default: localhost:5050).")
    var server: String = "localhost"

    @Option(help: "The port, if not given with the host.")
    var port: Int?

    @Option(help: "The nick to take once connected.")
    var nick: String?

    @Option(help: "The room to join once connected.")
    var room: String?

    @Flag(help: "Do not reconnect when the connection is lost.")
    var noReconnect = false

    @Option(help: "After piped input ends, keep printing replies for this many seconds before leaving.")
    var linger: Double = 0

    func validate() throws {
        guard self.linger >= 0 && self.linger <= 3600 else { throw ValidationError("--linger must be from 0 to 3600") }
        let (_, port) = try self.address()
        guard (1...65_535).contains(port) else { throw ValidationError("the port must be from 1 to 65535") }
    }

    /// HOST[:PORT], with `--port` winning; `[::1]:5050` for IPv6.
    func address() throws -> (host: String, port: Int) {
        var host = self.server
        var port = 5050
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let value = Int(rest.dropFirst()) else { throw ValidationError("bad port in \(self.server)") }
                port = value
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            guard let value = Int(host[host.index(after: colon)...]) else {
                throw ValidationError("bad port in \(self.server)")
            }
            port = value
            host = String(host[..<colon])
        }
        return (host, self.port ?? port)
    }

    func run() async throws {
        let (host, port) = try self.address()
        let status = await ChatClientApp.run(
            ClientOptions(
                host: host, port: port, nick: self.nick, room: self.room, reconnects: !self.noReconnect,
                linger: self.linger))
        throw ExitCode(status.rawValue)
    }
}
