import Foundation
import PapoCore

/// One entry of the cluster's log as a node applies it: the input, who logged it, and when.
public struct LoggedChatInput: Sendable, Equatable {
    /// Its place in the log (1, 2, 3… with no gaps).
    public var sequence: Int64
    /// The log's time for it: the database's clock, never going back along the log.
    public var time: Date
    /// The node that logged it: only that node writes its records and answers its operator.
    public var author: NodeNumber
    public var input: ChatInput

    public init(sequence: Int64, time: Date, author: NodeNumber, input: ChatInput) {
        self.sequence = sequence
        self.time = time
        self.author = author
        self.input = input
    }

    /// What the log's row carries: the author's number and the input, in the form
    /// `LoggedChatInput+Payload` describes (compact for chat lines and heartbeats, else JSON).
    public static func payload(of input: ChatInput, by author: NodeNumber) throws -> Data {
        if let compact = Self.compactPayload(of: input, by: author) { return compact }
        return try JSONEncoder().encode(JSONPayload(author: author, input: input))
    }

    /// Reads a row back; a row that does not decode is an error, never a crash.
    public init(sequence: Int64, time: Date, payload: Data) throws {
        let decoded = try Self.decodePayload(payload)
        self.init(sequence: sequence, time: time, author: decoded.author, input: decoded.input)
    }
}
