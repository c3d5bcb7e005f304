import Foundation

extension IRCMessage {
    /// The id of the history batch: a connection has one open at a time, on joining a room.
    static let historyBatchID = "history"

    /// `BATCH +history chathistory #room` or `BATCH -history`, around history on joining.
    static func historyBatch(start: Bool, room: String, server: String) -> IRCMessage {
        start
            ? IRCMessage(command: "BATCH", parameters: ["+\(Self.historyBatchID)", "chathistory", room], source: server)
            : IRCMessage(command: "BATCH", parameters: ["-\(Self.historyBatchID)"], source: server)
    }

    /// The message with `@time=` first among its tags (server-time).
    public func timed(_ time: String) -> IRCMessage {
        var message = self
        message.tags.insert(IRCTag(key: "time", value: time), at: 0)
        return message
    }

    /// The message with `tags` after its own.
    public func adding(_ tags: [IRCTag]) -> IRCMessage {
        var message = self
        message.tags += tags
        return message
    }

    /// A time as server-time writes it: UTC, to the millisecond (`2026-12-05T14:03:00.000Z`).
    public static func serverTime(_ date: Date) -> String {
        date.formatted(Self.serverTimeStyle)
    }

    private static let serverTimeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
