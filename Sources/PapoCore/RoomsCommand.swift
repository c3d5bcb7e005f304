import Foundation

/// `/rooms` for users and `rooms` for the operator: every room, with its member count, modes
/// and topic. A browser also gets the list as data for its room list; the operator, for
/// `--json`.
enum RoomsCommand {
    static let spec = CommandSpec(
        name: "rooms", portugueseNames: ["salas"], scopes: [.user, .operator],
        summary: "help.rooms", handler: rooms)

    static func rooms(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let rooms = state.rooms.values.sorted { $0.name.key < $1.name.key }
        state.respond(to: invocation.actor, .notice(.roomCount, ["count": .count(rooms.count)]))
        for room in rooms {
            var modes: [MessageValue] = []
            if room.isQuiet { modes.append(.message(Message(.roomModeQuiet))) }
            if room.slowSeconds > 0 { modes.append(.message(Message(.roomModeSlow, ["seconds": .count(room.slowSeconds)]))) }
            var arguments: [String: MessageValue] = [
                "room": "\(room.name)", "count": .count(room.members.count),
                "topic": "\(room.topic.map { ": \($0.text)" } ?? "")",
            ]
            if !modes.isEmpty { arguments["modes"] = .list(modes) }
            state.respond(to: invocation.actor, .notice(modes.isEmpty ? .roomRow : .roomRowModes, arguments))
        }
        switch invocation.actor {
        case .client(let id):
            let list = rooms.map { RoomSummary(name: $0.name.name, members: $0.members.count, topic: $0.topic?.text) }
            state.reply(id, .update(.rooms(list)))
        case .operator:
            state.answerOperator(
                data: .array(
                    rooms.map { room in
                        .object([
                            "name": .string(room.name.name), "members": .int(room.members.count),
                            "topic": .optional(room.topic?.text), "quiet": .bool(room.isQuiet),
                            "slowSeconds": .int(room.slowSeconds), "hands": .int(room.hands.count),
                        ])
                    }))
        }
    }
}
