import Foundation

@testable import PapoCore

extension ChatState {
    /// A class whose rooms are recorded, times in UTC: each of `people` connects (from
    /// 10.0.0.ID) and takes its nick, and the first logs in as the moderator (password `segredo`).
    static func recordedClassroom(_ people: [(ClientID, String)], at start: Date) -> ChatState {
        var state = ChatState(
            configuration: ChatConfiguration(
                moderatorPassword: "segredo", recording: RecordingSettings(), timeZone: TimeZone(identifier: "UTC")!),
            random: RandomSource(seed: 7))
        for (id, nick) in people {
            _ = state.connect(id, address: "10.0.0.\(id.rawValue)", at: start)
            _ = state.receive(.line("/nick \(nick)", .lf), from: id, at: start)
        }
        if let teacher = people.first?.0 {
            _ = state.receive(.line("/login segredo", .lf), from: teacher, at: start)
        }
        return state
    }
}

/// The cast of the classroom feature tests: a teacher (mestre) and three students in a
/// recorded #lobby.
protocol ClassOfFour {}

extension ClassOfFour {
    static var start: Date { Date(timeIntervalSince1970: 1_800_000_000) }
    var teacher: ClientID { ClientID(1) }
    var ana: ClientID { ClientID(2) }
    var bia: ClientID { ClientID(3) }
    var caio: ClientID { ClientID(4) }

    func classroom() -> ChatState {
        ChatState.recordedClassroom(
            [(self.teacher, "mestre"), (self.ana, "ana"), (self.bia, "bia"), (self.caio, "caio")], at: Self.start)
    }
}
