// The page's own texts, one table per language papod speaks. The server translates its own
// lines; these are only what the page itself shows. A text that takes values is a function.
// index.html keeps the English texts as its content and names their keys in data-i18n
// attributes, so the page reads well even before this module runs.

const texts = {
  en: {
    languages: "Language",
    connecting: "connecting…",
    connected: "connected",
    disconnected: "disconnected by the server; reload the page to join again",
    reconnecting: (seconds) => `offline; reconnecting in ${seconds} s`,
    chooseNick: "Choose a nick",
    yourNick: "Your nick",
    join: "Join",
    chat: "Chat",
    conversations: "Conversations",
    roomTab: "Room",
    roomLog: "Messages in your room",
    privateLog: (nick) => `Private conversation with ${nick}`,
    unread: (count) => `${count} unread`,
    sendMessage: "Send a message",
    raiseHandTitle: "Raise your hand",
    raiseHand: "Raise hand",
    lowerHand: "Lower hand",
    messageLabel: "Message or /command",
    messagePlaceholder: "Type a message, or /help",
    messageTo: (nick) => `Message ${nick}`,
    send: "Send",
    room: "Room",
    moderatorTools: "Moderator tools",
    hands: "Hands",
    noHands: "no hands raised",
    next: "Next",
    quiet: "Quiet room",
    slow: "Slow mode",
    slowOff: "off",
    breakout: "Breakout",
    breakoutRooms: "Breakout rooms",
    minutes: "minutes",
    start: "Start",
    breakoutRunning: "Breakout running",
    breakoutLeft: (time) => `Breakout: ${time} left`,
    gather: "Gather everyone",
    members: "Members",
    membersCount: (count) => `Members (${count})`,
    you: "(you)",
    rooms: "Rooms",
    refreshRooms: "Refresh the room list",
    goToRoom: "Go to a room",
    goRoom: "Go to room",
    go: "Go",
    memberActions: "Member actions",
    ok: "OK",
    close: "Close",
    message: "Message",
    giveVoice: "Give voice",
    takeVoice: "Take voice",
    muteFor: "Mute for…",
    muteAsk: (nick) => `Mute ${nick} for`,
    moveTo: "Move to room…",
    moveAsk: (nick) => `Move ${nick} to room`,
    makeModerator: "Make moderator",
    kick: "Kick…",
    kickAsk: (nick) => `Kick ${nick}: reason (optional)`,
    ban: "Ban…",
    banAsk: (nick) => `Ban ${nick}: reason (optional)`,
    minute1: "1 minute",
    minutes5: "5 minutes",
    minutes10: "10 minutes",
    minutes30: "30 minutes",
    hour1: "1 hour",
    error: (text) => `error: ${text}`,
    removedLine: "removed by a moderator",
    pollOpen: (question) => `Poll so far: ${question}`,
    pollClosed: (question) => `Poll result: ${question}`,
    pollVotes: (count, percent) => `${count} ${count === 1 ? "vote" : "votes"} (${percent}%)`,
  },
  "pt-BR": {
    languages: "Idioma",
    connecting: "conectando…",
    connected: "conectado",
    disconnected: "desconectado pelo servidor; recarregue a página para entrar de novo",
    reconnecting: (seconds) => `sem conexão; reconectando em ${seconds} s`,
    chooseNick: "Escolha um apelido",
    yourNick: "Seu apelido",
    join: "Entrar",
    chat: "Bate-papo",
    conversations: "Conversas",
    roomTab: "Sala",
    roomLog: "Mensagens da sua sala",
    privateLog: (nick) => `Conversa privada com ${nick}`,
    unread: (count) => (count === 1 ? "1 não lida" : `${count} não lidas`),
    sendMessage: "Enviar uma mensagem",
    raiseHandTitle: "Levantar a mão",
    raiseHand: "Levantar a mão",
    lowerHand: "Abaixar a mão",
    messageLabel: "Mensagem ou /comando",
    messagePlaceholder: "Digite uma mensagem, ou /ajuda",
    messageTo: (nick) => `Mensagem para ${nick}`,
    send: "Enviar",
    room: "Sala",
    moderatorTools: "Ferramentas do moderador",
    hands: "Mãos levantadas",
    noHands: "nenhuma mão levantada",
    next: "Próximo",
    quiet: "Sala em silêncio",
    slow: "Modo lento",
    slowOff: "desligado",
    breakout: "Grupos",
    breakoutRooms: "Grupos",
    minutes: "minutos",
    start: "Começar",
    breakoutRunning: "Grupos em andamento",
    breakoutLeft: (time) => `Grupos: faltam ${time}`,
    gather: "Reunir todos",
    members: "Membros",
    membersCount: (count) => `Membros (${count})`,
    you: "(você)",
    rooms: "Salas",
    refreshRooms: "Atualizar a lista de salas",
    goToRoom: "Ir para uma sala",
    goRoom: "Ir para a sala",
    go: "Ir",
    memberActions: "Ações com o membro",
    ok: "OK",
    close: "Fechar",
    message: "Mensagem privada",
    giveVoice: "Dar voz",
    takeVoice: "Tirar a voz",
    muteFor: "Silenciar por…",
    muteAsk: (nick) => `Silenciar ${nick} por`,
    moveTo: "Levar para a sala…",
    moveAsk: (nick) => `Levar ${nick} para a sala`,
    makeModerator: "Tornar moderador",
    kick: "Expulsar…",
    kickAsk: (nick) => `Expulsar ${nick}: motivo (opcional)`,
    ban: "Banir…",
    banAsk: (nick) => `Banir ${nick}: motivo (opcional)`,
    minute1: "1 minuto",
    minutes5: "5 minutos",
    minutes10: "10 minutos",
    minutes30: "30 minutos",
    hour1: "1 hora",
    error: (text) => `erro: ${text}`,
    removedLine: "apagada por um moderador",
    pollOpen: (question) => `Enquete até agora: ${question}`,
    pollClosed: (question) => `Resultado da enquete: ${question}`,
    pollVotes: (count, percent) => `${count} ${count === 1 ? "voto" : "votos"} (${percent}%)`,
  },
};

// Attributes index.html marks for translation, as data-i18n-<attribute>="key".
const attributes = ["placeholder", "title", "aria-label", "data-empty"];

let current = "en";

// The tag the page speaks for `tag`: any pt… is Brazilian Portuguese (as on the server), any
// en… English; null for other languages.
export function supported(tag) {
  const primary = String(tag || "").toLowerCase().split(/[-_]/)[0];
  return primary === "pt" ? "pt-BR" : primary === "en" ? "en" : null;
}

// The language to start in: the one the user chose before, else the first of the browser's
// languages that papod speaks, else English.
export function initialLanguage(stored, preferred) {
  return supported(stored) ?? preferred.map(supported).find(Boolean) ?? "en";
}

export function currentLanguage() {
  return current;
}

// Text `key` in the current language, English when a translation lacks it.
export function t(key, ...values) {
  const text = texts[current][key] ?? texts.en[key] ?? key;
  return typeof text === "function" ? text(...values) : text;
}

// Switches to `tag` and translates every marked element; the page redraws its own
// computed texts (the status, counts) itself.
export function setLanguage(tag) {
  current = supported(tag) ?? "en";
  document.documentElement.lang = current;
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const attribute of attributes) {
    for (const element of document.querySelectorAll(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.getAttribute(`data-i18n-${attribute}`)));
    }
  }
}

// For the browser test: every key of every table, to compare them.
export const keys = Object.fromEntries(Object.entries(texts).map(([tag, table]) => [tag, Object.keys(table).sort()]));
