import PapoCore

/// One request to papod's control socket: a JSON object on one line.
public struct ControlRequest: Codable, Sendable, Equatable {
    /// An operator command, typed bare: `kick bob too loud`.
    public var command: String?
    /// A completion query for the line being typed.
    public var complete: CompletionQuery?

    public init(command: String) {
        self.command = command
    }

    public init(complete: CompletionQuery) {
        self.complete = complete
    }
}

/// The words typed so far and the word being completed.
public struct CompletionQuery: Codable, Sendable, Equatable {
    public var wordsBefore: [String]
    public var partial: String

    public init(wordsBefore: [String], partial: String) {
        self.wordsBefore = wordsBefore
        self.partial = partial
    }
}

/// papod's answer: a JSON object on one line.
public struct ControlResponse: Codable, Sendable, Equatable {
    public var ok: Bool
    public var lines: [String]
    public var data: JSONValue?
    public var error: String?
    public var candidates: [String]?

    public init(ok: Bool, lines: [String] = [], data: JSONValue? = nil, error: String? = nil, candidates: [String]? = nil) {
        self.ok = ok
        self.lines = lines
        self.data = data
        self.error = error
        self.candidates = candidates
    }

    public init(_ result: OperatorResult) {
        self.init(ok: result.isSuccess, lines: result.lines, data: result.data, error: result.error)
    }
}
