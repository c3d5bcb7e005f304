/// What a client may do. Ordered: a moderator may do everything a user may.
public enum Role: Int, Comparable, Sendable, CaseIterable, Codable {
    case user
    case moderator

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}
