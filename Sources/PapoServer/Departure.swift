#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import PapoCore

/// Why the transport ends a connection, when it knows better than "connection closed": what
/// the client's room is told, on every door.
enum Departure: String {
    case sendQueueExceeded = "send queue exceeded"
    case reset = "connection reset"
    case error = "connection error"
    case pingTimeout = "ping timeout"

    /// What the client's room is told, in each reader's language.
    var message: Message {
        switch self {
        case .sendQueueExceeded: return Message(.reasonSendQueueExceeded)
        case .reset: return Message(.reasonConnectionReset)
        case .error: return Message(.reasonConnectionError)
        case .pingTimeout: return Message(.reasonPingTimeout)
        }
    }

    /// After an I/O error: a reset by the peer, or anything else.
    init(after error: any Error) {
        if let ioError = error as? IOError, ioError.errnoCode == ECONNRESET {
            self = .reset
        } else {
            self = .error
        }
    }

    /// Past the send queue's high-water mark (a writability change to not writable) the client
    /// is not reading: it is closed as a slow consumer rather than let papod's memory grow.
    static func slowConsumer(_ channel: any Channel, limits: ConnectionLimits) -> Departure? {
        !channel.isWritable && limits.sendQueueBytes > 0 ? .sendQueueExceeded : nil
    }
}
