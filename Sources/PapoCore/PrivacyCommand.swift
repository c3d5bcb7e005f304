import Foundation

/// `/privacy open|teacher|off` (moderators, and the operator as `privacy`): the server's
/// private-message policy. Every door's private messages go through `/msg`'s handler (IRC's
/// PRIVMSG and NOTICE to a nick, the web page's private tabs), so the policy has no way round.
enum PrivacyCommand {
    static let spec = CommandSpec(
        name: "privacy", portugueseNames: ["privacidade"], scopes: [.user, .operator], requiredRole: .moderator,
        arguments: [.choice(PrivacyPolicy.allCases.map(\.rawValue), optional: true)],
        summary: "help.privacy", details: [Message("help.privacy.1")], handler: privacy)

    static func privacy(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        guard let chosen = invocation.optional(0).flatMap(PrivacyPolicy.init(rawValue:)) else {
            state.respond(to: invocation.actor, .notice(.privacyIs, ["policy": .message(Message(state.privacy.explanation))]))
            return
        }
        guard chosen != state.privacy else {
            throw CommandError(.privacyAlready, ["policy": .message(Message(chosen.explanation))])
        }
        state.privacy = chosen
        state.store(.serverSetting(key: PrivacyPolicy.settingKey, value: chosen.rawValue))
        state.tellEveryone(
            .notice(.privacyChanged, ["actor": "\(state.name(of: invocation.actor))", "policy": .message(Message(chosen.explanation))]))
        if case .operator = invocation.actor {
            state.respond(to: invocation.actor, .notice(.privacyIs, ["policy": .message(Message(chosen.explanation))]))
        }
        state.recordAudit("privacy", by: invocation.actor, target: chosen.rawValue, at: invocation.now)
    }
}
