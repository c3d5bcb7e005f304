/// A command that cannot be carried out. Its message becomes one `-!- error:` line; the
/// connection stays open.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }

    static func usage(_ problem: String, _ spec: CommandSpec, scope: CommandScope) -> CommandError {
        CommandError("\(problem). Usage: \(spec.usage(for: scope))")
    }

    static func noSuchNick(_ name: String) -> CommandError {
        CommandError("no such nick: \(TextSanitizer.preview(name, limit: 30))")
    }
}
