import NIOCore
import NIOSSL

/// One way into the chat: where it listens and the pipeline each of its connections gets.
///
/// A door is a codec and its pipeline: bytes in become chat input for the one `ChatServer`,
/// and the lines the chat decides come out through the same pipeline. Adding a door means a
/// codec in its own file, a factory here, and one line where papod assembles its doors.
public struct Door: Sendable {
    /// How the door is named in logs and errors ("assignment", "TLS").
    public let name: String
    public var host: String
    public var port: Int
    /// The option that moves it, for the error when its port is taken.
    public let portOption: String
    /// The words of the line logged once it is bound, before the address.
    public let listeningMessage: String
    /// Whether its connections are encrypted (TLS).
    public let isSecure: Bool
    /// Where its connections' buffers come from.
    let connectionAllocator: ByteBufferAllocator
    /// Adds the door's handlers to a new connection's pipeline.
    let addHandlers: @Sendable (any Channel, ChatServer) throws -> Void

    /// Adds the door's handlers to `channel`, a connection to `server`, as its listener does
    /// for each one it accepts: for a harness that makes its own channels (the fuzzer's
    /// `EmbeddedChannel`s), since the handlers themselves are internal.
    public func addHandlers(to channel: any Channel, server: ChatServer) throws {
        try self.addHandlers(channel, server)
    }

    /// The assignment's protocol in plain TCP: framed messages and plain lines, told apart
    /// per connection (port 5050).
    public static func assignment(host: String, port: Int) -> Door {
        Door(
            name: "assignment", host: host, port: port, portOption: "--port", listeningMessage: "papod listening on",
            isSecure: false, connectionAllocator: ByteBufferAllocator()
        ) { channel, server in
            try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: server))
        }
    }

    /// The same protocol inside TLS 1.2 or 1.3 (port 5051).
    public static func assignmentTLS(host: String, port: Int, context: NIOSSLContext) -> Door {
        Door(
            name: "TLS", host: host, port: port, portOption: "--tls-port", listeningMessage: "papod listening for TLS on",
            // NIOSSL's per-connection buffers, mapped so that idle connections hold few pages.
            isSecure: true, connectionAllocator: MappedBufferAllocator.allocator
        ) { channel, server in
            // The buffers NIOSSL allocates as it is added are this connection's, to release while
            // it is quiet.
            let mappings = try MappedBufferAllocator.claimingMappings {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            }
            let frameDeadline = server.configuration.connectionLimits.frameDeadline
            if frameDeadline > 0 {
                // The handshake counts against the frame deadline. After the TLS handler, which
                // announces the handshake's end to the handlers behind it.
                try channel.pipeline.syncOperations.addHandler(
                    ArrivalDeadlineHandler(server: server, rule: .handshake, deadline: frameDeadline))
            }
            try channel.pipeline.syncOperations.addHandler(
                ConnectionHandler(server: server, quietPages: QuietPages(mappings)))
        }
    }
}
