import Foundation

/// Where papod keeps what outlives it. The chat hands records over with a cheap `enqueue`
/// (under its lock, so they stay in order); the store writes them later, on its own thread.
/// Operator queries (`export`, `attendance`) read it without the chat lock.
public protocol ChatStore: Sendable {
    func enqueue(_ records: [StoreRecord])
    func fetch(_ query: StoreQuery) async throws -> StoreQueryResult
    /// How the writer is doing, for metrics.
    var statistics: StoreStatistics { get }
}

/// A store's writer, as metrics report it.
public struct StoreStatistics: Sendable, Equatable {
    /// Records waiting to be written.
    public var queued = 0
    /// Batches written, and the seconds their transactions took in all.
    public var batchesWritten = 0
    public var writeSeconds = 0.0
    public var failedWrites = 0

    public init(queued: Int = 0, batchesWritten: Int = 0, writeSeconds: Double = 0, failedWrites: Int = 0) {
        self.queued = queued
        self.batchesWritten = batchesWritten
        self.writeSeconds = writeSeconds
        self.failedWrites = failedWrites
    }
}

/// A read of the store for an operator command.
public enum StoreQuery: Sendable, Equatable {
    /// A room's transcript rows, `since` inclusive, `until` exclusive, oldest first.
    case transcript(roomKey: String, since: Date?, until: Date?)
    /// Presence events (of one room, or all) and the messages each connection sent since `since`.
    case attendance(roomKey: String?, since: Date?)
}

public enum StoreQueryResult: Sendable, Equatable {
    case transcript([TranscriptLine])
    /// `messages` counts chat and action lines by connection; `currentRun` names this run.
    case attendance(events: [Attendance.Event], messages: [String: Int], currentRun: String)
}

/// A command that reads the store: the chat checks its arguments under the lock, the
/// transport runs the query after the lock, and `finish` turns the rows into the result.
public enum OperatorQuery: Sendable, Equatable {
    case export(roomKey: String, room: String, since: Date?, until: Date?, format: TranscriptExport.Format)
    case attendance(roomKey: String?, room: String?, since: Date?)

    public var storeQuery: StoreQuery {
        switch self {
        case .export(let roomKey, _, let since, let until, _): return .transcript(roomKey: roomKey, since: since, until: until)
        case .attendance(let roomKey, _, let since): return .attendance(roomKey: roomKey, since: since)
        }
    }

    /// The operator's result once the store answered.
    public func finish(
        _ answer: StoreQueryResult, now: Date, timeZone: TimeZone, language: Language = .english
    ) -> OperatorResult {
        switch (self, answer) {
        case (.export(_, let room, _, _, let format), .transcript(let lines)):
            var result = OperatorResult(
                isSuccess: true,
                lines: [Message(.exported, ["count": .count(lines.count), "room": "\(room)"]).rendered(in: language)],
                data: .object(["room": .string(room), "lines": .int(lines.count), "format": .string(format.rawValue)]))
            result.output = TranscriptExport.render(lines, as: format, timeZone: timeZone)
            return result
        case (.attendance(let roomKey, let room, let since), .attendance(let events, let messages, let currentRun)):
            let rows = Attendance.compute(
                events: events, messages: messages, roomKey: roomKey, since: since, now: now, currentRun: currentRun)
            var arguments: [String: MessageValue] = ["count": .count(rows.count)]
            if let room { arguments["room"] = .text(room) }
            if let since { arguments["since"] = .timestamp(since) }
            let heading: MessageID =
                switch (room, since) {
                case (nil, nil): .attendanceHeading
                case (_?, nil): .attendanceHeadingInRoom
                case (nil, _?): .attendanceHeadingSince
                case (_?, _?): .attendanceHeadingInRoomSince
                }
            var lines = [Message(heading, arguments).rendered(in: language)]
            lines += rows.map { "  " + Attendance.render($0, in: language) }
            return OperatorResult(isSuccess: true, lines: lines, data: .array(rows.map(Attendance.json)))
        default:
            return OperatorResult(
                isSuccess: false, lines: [], error: Message(.storeAnsweredAnother).rendered(in: language))
        }
    }
}
