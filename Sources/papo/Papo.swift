import ArgumentParser
import Foundation
import PapoClient
import PapoCore

/// papo: the Papo chat client for the terminal.
@main
struct Papo: AsyncParsableCommand {
    /// In the language of the user's locale, as everything papo says.
    static var configuration: CommandConfiguration {
        let language = Language.requestedByLocale(ProcessInfo.processInfo.environment) ?? .english
        return CommandConfiguration(
            commandName: "papo",
            abstract: Message(.papoAbstract).rendered(in: language),
            discussion: Message(.papoDiscussion).rendered(in: language))
    }

    @Argument(
        help: """
            The server, as HOST, HOST:PORT, papo://HOST:PORT or papos://HOST:PORT (TLS) \
            (default: localhost:5050, or :5051 with TLS).
            """)
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

    @Flag(help: "Connect with TLS (papod's --tls-port, 5051 by default), as papos:// does.")
    var tls = false

    @Option(
        name: .customLong("tls-ca"),
        help: ArgumentHelp("Trust the CA certificates in this PEM file instead of the system's.", valueName: "file"))
    var tlsCA: String?

    @Option(
        name: .customLong("tls-fingerprint"),
        help: ArgumentHelp(
            "Accept only the certificate with this SHA-256 fingerprint (as papod logs it); nothing is asked or saved.",
            valueName: "sha256"))
    var tlsFingerprint: String?

    @Option(
        name: .customLong("forget-server"),
        help: ArgumentHelp(
            "Remove HOST:PORT's remembered certificate from known_servers, then exit.", valueName: "host:port"))
    var forgetServer: String?

    func validate() throws {
        guard self.linger >= 0 && self.linger <= 3600 else { throw ValidationError("--linger must be from 0 to 3600") }
        if self.forgetServer == nil {
            _ = try self.options()
        }
    }

    func options() throws -> ClientOptions {
        do {
            return try ClientOptions(
                server: self.server, port: self.port, tls: self.tls, certificateAuthorityPath: self.tlsCA,
                fingerprint: self.tlsFingerprint, nick: self.nick, room: self.room, reconnects: !self.noReconnect,
                linger: self.linger, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        if let forgetServer = self.forgetServer {
            let status = ChatClientApp.forgetServer(forgetServer, environment: ProcessInfo.processInfo.environment)
            throw ExitCode(status.rawValue)
        }
        let status = await ChatClientApp.run(try self.options())
        throw ExitCode(status.rawValue)
    }
}
