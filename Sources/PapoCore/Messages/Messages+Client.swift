/// What papo, the terminal client, says itself: about its connection, a TLS server it does
/// not know, and its own `--help`.
extension MessageID {
    public static let clientNotConnected = MessageID("client.not-connected")
    public static let clientConnectionLost = MessageID("client.connection-lost")
    public static let clientConnectionLostReconnecting = MessageID("client.connection-lost-reconnecting")
    public static let clientReconnected = MessageID("client.reconnected")
    public static let clientCannotReach = MessageID("client.cannot-reach")
    public static let clientCannotConnect = MessageID("client.cannot-connect")
    public static let clientCannotConnectBecause = MessageID("client.cannot-connect-because")

    public static let trustUnknown = MessageID("trust.unknown")
    public static let trustSubject = MessageID("trust.subject")
    public static let trustValidUntil = MessageID("trust.valid-until")
    public static let trustFingerprint = MessageID("trust.fingerprint")
    public static let trustCompare = MessageID("trust.compare")
    public static let trustQuestion = MessageID("trust.question")
    public static let trustAdded = MessageID("trust.added")
    public static let trustThisSessionOnly = MessageID("trust.this-session-only")
    public static let trustPinMismatch = MessageID("trust.pin-mismatch")
    public static let trustChanged = MessageID("trust.changed")
    public static let trustDeclined = MessageID("trust.declined")
    public static let trustCannotAsk = MessageID("trust.cannot-ask")
    public static let trustNoCertificate = MessageID("trust.no-certificate")
    public static let trustKnownServersUnreadable = MessageID("trust.known-servers-unreadable")

    public static let papoAbstract = MessageID("papo.abstract")
    public static let papoDiscussion = MessageID("papo.discussion")
}

extension MessageCatalogue {
    static let client: [MessageID: Translations] = [
        .clientNotConnected: Translations(
            en: "not connected; your message was not sent", pt: "sem conexão; sua mensagem não foi enviada"),
        .clientConnectionLost: Translations(
            en: "the connection to {server} was lost", pt: "a conexão com {server} caiu"),
        .clientConnectionLostReconnecting: Translations(
            en: "the connection to {server} was lost; reconnecting in {wait}",
            pt: "a conexão com {server} caiu; reconectando em {wait}"),
        .clientReconnected: Translations(en: "reconnected to {server}", pt: "reconectado a {server}"),
        .clientCannotReach: Translations(
            en: "cannot reach {server}; retrying in {wait}", pt: "não foi possível alcançar {server}; tentando de novo em {wait}"),
        .clientCannotConnect: Translations(
            en: "papo: cannot connect to {server}", pt: "papo: não foi possível conectar a {server}"),
        .clientCannotConnectBecause: Translations(
            en: "papo: cannot connect to {server}: {reason}", pt: "papo: não foi possível conectar a {server}: {reason}"),

        .trustUnknown: Translations(
            en: "The authenticity of {server} can't be established: its certificate is not signed by an\nauthority papo trusts, and papo has not seen this server before.",
            pt: "Não é possível confirmar a autenticidade de {server}: o certificado dele não é assinado por\numa autoridade em que o papo confia, e o papo nunca viu este servidor antes."),
        .trustSubject: Translations(en: "  subject:             {subject}", pt: "  titular:             {subject}"),
        .trustValidUntil: Translations(en: "  valid until:         {date}", pt: "  válido até:          {date}"),
        .trustFingerprint: Translations(
            en: "  SHA-256 fingerprint: {fingerprint}", pt: "  impressão SHA-256:   {fingerprint}"),
        .trustCompare: Translations(
            en: "Compare it with the fingerprint papod logged when it started, or `papoctl tls` on the server.",
            pt: "Compare-a com a impressão que o papod registrou ao iniciar, ou com `papoctl tls` no servidor."),
        .trustQuestion: Translations(en: "Trust this server? [y/N] ", pt: "Confiar neste servidor? [s/N] "),
        .trustAdded: Translations(
            en: "papo: added {server} to the known servers ({path})",
            pt: "papo: {server} incluído nos servidores conhecidos ({path})"),
        .trustThisSessionOnly: Translations(
            en: "papo: trusted {server} for this session only: {error}",
            pt: "papo: {server} aceito só nesta sessão: {error}"),
        .trustPinMismatch: Translations(
            en: "papo: {server} presented certificate {presented}, not the one given with --tls-fingerprint ({pinned}); connection refused",
            pt: "papo: {server} apresentou o certificado {presented}, não o indicado com --tls-fingerprint ({pinned}); conexão recusada"),
        .trustChanged: Translations(
            en: "papo: the certificate of {server} has changed; connection refused",
            pt: "papo: o certificado de {server} mudou; conexão recusada"),
        .trustDeclined: Translations(
            en: "papo: {server} is not trusted; connection closed", pt: "papo: {server} não é confiável; conexão encerrada"),
        .trustCannotAsk: Translations(
            en: "papo: {server} presents an unknown certificate (SHA-256 {presented}) and there is no terminal to ask on; to trust it, pass --tls-fingerprint {presented} after checking it with `papoctl tls` on the server",
            pt: "papo: {server} apresenta um certificado desconhecido (SHA-256 {presented}) e não há terminal para perguntar; para confiar nele, use --tls-fingerprint {presented} depois de conferi-lo com `papoctl tls` no servidor"),
        .trustNoCertificate: Translations(
            en: "papo: {server} sent no readable certificate; connection refused",
            pt: "papo: {server} não enviou um certificado legível; conexão recusada"),
        .trustKnownServersUnreadable: Translations(
            en: "papo: cannot check {server} against the known servers: {error}",
            pt: "papo: não foi possível conferir {server} nos servidores conhecidos: {error}"),

        .papoAbstract: Translations(
            en: "Chat on a papod server from the terminal.", pt: "Converse num servidor papod pelo terminal."),
        .papoDiscussion: Translations(
            en: "Lines you type are said to your room; commands (/help, /join, /msg …) go to the server. Without a terminal it reads lines from standard input and prints what it receives, so printf '/nick bot\\nhello\\n' | papo works in scripts. With --tls or papos://HOST:PORT it connects to papod's TLS port (5051): a certificate signed by an authority papo trusts is accepted; otherwise papo shows its SHA-256 fingerprint and asks, once, as ssh does, keeping the answer in $XDG_STATE_HOME/papo/known_servers (else ~/.local/state/papo/), and refuses a known server whose certificate has changed. papo asks the server for the language of your locale (LC_ALL, LC_MESSAGES, LANG): pt… for Brazilian Portuguese, anything else for English. Exit status: 0 after leaving, 1 when no connection could be made (or it was lost with --no-reconnect), 2 when kicked or banned, 3 when the server's certificate was refused.",
            pt: "O que você digita vai para a sua sala; comandos (/ajuda, /entrar, /msg …) vão para o servidor. Sem terminal, lê linhas da entrada padrão e imprime o que recebe, então printf '/nick bot\\nolá\\n' | papo funciona em scripts. Com --tls ou papos://HOST:PORTA, conecta na porta TLS do papod (5051): um certificado assinado por uma autoridade em que o papo confia é aceito; senão o papo mostra a impressão SHA-256 e pergunta, uma vez, como o ssh, guardando a resposta em $XDG_STATE_HOME/papo/known_servers (ou ~/.local/state/papo/), e recusa um servidor conhecido cujo certificado mudou. O papo pede ao servidor o idioma do seu locale (LC_ALL, LC_MESSAGES, LANG): pt… para português do Brasil, qualquer outro para inglês. Código de saída: 0 ao sair, 1 quando não foi possível conectar (ou a conexão caiu com --no-reconnect), 2 quando expulso ou banido, 3 quando o certificado do servidor foi recusado."),
    ]
}
