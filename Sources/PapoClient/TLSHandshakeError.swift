import NIOSSL

/// A TLS handshake that failed for another reason than a refused certificate, told in a way
/// that points at the usual cause: a port that does not speak TLS.
public struct TLSHandshakeError: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    /// Wraps what NIOSSL or the channel reported.
    init(wrapping error: any Error) {
        switch error {
        case NIOSSLError.handshakeFailed(let inner):
            self.reason = "\(inner)"
        case let error as TLSHandshakeError:
            self = error
        default:
            self.reason = "\(error)"
        }
    }

    public var description: String {
        "the TLS handshake failed (\(self.reason)); is this papod's TLS port?"
    }
}
