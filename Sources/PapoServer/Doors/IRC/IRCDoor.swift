import NIOCore
import NIOSSL

/// The IRC door's settings: its ports.
public struct IRCSettings: Sendable, Equatable {
    public static let defaultPort = 6667
    public static let defaultSecurePort = 6697

    /// The plaintext port; 0 picks a free one.
    public var port: Int
    /// The TLS port, used when papod has a certificate; 0 picks a free one.
    public var securePort: Int

    public init(port: Int = Self.defaultPort, securePort: Int = Self.defaultSecurePort) {
        self.port = port
        self.securePort = securePort
    }
}

extension Door {
    /// IRC clients (irssi, WeeChat, HexChat) in the same rooms (6667).
    public static func irc(host: String, port: Int) -> Door {
        Door(
            name: "IRC", host: host, port: port, portOption: "--irc-port", listeningMessage: "papod listening for IRC on",
            isSecure: false, connectionAllocator: ByteBufferAllocator()
        ) { channel, server in
            try channel.pipeline.syncOperations.addHandler(IRCConnectionHandler(server: server, isSecure: false))
        }
    }

    /// The same inside TLS (6697), with the assignment TLS door's certificate.
    public static func ircTLS(host: String, port: Int, context: NIOSSLContext) -> Door {
        Door(
            name: "IRC TLS", host: host, port: port, portOption: "--ircs-port", listeningMessage: "papod listening for IRC over TLS on",
            isSecure: true, connectionAllocator: ByteBufferAllocator()
        ) { channel, server in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            try channel.pipeline.syncOperations.addHandler(IRCConnectionHandler(server: server, isSecure: true))
        }
    }
}
