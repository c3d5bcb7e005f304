/// What the chat itself says: arriving, joining and leaving rooms, names, flood control,
/// shutting down, and why someone left.
extension MessageID {
    public static let welcome = MessageID("chat.welcome")
    static let topicIs = MessageID("chat.topic-is")
    public static let joined = MessageID("chat.joined")
    public static let joinedMovedBy = MessageID("chat.joined-moved-by")
    public static let leftFor = MessageID("chat.left-for")
    public static let movedBy = MessageID("chat.moved-by")
    static let youWereMovedBy = MessageID("chat.you-were-moved-by")
    public static let youAreNowIn = MessageID("chat.you-are-now-in")
    public static let left = MessageID("chat.left")
    static let goodbye = MessageID("chat.goodbye")
    public static let youAreNowKnownAs = MessageID("chat.you-are-now-known-as")
    public static let isNowKnownAs = MessageID("chat.is-now-known-as")
    static let seedNickTaken = MessageID("chat.seed-nick-taken")
    static let seedNickBanned = MessageID("chat.seed-nick-banned")
    static let seedNickInvalid = MessageID("chat.seed-nick-invalid")
    static let sendingTooFast = MessageID("chat.sending-too-fast")
    static let disconnectedForFlooding = MessageID("chat.disconnected-for-flooding")
    static let shuttingDown = MessageID("chat.shutting-down")
    static let shuttingDownWithMessage = MessageID("chat.shutting-down-with-message")
    static let lostByCluster = MessageID("chat.lost-by-cluster")
    public static let bannedFromServer = MessageID("chat.banned-from-server")

    // Why someone left, as `{nick} left ({reason})` shows it.
    public static let reasonDisconnected = MessageID("reason.disconnected")
    public static let reasonConnectionClosed = MessageID("reason.connection-closed")
    public static let reasonConnectionReset = MessageID("reason.connection-reset")
    public static let reasonConnectionError = MessageID("reason.connection-error")
    public static let reasonSendQueueExceeded = MessageID("reason.send-queue-exceeded")
    public static let reasonProtocolError = MessageID("reason.protocol-error")
    public static let reasonIncompleteMessage = MessageID("reason.incomplete-message")
    public static let reasonSilent = MessageID("reason.silent")
    public static let reasonFlooding = MessageID("reason.flooding")
    public static let reasonServerShuttingDown = MessageID("reason.server-shutting-down")
    public static let reasonServerLost = MessageID("reason.server-lost")

    // What the transport tells a connection it drops.
    public static let closedAfterProtocolError = MessageID("transport.closed-after-protocol-error")
    public static let messageLeftUnfinished = MessageID("transport.message-left-unfinished")
    public static let nothingReceived = MessageID("transport.nothing-received")
    public static let refusedShuttingDown = MessageID("transport.refused-shutting-down")
    public static let refusedServerFull = MessageID("transport.refused-server-full")
    public static let refusedTooManyFromAddress = MessageID("transport.refused-too-many-from-address")
    public static let webSocketMalformed = MessageID("transport.websocket-malformed")
    public static let webSocketTooLarge = MessageID("transport.websocket-too-large")
    public static let webSocketReservedBits = MessageID("transport.websocket-reserved-bits")
    public static let webSocketUnmasked = MessageID("transport.websocket-unmasked")
    public static let webSocketReservedOpcode = MessageID("transport.websocket-reserved-opcode")
    public static let webSocketLongControlFrame = MessageID("transport.websocket-long-control-frame")
    public static let webSocketFragmentedControlFrame = MessageID("transport.websocket-fragmented-control-frame")
    public static let webSocketMessageInsideFragments = MessageID("transport.websocket-message-inside-fragments")
    public static let webSocketStrayContinuation = MessageID("transport.websocket-stray-continuation")
    public static let webSocketTooManyFragments = MessageID("transport.websocket-too-many-fragments")
    public static let webSocketBinary = MessageID("transport.websocket-binary")
    public static let webSocketNotUTF8 = MessageID("transport.websocket-not-utf8")
}

extension MessageCatalogue {
    static let chat: [MessageID: Translations] = [
        .welcome: Translations(
            en: "Welcome to {server}, {nick}! You are in #lobby. Type /help for commands.",
            pt: "Boas-vindas ao {server}, {nick}! Você está em #lobby. Digite /ajuda para ver os comandos."),
        .topicIs: Translations(en: "topic: {topic}", pt: "tema: {topic}"),
        .joined: Translations(en: "{nick} joined {room}", pt: "{nick} entrou em {room}"),
        .joinedMovedBy: Translations(
            en: "{nick} joined {room} (moved by {actor})", pt: "{nick} entrou em {room} (por ordem de {actor})"),
        .leftFor: Translations(en: "{nick} left for {room}", pt: "{nick} foi para {room}"),
        .movedBy: Translations(en: "{nick} was moved to {room} by {actor}", pt: "{actor} levou {nick} para {room}"),
        .youWereMovedBy: Translations(en: "you were moved to {room} by {actor}", pt: "{actor} levou você para {room}"),
        .youAreNowIn: Translations(
            en: "you are now in {room} ({count} {count:member|members})",
            pt: "agora você está em {room} ({count} {count:membro|membros})"),
        .left: Translations(en: "{nick} left ({reason})", pt: "{nick} saiu ({reason})"),
        .goodbye: Translations(en: "goodbye", pt: "tchau"),
        .youAreNowKnownAs: Translations(en: "you are now known as {nick}", pt: "agora você se chama {nick}"),
        .isNowKnownAs: Translations(en: "{old} is now known as {nick}", pt: "{old} agora se chama {nick}"),
        .seedNickTaken: Translations(
            en: "the nick {nick} is taken; you are {current}", pt: "o apelido {nick} já está em uso; você é {current}"),
        .seedNickBanned: Translations(
            en: "the nick {nick} is banned; you are {current}", pt: "o apelido {nick} está banido; você é {current}"),
        .seedNickInvalid: Translations(
            en: "cannot use \"{name}\" as a nick ({problem}); you are {current}",
            pt: "não dá para usar \"{name}\" como apelido ({problem}); você é {current}"),
        .sendingTooFast: Translations(
            en: "you are sending too fast (at most {rate} {rate:line|lines} a second); lines are being dropped",
            pt: "você está mandando rápido demais (no máximo {rate} {rate:linha|linhas} por segundo); linhas estão sendo descartadas"),
        .disconnectedForFlooding: Translations(
            en: "disconnected for flooding", pt: "desconectado por excesso de mensagens"),
        .shuttingDown: Translations(en: "{server} is shutting down. Goodbye!", pt: "{server} está desligando. Tchau!"),
        .shuttingDownWithMessage: Translations(
            en: "{server} is shutting down ({message}). Goodbye!", pt: "{server} está desligando ({message}). Tchau!"),
        .lostByCluster: Translations(
            en: "{server} lost touch with the other servers of this chat; please reconnect",
            pt: "{server} perdeu o contato com os outros servidores deste chat; conecte-se de novo"),
        .bannedFromServer: Translations(
            en: "you are banned from this server {ban}", pt: "você está banido deste servidor {ban}"),

        .reasonDisconnected: Translations(en: "disconnected", pt: "desconectou"),
        .reasonConnectionClosed: Translations(en: "connection closed", pt: "conexão fechada"),
        .reasonConnectionReset: Translations(en: "connection reset", pt: "conexão interrompida"),
        .reasonConnectionError: Translations(en: "connection error", pt: "erro na conexão"),
        .reasonSendQueueExceeded: Translations(en: "send queue exceeded", pt: "fila de envio estourou"),
        .reasonProtocolError: Translations(en: "protocol error", pt: "erro de protocolo"),
        .reasonIncompleteMessage: Translations(en: "incomplete message", pt: "mensagem incompleta"),
        .reasonSilent: Translations(en: "silent", pt: "nada enviado"),
        .reasonFlooding: Translations(en: "flooding", pt: "excesso de mensagens"),
        .reasonServerShuttingDown: Translations(en: "server shutting down", pt: "servidor desligando"),
        .reasonServerLost: Translations(en: "server lost", pt: "servidor perdido"),

        .closedAfterProtocolError: Translations(
            en: "papod closed the connection after {problem}", pt: "o papod fechou a conexão depois de {problem}"),
        .messageLeftUnfinished: Translations(
            en: "a message was left unfinished for {limit}; closing",
            pt: "uma mensagem ficou incompleta por {limit}; fechando"),
        .nothingReceived: Translations(
            en: "nothing received within {limit} of connecting; closing",
            pt: "nada recebido em {limit} depois de conectar; fechando"),
        .refusedShuttingDown: Translations(en: "{server} is shutting down", pt: "{server} está desligando"),
        .refusedServerFull: Translations(
            en: "the server is full ({limit} connections); try again later",
            pt: "o servidor está cheio ({limit} conexões); tente de novo mais tarde"),
        .refusedTooManyFromAddress: Translations(
            en: "too many connections from your address (limit {limit})",
            pt: "conexões demais do seu endereço (limite {limit})"),
        .webSocketMalformed: Translations(
            en: "a malformed WebSocket frame ({problem})", pt: "um quadro WebSocket malformado ({problem})"),
        .webSocketTooLarge: Translations(
            en: "a message larger than {limit} bytes", pt: "uma mensagem maior que {limit} bytes"),
        .webSocketReservedBits: Translations(en: "reserved bits set", pt: "bits reservados ligados"),
        .webSocketUnmasked: Translations(
            en: "a frame the browser did not mask", pt: "um quadro que o navegador não mascarou"),
        .webSocketReservedOpcode: Translations(en: "reserved opcode {opcode}", pt: "opcode reservado {opcode}"),
        .webSocketLongControlFrame: Translations(
            en: "a control frame over 125 bytes", pt: "um quadro de controle com mais de 125 bytes"),
        .webSocketFragmentedControlFrame: Translations(
            en: "a fragmented control frame", pt: "um quadro de controle fragmentado"),
        .webSocketMessageInsideFragments: Translations(
            en: "a new message inside a fragmented one", pt: "uma mensagem nova dentro de uma fragmentada"),
        .webSocketStrayContinuation: Translations(
            en: "a continuation with no message begun", pt: "uma continuação sem mensagem começada"),
        .webSocketTooManyFragments: Translations(
            en: "a message in more than {limit} fragments", pt: "uma mensagem em mais de {limit} fragmentos"),
        .webSocketBinary: Translations(
            en: "a binary message: papod reads text messages only",
            pt: "uma mensagem binária: o papod só lê mensagens de texto"),
        .webSocketNotUTF8: Translations(
            en: "a message that is not valid UTF-8", pt: "uma mensagem que não é UTF-8 válido"),
    ]
}
