/// A language papod speaks. English is the fallback for anything a translation lacks.
public enum Language: String, Sendable, CaseIterable, Codable {
    case english = "en"
    case portuguese = "pt-BR"

    /// A language from a tag or a Unix locale: `pt-BR`, `pt`, `pt_BR.UTF-8`, `pt_PT` (any `pt…`
    /// speaks Brazilian Portuguese, the only Portuguese papod has), `en`, `en_US.UTF-8`. Nil for
    /// anything else, `C` and `POSIX` included.
    public init?(tag: String) {
        let primary = tag.prefix { $0.isLetter }.lowercased()
        switch primary {
        case "pt": self = .portuguese
        case "en": self = .english
        default: return nil
        }
    }

    /// The language a Unix program's locale asks for: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty decides, as in POSIX; `pt…` gives Portuguese and
    /// anything else (or nothing) English.
    public static func fromLocale(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return Language(tag: value) == .portuguese ? .portuguese : .english
        }
        return .english
    }

    /// The language a locale names, for a client to ask the server for: nil when no locale
    /// is set or it is `C` or `POSIX` (the server's default then), else as `fromLocale`.
    public static func requestedByLocale(_ environment: [String: String]) -> Language? {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let primary = value.prefix { $0.isLetter }
            return primary == "C" || primary == "POSIX" ? nil : Language.fromLocale(environment)
        }
        return nil
    }
}
