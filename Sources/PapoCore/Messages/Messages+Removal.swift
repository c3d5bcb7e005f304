/// What removing a line says (`/ids`, `/delete`).
extension MessageID {
    public static let lineNumbersOn = MessageID("removal.numbers-on")
    public static let lineNumbersOff = MessageID("removal.numbers-off")
    public static let lineNumberingOn = MessageID("removal.numbering-on")
    public static let lineNumberingOff = MessageID("removal.numbering-off")
    static let noSuchLine = MessageID("removal.no-such-line")
    static let lineAlreadyRemoved = MessageID("removal.already-removed")
    static let lineInOtherRoom = MessageID("removal.other-room")
    static let lineTombstone = MessageID("removal.tombstone")
    static let lineTombstoneBecause = MessageID("removal.tombstone-because")
    public static let lineRemoved = MessageID("removal.removed")
    public static let lineRemovedBecause = MessageID("removal.removed-because")
    static let historyCleared = MessageID("removal.history-cleared")
    static let clearOnlyYourRoom = MessageID("removal.clear-only-your-room")
    static let historyClearedTombstone = MessageID("removal.history-cleared-tombstone")
    static let historyClearedConfirmation = MessageID("removal.history-cleared-confirmation")
    public static let consoleConfirmClear = MessageID("removal.console-confirm-clear")
    public static let consoleNotCleared = MessageID("removal.console-not-cleared")
}

extension MessageCatalogue {
    static let removal: [MessageID: Translations] = [
        .lineNumbersOn: Translations(
            en: "chat lines now show their numbers ([#42]); /delete N removes one",
            pt: "as linhas do chat agora mostram seus números ([#42]); /delete N apaga uma"),
        .lineNumbersOff: Translations(en: "chat lines no longer show their numbers", pt: "as linhas do chat não mostram mais seus números"),
        .lineNumberingOn: Translations(
            en: "chat lines you are sent now carry their numbers ([#42])",
            pt: "as linhas do chat que você recebe agora trazem seus números ([#42])"),
        .lineNumberingOff: Translations(
            en: "chat lines you are sent no longer carry their numbers",
            pt: "as linhas do chat que você recebe não trazem mais seus números"),
        .noSuchLine: Translations(
            en: "{text} is not the number of a line (/ids on shows them)",
            pt: "{text} não é o número de uma linha (/ids on mostra os números)"),
        .lineAlreadyRemoved: Translations(en: "line #{number} is removed already", pt: "a linha #{number} já foi apagada"),
        .lineInOtherRoom: Translations(
            en: "line #{number} was said in {room}; remove it from there",
            pt: "a linha #{number} foi dita em {room}; apague-a de lá"),
        .lineTombstone: Translations(en: "removed by {nick} at {time}", pt: "apagada por {nick} em {time}"),
        .lineTombstoneBecause: Translations(
            en: "removed by {nick} at {time}: {reason}", pt: "apagada por {nick} em {time}: {reason}"),
        .lineRemoved: Translations(
            en: "{nick} removed a message (#{number})", pt: "{nick} apagou uma mensagem (#{number})"),
        .lineRemovedBecause: Translations(
            en: "{nick} removed a message (#{number}): {reason}", pt: "{nick} apagou uma mensagem (#{number}): {reason}"),
        .historyCleared: Translations(
            en: "{nick} cleared the history of {room}: replay and export start afresh",
            pt: "{nick} limpou o histórico de {room}: o histórico e a exportação começam do zero"),
        .clearOnlyYourRoom: Translations(
            en: "/clear clears the room you are in ({room}); go there to clear another",
            pt: "/clear limpa a sala em que você está ({room}); vá para a outra sala para limpá-la"),
        .historyClearedTombstone: Translations(
            en: "history cleared by {nick} at {time}", pt: "histórico limpo por {nick} em {time}"),
        .historyClearedConfirmation: Translations(en: "history of {room} cleared", pt: "histórico de {room} limpo"),
        .consoleConfirmClear: Translations(
            en: "Remove the whole history of {room} from replay and export? [y/N] ",
            pt: "Apagar todo o histórico de {room} do histórico e da exportação? [s/N] "),
        .consoleNotCleared: Translations(en: "nothing was cleared", pt: "nada foi apagado"),
        "help.clear": Translations(
            en: "Remove this room's whole history from replay and export, leaving one tombstone",
            pt: "Apaga todo o histórico desta sala do histórico e da exportação, deixando um registro disso"),
        "help.ids": Translations(
            en: "Show chat lines with their numbers ([#42]), for /delete", pt: "Mostra as linhas do chat com seus números ([#42]), para /delete"),
        "help.numbering": Translations(
            en: "Send me every chat line with its number ([#42]), for clients that strike out removed lines",
            pt: "Envia cada linha do chat com seu número ([#42]), para clientes que riscam as linhas apagadas"),
        "help.delete": Translations(
            en: "Remove line N of this room: the room is told, replay and export no longer show it",
            pt: "Apaga a linha N desta sala: a sala fica sabendo, e o histórico e a exportação não a mostram mais"),
        "help.delete.1": Translations(
            en: "The transcript keeps who removed it, when and why instead of its text",
            pt: "O registro guarda quem a apagou, quando e por quê, no lugar do texto"),
    ]
}
