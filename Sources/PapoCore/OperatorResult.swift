/// What one operator command produced: its lines, structured data for `--json`, and whether
/// it succeeded.
public struct OperatorResult: Sendable, Equatable {
    public var isSuccess: Bool
    public var lines: [String]
    public var data: JSONValue?
    /// The error message when it failed.
    public var error: String?

    public init(isSuccess: Bool, lines: [String], data: JSONValue? = nil, error: String? = nil) {
        self.isSuccess = isSuccess
        self.lines = lines
        self.data = data
        self.error = error
    }
}
