import Foundation
import Testing

@testable import PapoCore

@Suite("MessageCatalogue")
struct MessageCatalogueTests {
    /// Arguments for every placeholder of `id`'s texts: counts for plurals (and for a
    /// name used both ways), words for the rest.
    static func sampleArguments(for id: MessageID, count: Int = 2) -> [String: MessageValue] {
        guard let entry = MessageCatalogue.entries[id] else { return [:] }
        var arguments: [String: MessageValue] = [:]
        for piece in MessageCatalogue.pieces(of: entry.english + (entry.portuguese ?? "")) {
            switch piece {
            case .literal: continue
            case .plural(let name, _): arguments[name] = .count(count)
            case .value(let name) where arguments[name] == nil: arguments[name] = .text("‹\(name)›")
            case .value: continue
            }
        }
        return arguments
    }

    static let ids = MessageCatalogue.entries.keys.sorted { $0.rawValue < $1.rawValue }

    @Test("No id is declared in two tables")
    func noDuplicates() {
        #expect(MessageCatalogue.duplicateIDs.isEmpty)
        #expect(MessageCatalogue.entries.count > 300)
    }

    @Test("Every message has its Brazilian Portuguese, with the same placeholders as the English", arguments: Self.ids)
    func everyMessageIsTranslated(id: MessageID) throws {
        let entry = try #require(MessageCatalogue.entries[id])
        let portuguese = try #require(entry.portuguese, "\(id) has no Portuguese")
        #expect(
            MessageCatalogue.placeholders(in: portuguese) == MessageCatalogue.placeholders(in: entry.english),
            "\(id): \(entry.english) / \(portuguese)")
        // A translation that is the English unchanged is a missed one, unless it holds no words.
        let words = entry.english.filter(\.isLetter)
        if words.count > 3, !Self.sameInBothLanguages.contains(id) {
            #expect(portuguese != entry.english, "\(id) is not translated: \(portuguese)")
        }
    }

    /// Texts that are only placeholders and symbols, or names, alike in both languages.
    static let sameInBothLanguages: Set<MessageID> = [
        .roomMembers, .helpUsage, .helpDetail, .helpRow, .auditRow, .auditRowTarget, .auditRowReason, .auditRowTargetReason,
        .handsRow, .breakoutRoomSize,
    ]

    @Test("Every message renders in both languages with all its arguments used, for one and for many", arguments: Self.ids)
    func everyMessageRenders(id: MessageID) {
        for language in Language.allCases {
            for count in [1, 2] {
                let message = Message(id, Self.sampleArguments(for: id, count: count))
                #expect(MessageCatalogue.problems(with: message, in: language).isEmpty)
                let text = message.rendered(in: language)
                #expect(!text.contains("{") && !text.contains("}"), "\(id) in \(language): \(text)")
                for case .text(let word) in message.arguments.values {
                    #expect(text.contains(word), "\(id) in \(language) drops \(word): \(text)")
                }
            }
        }
    }

    @Test("The check that guards rendering finds a missing argument, a missing count and an unused one")
    func problemsAreFound() {
        #expect(MessageCatalogue.problems(with: Message(.joined, ["nick": "ana", "room": "#a"]), in: .portuguese).isEmpty)
        #expect(
            MessageCatalogue.problems(with: Message(.joined, ["nick": "ana"]), in: .english) == [
                "{room} has no argument in chat.joined (en)"
            ])
        #expect(
            MessageCatalogue.problems(with: Message(.joined, ["nick": "ana", "room": "#a", "extra": "x"]), in: .english) == [
                "argument extra is not used by chat.joined (en)"
            ])
        #expect(
            MessageCatalogue.problems(with: Message(.youAreNowIn, ["room": "#a", "count": "three"]), in: .portuguese) == [
                "{count:…} needs a count in chat.you-are-now-in (pt-BR)"
            ])
        #expect(MessageCatalogue.problems(with: Message("no.such.id"), in: .english) == ["no text for no.such.id"])
    }

    @Test(
        "Plural forms follow each language's rule: Portuguese takes the singular for 0 and 1, English for 1 only",
        arguments: [
            (0, "you are now in #a (0 members)", "agora você está em #a (0 membro)"),
            (1, "you are now in #a (1 member)", "agora você está em #a (1 membro)"),
            (2, "you are now in #a (2 members)", "agora você está em #a (2 membros)"),
            (31, "you are now in #a (31 members)", "agora você está em #a (31 membros)"),
        ])
    func plurals(count: Int, english: String, portuguese: String) {
        let message = Message(.youAreNowIn, ["room": "#a", "count": .count(count)])
        #expect(message.rendered(in: .english) == english)
        #expect(message.rendered(in: .portuguese) == portuguese)
    }

    @Test("Dates, durations and numbers are written the Brazilian way in pt-BR and unchanged in English")
    func datesAndNumbers() {
        let date = Date(timeIntervalSince1970: 1_796_479_380)  // 2026-12-05 14:03:00 UTC
        #expect(MessageValue.timestamp(date).rendered(in: .portuguese) == "05/12/2026 14:03 UTC")
        #expect(MessageValue.timestamp(date).rendered(in: .english) == "2026-12-05 14:03:00 UTC")
        #expect(MessageValue.duration(9000).rendered(in: .portuguese) == "2 h 30 min")
        #expect(MessageValue.duration(9000).rendered(in: .english) == "2h 30m")
        #expect(MessageValue.duration(7200).rendered(in: .portuguese) == "2 h")
        #expect(MessageValue.duration(90_000).rendered(in: .portuguese) == "1 d 1 h")
        #expect(MessageValue.duration(45).rendered(in: .portuguese) == "45 s")
        #expect(MessageValue.number(2.5).rendered(in: .portuguese) == "2,5")
        #expect(MessageValue.number(2.5).rendered(in: .english) == "2.5")
        #expect(MessageValue.alternatives(["on", "off"]).rendered(in: .portuguese) == "on ou off")
        let muted = Message(.youAreMuted, ["until": .message(Message(.untilTime, ["time": .timestamp(date)])), "actor": "ana"])
        #expect(muted.rendered(in: .portuguese) == "você está silenciado até 05/12/2026 14:03 UTC (por ana)")
        #expect(muted.rendered(in: .english) == "you are muted until 2026-12-05 14:03:00 UTC (by ana)")
    }

    @Test("A translation may put the arguments in another order")
    func reordering() {
        let message = Message(.movedBy, ["nick": "bia", "room": "#b", "actor": "ana"])
        #expect(message.rendered(in: .english) == "bia was moved to #b by ana")
        #expect(message.rendered(in: .portuguese) == "ana levou bia para #b")
    }

    @Test(
        "Languages come from tags and Unix locales; anything not Portuguese is English",
        arguments: [
            (["LANG": "pt_BR.UTF-8"], Language.portuguese), (["LANG": "en_US.UTF-8"], .english), ([:], .english),
            (["LANG": "C.UTF-8"], .english), (["LC_ALL": "pt_PT", "LANG": "en_US"], .portuguese),
            (["LC_ALL": "", "LC_MESSAGES": "pt_BR", "LANG": "en_US"], .portuguese),
            (["LC_MESSAGES": "de_DE", "LANG": "pt_BR"], .english),
        ])
    func locales(environment: [String: String], language: Language) {
        #expect(Language.fromLocale(environment) == language)
    }

    @Test("Tags are read loosely", arguments: [("pt-BR", Language.portuguese), ("PT", .portuguese), ("pt_br", .portuguese), ("en", .english), ("EN-us", .english)])
    func tags(tag: String, language: Language) {
        #expect(Language(tag: tag) == language)
    }

    @Test("Tags papod does not speak are refused", arguments: ["", "de", "C", "português", "xx-pt"])
    func unknownTags(tag: String) {
        #expect(Language(tag: tag) == nil)
    }
}
