import Foundation

/// `/rooms` for users and `rooms` for the operator: every room, with its member count, modes
/// and topic. A browser also gets the list as data for its room list; the operator, for
/// `--json`.
enum RoomsCommand {
    static let spec = CommandSpec(
        name: "rooms", scopes: [.user, .operator],
        summary: "help.rooms", handler: rooms)

    static func rooms(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let rooms = state.rooms.values.sorted { $0.name.key < $1.name.key }
        state.respond(to: invocation.actor, .notice("\(rooms.count) \(rooms.count == 1 ? "room" : "rooms"):"))
        for room in rooms {
            let count = room.members.count
            var modes: [String] = []
            if room.isQuiet { modes.append("quiet") }
            if room.slowSeconds > 0 { modes.append("slow \(room.slowSeconds)s") }
            let modeText = modes.isEmpty ? "" : " [\(modes.joined(separator: ", "))]"
            let topic = room.topic.map { ": \($0.text)" } ?? ""
            state.respond(to: invocation.actor, .notice("  \(room.name) (\(count) \(count == 1 ? "member" : "members"))\(modeText)\(topic)"))
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
