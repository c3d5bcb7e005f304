/// A command line papo cannot run, with a one-line reason.
public struct ClientOptionsError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }
}
