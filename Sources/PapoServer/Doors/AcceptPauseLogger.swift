#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore

/// Says when a door stops accepting for lack of descriptors or memory, and when it accepts
/// again; `AcceptBackoffHandler`, in front of it, does the pausing and forwards the error.
final class AcceptPauseLogger: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    /// How long accepting pauses after such an error: short, since clients wait in the backlog.
    static let pause = TimeAmount.milliseconds(100)

    private let logger: Logger
    private let doorName: String
    private var isPaused = false

    init(logger: Logger, doorName: String) {
        self.logger = logger
        self.doorName = doorName
    }

    /// The back-off for `AcceptBackoffHandler`: a pause for the errors that pass, none otherwise.
    static func backoff(_ error: IOError) -> TimeAmount? {
        switch error.errnoCode {
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return Self.pause
        default: return nil
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if self.isPaused {
            self.isPaused = false
            self.logger.notice("accepting connections again", metadata: ["door.name": "\(self.doorName)"])
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let ioError = error as? IOError, Self.backoff(ioError) != nil else {
            self.logger.debug("accept failed", metadata: ["door.name": "\(self.doorName)", "error": "\(error)"])
            return
        }
        if !self.isPaused {
            self.isPaused = true
            self.logger.warning(
                "cannot accept connections: \(String(cString: strerror(ioError.errnoCode))); retrying",
                metadata: ["door.name": "\(self.doorName)", "errno": "\(ioError.errnoCode)"])
        }
    }
}

@available(*, unavailable)
extension AcceptPauseLogger: Sendable {}
