/// What the operator's own commands answer on papod's console and through papoctl.
extension MessageID {
    static let clientCount = MessageID("operator.client-count")
    static let clientRow = MessageID("operator.client-row")
    static let clientRowOnNode = MessageID("operator.client-row-on-node")
    static let clientRoleModerator = MessageID("operator.client-role-moderator")
    static let clientRoleVoiced = MessageID("operator.client-role-voiced")
    static let clientRoleUser = MessageID("operator.client-role-user")
    static let nobodyIn = MessageID("operator.nobody-in")
    static let serverSays = MessageID("operator.server-says")
    static let saidTo = MessageID("operator.said-to")
    static let noSuchRoom = MessageID("operator.no-such-room")
    static let operatorSetTopic = MessageID("operator.set-topic")
    static let topicOfSet = MessageID("operator.topic-of-set")
    static let auditCountPositive = MessageID("operator.audit-count-positive")
    static let noModerationActions = MessageID("operator.no-moderation-actions")
    static let auditRow = MessageID("operator.audit-row")
    static let auditRowTarget = MessageID("operator.audit-row-target")
    static let auditRowReason = MessageID("operator.audit-row-reason")
    static let auditRowTargetReason = MessageID("operator.audit-row-target-reason")
    static let formatChoices = MessageID("operator.format-choices")
    static let untilAfterSince = MessageID("operator.until-after-since")
    static let noTranscriptKept = MessageID("operator.no-transcript-kept")
    static let noAttendanceKept = MessageID("operator.no-attendance-kept")
    static let outputIsLocal = MessageID("operator.output-is-local")
    static let unknownOption = MessageID("operator.unknown-option")
    static let optionNeedsValue = MessageID("operator.option-needs-value")
    static let optionNeedsTime = MessageID("operator.option-needs-time")
    static let statsUptime = MessageID("operator.stats-uptime")
    static let statsConnections = MessageID("operator.stats-connections")
    static let statsMessagesIn = MessageID("operator.stats-messages-in")
    static let statsBytes = MessageID("operator.stats-bytes")
    static let statsWrites = MessageID("operator.stats-writes")
    static let statsDirectWrites = MessageID("operator.stats-direct-writes")
    static let statsThreads = MessageID("operator.stats-threads")
    static let statsMemoryUnknown = MessageID("operator.stats-memory-unknown")
    static let noTLSDoor = MessageID("operator.no-tls-door")
    static let tlsPorts = MessageID("operator.tls-ports")
    static let tlsFingerprint = MessageID("operator.tls-fingerprint")
    static let tlsSubject = MessageID("operator.tls-subject")
    static let tlsNames = MessageID("operator.tls-names")
    static let tlsNoNames = MessageID("operator.tls-no-names")
    static let tlsExpiresIn = MessageID("operator.tls-expires-in")
    static let tlsExpiredAgo = MessageID("operator.tls-expired-ago")
    static let logLevelChoices = MessageID("operator.log-level-choices")
    static let logLevelSet = MessageID("operator.log-level-set")
    static let shutdownSecondsRange = MessageID("operator.shutdown-seconds-range")
    static let shuttingDownNow = MessageID("operator.shutting-down-now")
    static let shuttingDownIn = MessageID("operator.shutting-down-in")
    static let nothingToQuit = MessageID("operator.nothing-to-quit")
    static let shutsDownIn = MessageID("operator.shuts-down-in")
    static let shutsDownInBecause = MessageID("operator.shuts-down-in-because")
    static let exported = MessageID("operator.exported")
    static let attendanceHeading = MessageID("operator.attendance-heading")
    static let attendanceHeadingInRoom = MessageID("operator.attendance-heading-in-room")
    static let attendanceHeadingSince = MessageID("operator.attendance-heading-since")
    static let attendanceHeadingInRoomSince = MessageID("operator.attendance-heading-in-room-since")
    static let attendanceRow = MessageID("operator.attendance-row")
    static let attendanceAlso = MessageID("operator.attendance-also")
    static let attendanceLastLeave = MessageID("operator.attendance-last-leave")
    static let attendanceStillHere = MessageID("operator.attendance-still-here")
    static let storeAnsweredAnother = MessageID("operator.store-answered-another")
    public static let noStore = MessageID("operator.no-store")
    public static let cannotReadDatabase = MessageID("operator.cannot-read-database")
    public static let consoleConfirmShutdown = MessageID("console.confirm-shutdown")
    public static let consoleKeepsRunning = MessageID("console.keeps-running")
    public static let consoleShuttingDown = MessageID("console.shutting-down")
    public static let consoleWrote = MessageID("console.wrote")
    public static let cannotWriteFile = MessageID("console.cannot-write-file")
    public static let controlCannotConnect = MessageID("papoctl.cannot-connect")
    public static let controlConnectionLost = MessageID("papoctl.connection-lost")
    public static let papoctlCommandFailed = MessageID("papoctl.command-failed")
    public static let papoctlAbstract = MessageID("papoctl.abstract")
    public static let papoctlDiscussion = MessageID("papoctl.discussion")
}

extension MessageCatalogue {
    static let operatorReplies: [MessageID: Translations] = [
        .clientCount: Translations(en: "{count} {count:client|clients}:", pt: "{count} {count:cliente|clientes}:"),
        .clientRow: Translations(
            en: "  {id} {nick} {address} {room} {role} since {since} idle {idle} messages {messages} queued {queued}B",
            pt: "  {id} {nick} {address} {room} {role} desde {since} inativo {idle} mensagens {messages} na fila {queued}B"),
        .clientRowOnNode: Translations(
            en: "  {id} {nick} {address} {room} {role} on {node} since {since} idle {idle} messages {messages} queued {queued}B",
            pt: "  {id} {nick} {address} {room} {role} em {node} desde {since} inativo {idle} mensagens {messages} na fila {queued}B"),
        .clientRoleModerator: Translations(en: "moderator", pt: "moderador"),
        .clientRoleVoiced: Translations(en: "voiced", pt: "com-voz"),
        .clientRoleUser: Translations(en: "user", pt: "usuário"),
        .nobodyIn: Translations(en: "nobody is in {room}", pt: "não há ninguém em {room}"),
        .serverSays: Translations(en: "server: {text}", pt: "servidor: {text}"),
        .saidTo: Translations(en: "said to {room} ({count})", pt: "dito em {room} ({count})"),
        .noSuchRoom: Translations(en: "there is no room {room}", pt: "não existe a sala {room}"),
        .operatorSetTopic: Translations(
            en: "operator set the topic of {room}: {topic}", pt: "o operador definiu o tema de {room}: {topic}"),
        .topicOfSet: Translations(en: "topic of {room} set", pt: "tema de {room} definido"),
        .auditCountPositive: Translations(
            en: "N must be a positive whole number", pt: "N deve ser um número inteiro positivo"),
        .noModerationActions: Translations(en: "no moderation actions yet", pt: "nenhuma ação de moderação ainda"),
        .auditRow: Translations(en: "{at} {actor} {action}", pt: "{at} {actor} {action}"),
        .auditRowTarget: Translations(en: "{at} {actor} {action} {target}", pt: "{at} {actor} {action} {target}"),
        .auditRowReason: Translations(en: "{at} {actor} {action} ({reason})", pt: "{at} {actor} {action} ({reason})"),
        .auditRowTargetReason: Translations(
            en: "{at} {actor} {action} {target} ({reason})", pt: "{at} {actor} {action} {target} ({reason})"),
        .formatChoices: Translations(
            en: "--format must be text, csv or json", pt: "--format deve ser text, csv ou json"),
        .untilAfterSince: Translations(
            en: "--until must be later than --since", pt: "--until deve ser depois de --since"),
        .noTranscriptKept: Translations(
            en: "no transcript is kept (papod runs with --history-days 0 or without a store)",
            pt: "nenhuma transcrição é guardada (o papod roda com --history-days 0 ou sem banco de dados)"),
        .noAttendanceKept: Translations(
            en: "no attendance is kept (papod runs with --history-days 0 or without a store)",
            pt: "nenhuma presença é guardada (o papod roda com --history-days 0 ou sem banco de dados)"),
        .outputIsLocal: Translations(
            en: "--output FILE is written by papoctl or the console; give it there",
            pt: "--output ARQUIVO é escrito pelo papoctl ou pelo console; use-o lá"),
        .unknownOption: Translations(
            en: "unknown option {option} (known: {known})", pt: "opção desconhecida {option} (conhecidas: {known})"),
        .optionNeedsValue: Translations(en: "{option} needs a value", pt: "{option} precisa de um valor"),
        .optionNeedsTime: Translations(
            en: "{option} takes an ISO 8601 time such as 2026-11-24, 2026-11-24T10:00 or 2026-11-24T10:00:00Z, not {text}",
            pt: "{option} recebe um horário ISO 8601 como 2026-11-24, 2026-11-24T10:00 ou 2026-11-24T10:00:00Z, não {text}"),
        .statsUptime: Translations(en: "uptime {uptime} (since {since})", pt: "no ar há {uptime} (desde {since})"),
        .statsConnections: Translations(
            en: "connections: {now} now, {peak} peak, {total} total; {clients} {clients:client|clients} in {rooms} {rooms:room|rooms}",
            pt: "conexões: {now} agora, {peak} no pico, {total} no total; {clients} {clients:cliente|clientes} em {rooms} {rooms:sala|salas}"),
        .statsMessagesIn: Translations(
            en: "messages in: {count} ({rate}/s)", pt: "mensagens recebidas: {count} ({rate}/s)"),
        .statsBytes: Translations(
            en: "bytes in: {in} ({inRate}/s), out: {out} ({outRate}/s)",
            pt: "bytes recebidos: {in} ({inRate}/s), enviados: {out} ({outRate}/s)"),
        .statsWrites: Translations(
            en: "writes: {count} batches to clients, each one write and one flush",
            pt: "escritas: {count} lotes para clientes, cada um com uma escrita e um flush"),
        .statsDirectWrites: Translations(
            en: "direct writes: {count} batches straight to sockets (--direct-send), in {calls} io_uring {calls:call|calls}",
            pt: "escritas diretas: {count} lotes direto aos sockets (--direct-send), em {calls} {calls:chamada|chamadas} de io_uring"),
        .statsThreads: Translations(
            en: "event loop threads: {threads}; resident memory: {memory}",
            pt: "threads de event loop: {threads}; memória residente: {memory}"),
        .statsMemoryUnknown: Translations(en: "unknown", pt: "desconhecida"),
        .noTLSDoor: Translations(
            en: "papod has no TLS door (start it with --tls-cert and --tls-key, or --tls-self-signed)",
            pt: "o papod não tem porta TLS (inicie-o com --tls-cert e --tls-key, ou --tls-self-signed)"),
        .tlsPorts: Translations(en: "TLS on port {ports} ({source})", pt: "TLS na porta {ports} ({source})"),
        .tlsFingerprint: Translations(en: "fingerprint SHA256 {fingerprint}", pt: "impressão digital SHA256 {fingerprint}"),
        .tlsSubject: Translations(en: "subject {subject}", pt: "titular {subject}"),
        .tlsNames: Translations(en: "names {names}", pt: "nomes {names}"),
        .tlsNoNames: Translations(en: "names (none)", pt: "nomes (nenhum)"),
        .tlsExpiresIn: Translations(
            en: "expires {at} (in {days} {days:day|days})", pt: "expira em {at} (daqui a {days} {days:dia|dias})"),
        .tlsExpiredAgo: Translations(
            en: "expires {at} (expired {days} {days:day|days} ago)", pt: "expira em {at} (expirou há {days} {days:dia|dias})"),
        .logLevelChoices: Translations(en: "LEVEL must be one of {levels}", pt: "NÍVEL deve ser um destes: {levels}"),
        .logLevelSet: Translations(en: "log level is now {level}", pt: "nível de log agora é {level}"),
        .shutdownSecondsRange: Translations(
            en: "SECONDS must be from 0 to 86400", pt: "SEGUNDOS deve estar entre 0 e 86400"),
        .shuttingDownNow: Translations(en: "shutting down now", pt: "desligando agora"),
        .shuttingDownIn: Translations(en: "shutting down in {time}", pt: "desligando em {time}"),
        .nothingToQuit: Translations(
            en: "quit leaves an interactive prompt; there is nothing to quit here",
            pt: "quit sai de um prompt interativo; aqui não há de onde sair"),
        .shutsDownIn: Translations(en: "{server} shuts down in {time}", pt: "{server} desliga em {time}"),
        .shutsDownInBecause: Translations(
            en: "{server} shuts down in {time}: {message}", pt: "{server} desliga em {time}: {message}"),
            .exported: Translations(
            en: "exported {count} {count:line|lines} of {room}", pt: "{count} {count:linha exportada|linhas exportadas} de {room}"),
        .attendanceHeading: Translations(en: "{count} {count:person|people}:", pt: "{count} {count:pessoa|pessoas}:"),
        .attendanceHeadingInRoom: Translations(
            en: "{count} {count:person|people} in {room}:", pt: "{count} {count:pessoa|pessoas} em {room}:"),
        .attendanceHeadingSince: Translations(
            en: "{count} {count:person|people} since {since}:", pt: "{count} {count:pessoa|pessoas} desde {since}:"),
        .attendanceHeadingInRoomSince: Translations(
            en: "{count} {count:person|people} in {room} since {since}:",
            pt: "{count} {count:pessoa|pessoas} em {room} desde {since}:"),
        .attendanceRow: Translations(
            en: "{nick}{also} {address}: first join {firstJoin}, {leave}, present {present}, {messages} {messages:message|messages}",
            pt: "{nick}{also} {address}: entrou em {firstJoin}, {leave}, presente por {present}, {messages} {messages:mensagem|mensagens}"),
        .attendanceAlso: Translations(en: " (also {nicks})", pt: " (também {nicks})"),
        .attendanceLastLeave: Translations(en: "last leave {time}", pt: "saiu por último em {time}"),
        .attendanceStillHere: Translations(en: "still here", pt: "ainda aqui"),
        .storeAnsweredAnother: Translations(
            en: "the store answered another question", pt: "o banco de dados respondeu outra pergunta"),
        .noStore: Translations(
            en: "papod keeps no store (it could not open its database)",
            pt: "o papod está sem banco de dados (não conseguiu abri-lo)"),
        .cannotReadDatabase: Translations(
            en: "cannot read the database: {error}", pt: "não foi possível ler o banco de dados: {error}"),
            .consoleConfirmShutdown: Translations(en: "Shut down papod? [y/N] ", pt: "Desligar o papod? [s/N] "),
        .consoleKeepsRunning: Translations(en: "papod keeps running", pt: "o papod continua no ar"),
        .consoleShuttingDown: Translations(en: "shutting down", pt: "desligando"),
        .consoleWrote: Translations(en: "wrote {path}", pt: "{path} gravado"),
        .cannotWriteFile: Translations(
            en: "cannot write {path}: {error}", pt: "não foi possível gravar {path}: {error}"),
            .controlCannotConnect: Translations(
            en: "cannot connect to papod's control socket {path}: {reason} (is papod running? --socket or PAPOD_CONTROL_SOCKET name another)",
            pt: "não foi possível conectar ao socket de controle do papod {path}: {reason} (o papod está rodando? --socket ou PAPOD_CONTROL_SOCKET indicam outro)"),
        .controlConnectionLost: Translations(
            en: "lost the connection to papod: {reason}", pt: "a conexão com o papod caiu: {reason}"),
        .papoctlCommandFailed: Translations(en: "the command failed", pt: "o comando falhou"),
        .papoctlAbstract: Translations(
            en: "Operate a running papod through its control socket.",
            pt: "Opera um papod em execução pelo socket de controle."),
        .papoctlDiscussion: Translations(
            en: "With a command (papoctl clients, papoctl kick bob too loud) it runs it and exits 0 on success, non-zero with the error on stderr otherwise. Without one it reads commands: at a terminal an interactive prompt with history and tab completion, from a pipe one command per line. Type help for the commands. papod answers in its own language (--language); papoctl's own messages follow your locale.",
            pt: "Com um comando (papoctl clients, papoctl kick bob fala demais) executa-o e sai com 0 se deu certo, ou outro código com o erro em stderr. Sem comando, lê comandos: num terminal, um prompt interativo com histórico e completar com tab; de um pipe, um comando por linha. Digite help para ver os comandos. O papod responde no idioma dele (--language); as mensagens do próprio papoctl seguem o seu locale."),
    ]
}
