/// What one operator command produced: its lines, structured data for `--json`, and whether
/// it succeeded.
public struct OperatorResult: Sendable, Equatable {
    public var isSuccess: Bool
    public var lines: [String]
    public var data: JSONValue?
    /// The error message when it failed.
    public var error: String?
    /// A document the command produced (an export), written to stdout or `--output FILE`.
    public var output: String?
    /// A read of the store still to run, after the chat lock (`export`, `attendance`).
    public var query: OperatorQuery?

    public init(isSuccess: Bool, lines: [String], data: JSONValue? = nil, error: String? = nil) {
        self.isSuccess = isSuccess
        self.lines = lines
        self.data = data
        self.error = error
    }
}
