// TRANSITIONAL: English built in a handler not yet moved to the catalogue. Removed once no
// caller is left.
extension MessageID {
    static let legacyText = MessageID("legacy.text")
}

extension MessageCatalogue {
    static let legacy: [MessageID: Translations] = [
        .legacyText: Translations(en: "{text}", pt: "{text}")
    ]
}

extension CommandError {
    init(_ english: String) {
        self.init(.legacyText, ["text": .text(english)])
    }
}

extension CommandError {
    static func usage(_ english: String, _ spec: CommandSpec, scope: CommandScope) -> CommandError {
        .usage(Message(.legacyText, ["text": .text(english)]), spec, scope: scope)
    }
}

extension ChatState {
    mutating func leave(_ id: ClientID, reason: String, goodbye: String) {
        self.leave(id, reason: .text(reason), goodbye: Message(.legacyText, ["text": .text(goodbye)]))
    }
}
