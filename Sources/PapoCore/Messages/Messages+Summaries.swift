/// What `/help` and the operator's `help` say of each command: `help.NAME` is the summary,
/// `help.NAME.N` its further lines. Argument names (`NICK`, `ROOM`) stay as the usage writes them.
extension MessageCatalogue {
    static let summaries: [MessageID: Translations] = [
        "help.help": Translations(
            en: "List the commands, or show how to use one",
            pt: "Lista os comandos, ou mostra como usar um deles"),
        "help.login": Translations(
            en: "Become a moderator with the moderator password",
            pt: "Torna você moderador com a senha de moderador"),
        "help.hand": Translations(
            en: "Raise your hand, or lower it if raised",
            pt: "Levanta a mão, ou abaixa se já estiver levantada"),
        "help.op": Translations(
            en: "Make someone a moderator",
            pt: "Torna alguém moderador"),
        "help.deop": Translations(
            en: "Step down as a moderator (only the operator can deop someone else)",
            pt: "Deixa de ser moderador (só o operador tira o posto de outra pessoa)"),
        "help.kick": Translations(
            en: "Disconnect someone, with a reason; they may come back",
            pt: "Desconecta alguém, com um motivo; a pessoa pode voltar"),
        "help.ban": Translations(
            en: "Ban a nick, or an IP address or CIDR block, for a time or until lifted",
            pt: "Bane um apelido, ou um endereço IP ou bloco CIDR, por um tempo ou até ser suspenso"),
        "help.ban.1": Translations(
            en: "TARGET: a nick (its holder is disconnected and nobody may take it) or an address such as 10.0.0.7 or 10.0.0.0/24",
            pt: "ALVO: um apelido (quem o usa é desconectado e ninguém pode usá-lo) ou um endereço como 10.0.0.7 ou 10.0.0.0/24"),
        "help.ban.3": Translations(
            en: "A nick's holder's address is banned too, for as long (not one you share); --nick-only bans the name alone",
            pt: "O endereço de quem usa o apelido também é banido, pelo mesmo tempo (não um que você compartilhe); --nick-only bane só o nome"),
        "help.ban.2": Translations(
            en: "DURATION: 30s, 10m, 2h, 1d (or combined, 1h30m); none means until unban",
            pt: "DURAÇÃO: 30s, 10m, 2h, 1d (ou combinados, 1h30m); sem duração, vale até /unban"),
        "help.unban": Translations(
            en: "Lift a ban on a nick or an address",
            pt: "Suspende o banimento de um apelido ou endereço"),
        "help.bans": Translations(
            en: "List the bans: target, by whom, when, until, reason",
            pt: "Lista os banimentos: alvo, por quem, quando, até quando, motivo"),
        "help.lang": Translations(
            en: "Show or change the language papod speaks to you: en or pt-BR",
            pt: "Mostra ou muda o idioma em que o papod fala com você: en ou pt-BR"),
        "help.mute": Translations(
            en: "Silence someone: they read but cannot speak, act or send private messages",
            pt: "Silencia alguém: a pessoa lê, mas não fala, não faz ações nem manda mensagens privadas"),
        "help.unmute": Translations(
            en: "Let a muted user speak again",
            pt: "Deixa um usuário silenciado falar de novo"),
        "help.quiet": Translations(
            en: "In a quiet room only moderators and voiced users speak (a lecture)",
            pt: "Numa sala em silêncio só moderadores e usuários com voz falam (uma aula expositiva)"),
        "help.voice": Translations(
            en: "Let someone speak in quiet rooms",
            pt: "Deixa alguém falar em salas em silêncio"),
        "help.devoice": Translations(
            en: "Take back someone's voice",
            pt: "Tira a voz de alguém"),
        "help.slow": Translations(
            en: "Let non-moderators send one message per SECONDS in this room (0 turns it off)",
            pt: "Quem não é moderador manda uma mensagem a cada SEGUNDOS nesta sala (0 desliga)"),
        "help.move": Translations(
            en: "Move someone into a room",
            pt: "Leva alguém para uma sala"),
        "help.gather": Translations(
            en: "Move everyone in every room into ROOM (default #lobby); ends a breakout",
            pt: "Leva todos de todas as salas para SALA (por padrão #lobby); encerra os grupos"),
        "help.breakout": Translations(
            en: "Split this room's students at random into N breakout rooms; alone, show the split",
            pt: "Divide os alunos desta sala ao acaso em N salas de grupo; sem N, mostra a divisão"),
        "help.breakout.1": Translations(
            en: "with MINUTES, each room is warned a minute before the end and everyone comes back when time is up",
            pt: "com MINUTOS, cada sala é avisada um minuto antes do fim e todos voltam quando o tempo acaba"),
        "help.breakout.2": Translations(
            en: "/gather ends a breakout early",
            pt: "/gather encerra os grupos antes da hora"),
        "help.hands": Translations(
            en: "List the raised hands in ROOM (default: your room; the operator's, #lobby), first raised first",
            pt: "Lista as mãos levantadas em SALA (por padrão a sua sala; para o operador, #lobby), na ordem em que foram levantadas"),
        "help.next": Translations(
            en: "Give the turn to the first raised hand",
            pt: "Dá a vez à primeira mão levantada"),
        "help.announce": Translations(
            en: "Send one line to everyone in every room",
            pt: "Manda uma linha a todos, em todas as salas"),
        "help.clients": Translations(
            en: "List connected clients: id, nick, address, room, role, since, idle, messages, queued bytes",
            pt: "Lista os clientes conectados: id, apelido, endereço, sala, papel, desde, inatividade, mensagens, bytes na fila"),
        "help.say": Translations(
            en: "Speak in a room as the server",
            pt: "Fala numa sala como o servidor"),
        "help.topic.operator": Translations(
            en: "Set a room's topic",
            pt: "Define o tema de uma sala"),
        "help.audit": Translations(
            en: "Show the last N moderation actions (default 20)",
            pt: "Mostra as últimas N ações de moderação (por padrão 20)"),
        "help.export": Translations(
            en: "Write a room's stored transcript as text, CSV or JSON",
            pt: "Escreve a transcrição guardada de uma sala como texto, CSV ou JSON"),
        "help.export.1": Translations(
            en: "OPTIONS: --since TIME (inclusive), --until TIME (exclusive), --format text|csv|json (default text),",
            pt: "OPÇÕES: --since TIME (inclusive), --until TIME (exclusive), --format text|csv|json (por padrão text),"),
        "help.export.2": Translations(
            en: "  --output FILE (papoctl or the console writes FILE; otherwise the transcript goes to standard output)",
            pt: "  --output FILE (o papoctl ou o console escreve FILE; senão a transcrição vai para a saída padrão)"),
        "help.export.3": Translations(
            en: "TIME: ISO 8601, as 2026-11-24, 2026-11-24T10:00 (local time) or 2026-11-24T10:00:00Z",
            pt: "TIME: ISO 8601, como 2026-11-24, 2026-11-24T10:00 (hora local) ou 2026-11-24T10:00:00Z"),
        "help.export.4": Translations(
            en: "CSV and JSON have the columns time,room,nick,kind,text; time is ISO 8601 UTC",
            pt: "CSV e JSON têm as colunas time,room,nick,kind,text; time é ISO 8601 em UTC"),
        "help.attendance": Translations(
            en: "Who was there (in ROOM, or anywhere): nicks, address, first join, last leave, time present, messages",
            pt: "Quem esteve presente (em SALA, ou em qualquer sala): apelidos, endereço, primeira entrada, última saída, tempo presente, mensagens"),
        "help.attendance.1": Translations(
            en: "OPTIONS: --since TIME (ISO 8601, as 2026-11-24 or 2026-11-24T10:00 in local time)",
            pt: "OPÇÕES: --since TIME (ISO 8601, como 2026-11-24 ou 2026-11-24T10:00 em hora local)"),
        "help.stats": Translations(
            en: "Uptime, connections, messages and bytes with rates, threads, memory",
            pt: "Tempo no ar, conexões, mensagens e bytes com taxas, threads, memória"),
        "help.tls": Translations(
            en: "The certificate the TLS doors serve: fingerprint, subject, names, expiry",
            pt: "O certificado que as portas TLS apresentam: impressão digital, titular, nomes, validade"),
        "help.log-level": Translations(
            en: "Set the log level: trace, debug, info, notice, warning, error, critical",
            pt: "Define o nível de log: trace, debug, info, notice, warning, error, critical"),
        "help.shutdown": Translations(
            en: "Stop the server, after a countdown of SECONDS (default now) shown to clients",
            pt: "Desliga o servidor, após uma contagem de SEGUNDOS (por padrão já) mostrada aos clientes"),
        "help.quit.operator": Translations(
            en: "Leave this prompt (at papod's console: asks before shutting down)",
            pt: "Sai deste prompt (no console do papod, pergunta antes de desligar)"),
        "help.rooms": Translations(
            en: "List the rooms with their member counts, modes and topics",
            pt: "Lista as salas com número de membros, modos e temas"),
        "help.nick": Translations(
            en: "Change your nick",
            pt: "Muda o seu apelido"),
        "help.nick.1": Translations(
            en: "1–{max} letters, digits, _ or -; not taken by anyone else (case does not matter)",
            pt: "1–{max} letras, dígitos, _ ou -; que ninguém esteja usando (maiúsculas e minúsculas não importam)"),
        "help.list": Translations(
            en: "List the members of your room (@ moderator, + voiced)",
            pt: "Lista os membros da sua sala (@ moderador, + com voz)"),
        "help.join": Translations(
            en: "Move to a room, creating it if it does not exist",
            pt: "Vai para uma sala, criando-a se não existir"),
        "help.join.1": Translations(
            en: "ROOM is # and 1–{max} letters, digits, _ or -, as in #math",
            pt: "SALA é # e 1–{max} letras, dígitos, _ ou -, como em #matematica"),
        "help.part": Translations(
            en: "Leave your room and go back to #lobby",
            pt: "Sai da sua sala e volta para #lobby"),
        "help.msg": Translations(
            en: "Send a private message to someone, in whatever room they are",
            pt: "Manda uma mensagem privada a alguém, em qualquer sala que esteja"),
        "help.me": Translations(
            en: "Describe an action: /me waves shows * nick waves",
            pt: "Descreve uma ação: /me acena mostra * apelido acena"),
        "help.topic": Translations(
            en: "Show your room's topic, or set it",
            pt: "Mostra o tema da sua sala, ou o define"),
        "help.topic.1": Translations(
            en: "at most {max} characters",
            pt: "no máximo {max} caracteres"),
        "help.who": Translations(
            en: "Show someone's room, address, time connected and idle time",
            pt: "Mostra a sala, o endereço, o tempo conectado e a inatividade de alguém"),
        "help.quit": Translations(
            en: "Leave the chat, with an optional reason",
            pt: "Sai do chat, com um motivo opcional"),
    ]
}
