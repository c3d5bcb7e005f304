/// An option that cannot be run, with a one-line reason naming the flag.
public struct LoadOptionsError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }
}
