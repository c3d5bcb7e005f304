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
    /// A document the command produced (an export): papoctl writes it to stdout or `--output FILE`.
    public var output: String?
    /// True on every line of a response but its last: a long `output` comes in pieces, each
    /// line well under `ControlCodec.maxLineBytes`; the client joins them.
    public var more: Bool?

    public init(
        ok: Bool, lines: [String] = [], data: JSONValue? = nil, error: String? = nil, candidates: [String]? = nil,
        output: String? = nil, more: Bool? = nil
    ) {
        self.ok = ok
        self.lines = lines
        self.data = data
        self.error = error
        self.candidates = candidates
        self.output = output
        self.more = more
    }

    public init(_ result: OperatorResult) {
        self.init(ok: result.isSuccess, lines: result.lines, data: result.data, error: result.error, output: result.output)
    }

    /// The lines to send for this response: itself, or its output in pieces of at most
    /// `chunkBytes` UTF-8 bytes, the last piece carrying everything else. JSON at most doubles
    /// a piece (sanitised text has no control characters but tab), so each line stays well
    /// within `ControlCodec.maxLineBytes`.
    public func pieces(chunkBytes: Int = 128 * 1024) -> [ControlResponse] {
        guard let output = self.output, output.utf8.count > chunkBytes, chunkBytes >= 4 else { return [self] }
        let bytes = Array(output.utf8)
        var pieces: [ControlResponse] = []
        var start = 0
        while bytes.count - start > chunkBytes {
            // Cut before a UTF-8 continuation byte never: pieces stay valid UTF-8.
            var end = start + chunkBytes
            while end > start + 1 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            pieces.append(ControlResponse(ok: self.ok, output: String(decoding: bytes[start..<end], as: UTF8.self), more: true))
            start = end
        }
        var last = self
        last.output = String(decoding: bytes[start...], as: UTF8.self)
        last.more = nil
        pieces.append(last)
        return pieces
    }

    /// Joins a piece that came after this one.
    public mutating func append(_ next: ControlResponse) {
        self.output = (self.output ?? "") + (next.output ?? "")
        self.ok = next.ok
        self.lines += next.lines
        self.data = next.data ?? self.data
        self.error = next.error ?? self.error
        self.candidates = next.candidates ?? self.candidates
        self.more = next.more
    }
}
