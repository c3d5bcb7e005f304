/// `/lang [pt-BR|en]`: shows or changes the language papod speaks to you. Lines others see
/// are unaffected: each reader gets every line in their own language.
enum LanguageCommand {
    static let spec = CommandSpec(
        name: "lang", aliases: ["language"], portugueseNames: ["idioma", "língua", "lingua"], scopes: [.user],
        arguments: [.word("LANGUAGE", optional: true)],
        summary: "help.lang", handler: lang)

    static func lang(_ state: inout ChatState, _ invocation: Invocation) throws(CommandError) {
        let client = try state.caller(invocation)
        guard let tag = invocation.optional(0) else {
            let other: Language = client.language == .english ? .portuguese : .english
            state.reply(
                client.id,
                .notice(
                    .languageIs,
                    [
                        "language": .message(client.language.nameMessage), "tag": "\(client.language.rawValue)",
                        "other": "\(other.rawValue)", "otherName": .message(other.nameMessage),
                    ]))
            return
        }
        guard let language = Language(tag: tag) else {
            throw CommandError(
                .unknownLanguage,
                [
                    "given": "\(TextSanitizer.preview(tag, limit: 20))",
                    "choices": .alternatives(Language.allCases.map(\.rawValue)),
                ])
        }
        state.setLanguage(language, of: client.id)
        state.reply(client.id, .update(.language(language.rawValue)))
        state.reply(client.id, .notice(.languageChanged, ["language": .message(language.nameMessage)]))
    }
}

extension Language {
    /// The language's name, to be read in the reader's language.
    var nameMessage: Message {
        Message(self == .english ? .languageEnglish : .languagePortuguese)
    }
}
