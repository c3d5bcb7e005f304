/// Who may send private messages (`/privacy`): one policy for the whole server, kept in the store.
public enum PrivacyPolicy: String, Sendable, CaseIterable, Codable {
    /// Anyone to anyone.
    case open
    /// A student only to moderators; moderators to anyone.
    case teacher
    /// Only moderators send private messages.
    case off

    /// The store's key for the policy among the server's settings.
    static let settingKey = "privacy"

    /// What the policy means, as `/privacy` and `/help msg` say it.
    var explanation: MessageID {
        switch self {
        case .open: return .privacyOpen
        case .teacher: return .privacyTeacher
        case .off: return .privacyOff
        }
    }

    /// Whether `sender` may send `recipient` a private message under this policy; nil if so,
    /// else why not.
    func refusal(from sender: ClientRecord, to recipient: ClientRecord) -> Message? {
        guard sender.role < .moderator else { return nil }
        switch self {
        case .open: return nil
        case .teacher:
            return recipient.role == .moderator ? nil : Message(.privateOnlyToModerators, ["nick": "\(recipient.nick)"])
        case .off: return Message(.privateMessagesOff)
        }
    }
}
