import Foundation

/// Who was there, from the stored presence events: per connection, every nick it had, its
/// address, first join, last leave, time present and messages sent.
public enum Attendance {
    /// One presence event as the store keeps it. `connection` names a connection across
    /// restarts: `RUN/CLIENT`, where RUN tells papod's runs apart.
    public struct Event: Sendable, Equatable {
        public var time: Date
        public var connection: String
        public var roomKey: String
        public var nick: String
        public var address: String
        public var kind: PresenceEvent.Kind

        public init(
            time: Date, connection: String, roomKey: String, nick: String, address: String, kind: PresenceEvent.Kind
        ) {
            self.time = time
            self.connection = connection
            self.roomKey = roomKey
            self.nick = nick
            self.address = address
            self.kind = kind
        }
    }

    public struct Row: Sendable, Equatable {
        public var connection: String
        /// In the order taken; the last is the latest.
        public var nicks: [String]
        public var address: String
        public var firstJoin: Date
        /// Nil while the connection is still there.
        public var lastLeave: Date?
        public var present: TimeInterval
        public var messages: Int
    }

    /// The run part of a connection name.
    public static func run(of connection: String) -> Substring {
        connection.split(separator: "/", maxSplits: 1).first ?? Substring(connection)
    }

    /// Rows in order of first join. `events` are in time order; `messages` counts chat and
    /// actions per connection (already limited to the room and time asked for). A stay with no
    /// leave ends `now` for the current run, else at that run's last event (papod stopped
    /// without saying goodbye).
    public static func compute(
        events: [Event], messages: [String: Int], roomKey: String?, since: Date?, now: Date, currentRun: String
    ) -> [Row] {
        var lastOfRun: [Substring: Date] = [:]
        for event in events {
            let run = Self.run(of: event.connection)
            lastOfRun[run] = max(lastOfRun[run] ?? event.time, event.time)
        }
        var order: [String] = []
        var byConnection: [String: [Event]] = [:]
        for event in events where roomKey == nil || event.roomKey == roomKey {
            if byConnection[event.connection] == nil { order.append(event.connection) }
            byConnection[event.connection, default: []].append(event)
        }
        var rows: [Row] = []
        for connection in order {
            guard let connectionEvents = byConnection[connection], let first = connectionEvents.first else { continue }
            var nicks: [String] = []
            var openSince: Date?
            var stays: [(Date, Date)] = []
            var lastLeave: Date?
            for event in connectionEvents {
                if !nicks.contains(event.nick) { nicks.append(event.nick) }
                switch event.kind {
                case .join:
                    if openSince == nil { openSince = event.time }
                case .leave:
                    if let start = openSince {
                        stays.append((start, event.time))
                        openSince = nil
                    }
                    lastLeave = event.time
                case .rename:
                    if openSince == nil { openSince = event.time }
                }
            }
            if let start = openSince {
                let run = Self.run(of: connection)
                if run == currentRun {
                    stays.append((start, now))
                    lastLeave = nil
                } else {
                    let end = lastOfRun[run] ?? start
                    stays.append((start, end))
                    lastLeave = end
                }
            }
            let clipped = stays.compactMap { start, end -> (Date, Date)? in
                let from = since.map { max($0, start) } ?? start
                return end >= from ? (from, end) : nil
            }
            guard let firstStay = clipped.first else { continue }
            rows.append(
                Row(
                    connection: connection, nicks: nicks, address: first.address, firstJoin: firstStay.0,
                    lastLeave: lastLeave, present: clipped.reduce(0) { $0 + $1.1.timeIntervalSince($1.0) },
                    messages: messages[connection] ?? 0))
        }
        return rows.sorted { ($0.firstJoin, $0.connection) < ($1.firstJoin, $1.connection) }
    }

    /// The nick last taken first: `ana (also guest-3) 10.0.0.7: first join …, last leave …, present 58m 12s, 14 messages`
    public static func render(_ row: Row, in language: Language = .english) -> String {
        let also: MessageValue =
            row.nicks.count > 1
            ? .message(Message(.attendanceAlso, ["nicks": "\(row.nicks.dropLast().joined(separator: ", "))"])) : ""
        let leave = row.lastLeave.map { Message(.attendanceLastLeave, ["time": .timestamp($0)]) } ?? Message(.attendanceStillHere)
        return Message(
            .attendanceRow,
            [
                "nick": "\(row.nicks.last ?? "?")", "also": also, "address": "\(row.address)",
                "firstJoin": .timestamp(row.firstJoin), "leave": .message(leave), "present": .duration(row.present),
                "messages": .count(row.messages),
            ]
        ).rendered(in: language)
    }

    public static func json(_ row: Row) -> JSONValue {
        .object([
            "nick": .string(row.nicks.last ?? ""), "nicks": .array(row.nicks.map { .string($0) }),
            "address": .string(row.address), "firstJoin": .string(DurationText.iso8601(row.firstJoin)),
            "lastLeave": .optional(row.lastLeave.map(DurationText.iso8601)), "presentSeconds": .int(Int(row.present)),
            "messages": .int(row.messages),
        ])
    }
}
