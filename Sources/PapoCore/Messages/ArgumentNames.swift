/// The names of command arguments as usages show them, per language: `/entrar SALA`.
enum ArgumentNames {
    static let portuguese: [String: String] = [
        "NICK": "APELIDO", "ROOM": "SALA", "TEXT": "TEXTO", "REASON": "MOTIVO", "DURATION": "DURAÇÃO",
        "SECONDS": "SEGUNDOS", "MINUTES": "MINUTOS", "NAME": "NOME", "ACTION": "AÇÃO", "COMMAND": "COMANDO",
        "PASSWORD": "SENHA", "MESSAGE": "MENSAGEM", "LANGUAGE": "IDIOMA", "TARGET": "ALVO", "CLIENT": "CLIENTE",
        "LEVEL": "NÍVEL", "OPTIONS": "OPÇÕES",
    ]

    static func name(_ name: String, in language: Language) -> String {
        language == .portuguese ? Self.portuguese[name] ?? name : name
    }
}
