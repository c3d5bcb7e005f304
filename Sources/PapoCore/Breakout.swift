import Foundation

/// A running split of one room into `#breakout-1` … `#breakout-N`.
public struct Breakout: Sendable, Equatable, Codable {
    public let origin: RoomName
    public let rooms: [RoomName]
    public let startedBy: String
    /// Nil: open-ended, until `/gather`.
    public let endsAt: Date?
    /// Whether the one-minute warning has gone out.
    var hasWarned: Bool

    static func roomName(_ number: Int) -> RoomName {
        // "#breakout-N" is always a valid room name.
        (try? RoomName("#breakout-\(number)")) ?? .lobby
    }
}

/// An address that used up its `/login` attempts, and until when it must wait.
struct LoginLockout: Sendable, Codable {
    var strikes: Int
    var until: Date
}
