/// What the command layer says before any command runs: parsing, permissions, lookups, and the
/// errors of names and framing that commands and doors share.
extension MessageID {
    static let usageProblem = MessageID("command.usage-problem")
    static let helpCommandName = MessageID("command.help-name")
    static let emptyCommand = MessageID("command.empty")
    static let unknownCommand = MessageID("command.unknown")
    static let missingArgument = MessageID("command.missing-argument")
    static let notADuration = MessageID("command.not-a-duration")
    static let mustBeOneOf = MessageID("command.must-be-one-of")
    static let tooManyArguments = MessageID("command.too-many-arguments")
    static let needsModeratorRights = MessageID("command.needs-moderator-rights")
    static let needsConnectedClient = MessageID("command.needs-connected-client")
    static let noSuchNick = MessageID("command.no-such-nick")

    static let nickEmpty = MessageID("name.nick-empty")
    static let nickTooLong = MessageID("name.nick-too-long")
    static let nickInvalidCharacter = MessageID("name.nick-invalid-character")
    static let roomNameEmpty = MessageID("name.room-empty")
    static let roomNameTooLong = MessageID("name.room-too-long")
    static let roomNameInvalidCharacter = MessageID("name.room-invalid-character")
    static let roomNameMissingHash = MessageID("name.room-missing-hash")
    static let nameReserved = MessageID("name.reserved")

    static let invalidFrameHeader = MessageID("framing.invalid-header")
    static let emptyFrameHeader = MessageID("framing.empty-header")
    static let frameTooLarge = MessageID("framing.frame-too-large")
    static let lineTooLong = MessageID("framing.line-too-long")
}

extension MessageCatalogue {
    static let commands: [MessageID: Translations] = [
        .usageProblem: Translations(en: "{problem}. Usage: {usage}", pt: "{problem}. Uso: {usage}"),
        // `/help` to users, `help` to the operator, as the hint to type it.
        .helpCommandName: Translations(en: "{prefix}help", pt: "{prefix}ajuda"),
        .emptyCommand: Translations(
            en: "empty command. Type {help} for the list", pt: "comando vazio. Digite {help} para ver a lista"),
        .unknownCommand: Translations(
            en: "unknown command {command}. Type {help} for the list",
            pt: "comando desconhecido {command}. Digite {help} para ver a lista"),
        .missingArgument: Translations(en: "missing {argument}", pt: "falta {argument}"),
        .notADuration: Translations(
            en: "{word} is not a duration such as 30s, 10m, 2h or 1d",
            pt: "{word} não é uma duração como 30s, 10m, 2h ou 1d"),
        .mustBeOneOf: Translations(en: "{argument} must be {choices}", pt: "{argument} deve ser {choices}"),
        .tooManyArguments: Translations(en: "too many arguments", pt: "argumentos demais"),
        .needsModeratorRights: Translations(
            en: "{command} needs moderator rights", pt: "{command} exige ser moderador"),
        .needsConnectedClient: Translations(
            en: "{usage} needs a connected client", pt: "{usage} precisa de um cliente conectado"),
        .noSuchNick: Translations(en: "no such nick: {nick}", pt: "não há ninguém com o apelido {nick}"),

        .nickEmpty: Translations(en: "a nick cannot be empty", pt: "um apelido não pode ser vazio"),
        .nickTooLong: Translations(
            en: "a nick has at most {limit} characters", pt: "um apelido tem no máximo {limit} caracteres"),
        .nickInvalidCharacter: Translations(
            en: "a nick may only hold letters, digits, _ and - (not {character})",
            pt: "um apelido só pode ter letras, dígitos, _ e - (não {character})"),
        .roomNameEmpty: Translations(en: "a room name cannot be empty", pt: "um nome de sala não pode ser vazio"),
        .roomNameTooLong: Translations(
            en: "a room name has at most {limit} characters", pt: "um nome de sala tem no máximo {limit} caracteres"),
        .roomNameInvalidCharacter: Translations(
            en: "a room name may only hold letters, digits, _ and - (not {character})",
            pt: "um nome de sala só pode ter letras, dígitos, _ e - (não {character})"),
        .roomNameMissingHash: Translations(
            en: "room names start with #, as in #{name}", pt: "nomes de sala começam com #, como em #{name}"),
        .nameReserved: Translations(en: "{name} is reserved", pt: "{name} é reservado"),

        .invalidFrameHeader: Translations(
            en: "invalid frame header \"{preview}\": expected the payload length in decimal, padded with spaces to 64 bytes",
            pt: "cabeçalho de quadro inválido \"{preview}\": era esperado o tamanho da mensagem em decimal, completado com espaços até 64 bytes"),
        .emptyFrameHeader: Translations(
            en: "empty frame header: expected the payload length in decimal, padded with spaces to 64 bytes",
            pt: "cabeçalho de quadro vazio: era esperado o tamanho da mensagem em decimal, completado com espaços até 64 bytes"),
        .frameTooLarge: Translations(
            en: "frame of {claimed} bytes exceeds the limit of {limit} bytes",
            pt: "quadro de {claimed} bytes passa do limite de {limit} bytes"),
        .lineTooLong: Translations(
            en: "line exceeds the limit of {limit} bytes", pt: "linha passa do limite de {limit} bytes"),
    ]
}

extension MessageValue {
    /// `/help` (or the operator's `help`) in the reader's language, as errors point to it.
    static func helpHint(_ prefix: String) -> MessageValue {
        .message(Message(.helpCommandName, ["prefix": .text(prefix)]))
    }
}
