// Papo's web client: one WebSocket to papod's /ws, JSON events in, typed lines out.
// Everything a user sent is shown with textContent: nothing from the chat becomes HTML.
// The page's own texts come from i18n.js, in the language papod speaks to this page.

import { currentLanguage, initialLanguage, setLanguage, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const statusLine = $("status");
const joinForm = $("join");
const nickInput = $("nick");
const chat = $("chat");
const roomLog = $("log");
// Private conversations, each in its own tab and log, by the other side's nick.
const conversations = new Map();
// The conversation shown and typed into: null for the room.
let current = null;
const sayForm = $("say");
const lineInput = $("line");
const membersList = $("members");
const handsList = $("hands");
const teaching = $("teaching");
const handButton = $("hand");
const memberMenu = $("member-menu");

const savedNick = "papo.nick";
const savedLanguage = "papo.lang";
const maxLogLines = 2000;
const commands = [
  "help", "nick", "list", "rooms", "join", "part", "msg", "me", "topic", "who", "quit", "hand",
  "login", "kick", "ban", "unban", "bans", "mute", "unmute", "quiet", "voice", "devoice", "slow",
  "move", "gather", "breakout", "hands", "next", "announce", "op", "deop", "lang",
];
// papod's Portuguese names for the same commands, offered too to a Portuguese page (its
// placeholder says /ajuda). The page's own buttons send the English names, which work in any
// language.
const portugueseCommands = [
  "ajuda", "apelido", "lista", "salas", "entrar", "voltar", "privado", "eu", "tema", "quem", "sair", "mão",
  "expulsar", "banir", "desbanir", "banidos", "silenciar", "liberar", "silêncio", "voz", "semvoz", "lento",
  "mover", "reunir", "grupos", "mãos", "próximo", "avisar", "idioma",
];

let socket = null;
let nick = localStorage.getItem(savedNick) || "";
let retryDelay = 1000;
let retryTimer = null;
// The status line as a key and its values, so that it can be said again in another language.
let status = { key: "connecting", values: [], offline: false };

// The room as the server last described it.
const view = { me: "", room: "", topic: "", quiet: false, slow: 0, members: new Map(), hands: [], breakout: null };
let breakoutTimer = null;
// Room lists the page asked for itself: their text reply (a header and a line per room, which
// arrive together just before the list) is not shown in the log.
let quietRoomRequests = 0;
let heldNotices = [];
let releaseTimer = null;

nickInput.value = nick;
switchLanguage(initialLanguage(localStorage.getItem(savedLanguage), navigator.languages || [navigator.language]));

// The header's switch: online, papod is asked (/lang) and its language event switches the
// page, so page and server never disagree; offline, the page switches and asks on connecting.
for (const button of document.querySelectorAll("#languages button")) {
  button.addEventListener("click", () => {
    const tag = button.dataset.language;
    if (tag === currentLanguage() || send(`/lang ${tag}`)) return;
    localStorage.setItem(savedLanguage, tag);
    switchLanguage(tag);
  });
}

joinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  nick = nickInput.value.trim();
  if (!nick) return;
  localStorage.setItem(savedNick, nick);
  enterChat();
});

sayForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = lineInput.value;
  // In a private tab, what is not a command goes to that person.
  const line = current && !text.startsWith("/") ? `/msg ${current} ${text}` : text;
  if (send(line)) lineInput.value = "";
});

$("tab-room").addEventListener("click", () => select(null));

// The log an event belongs in: a private message's conversation, else the room's.
function logFor(event) {
  if (event.kind !== "private" || !event.nick) return roomLog;
  let conversation = conversations.get(event.nick);
  if (!conversation) {
    const list = document.createElement("ol");
    list.className = "log";
    list.setAttribute("role", "log");
    list.setAttribute("aria-live", "polite");
    list.setAttribute("aria-label", t("privateLog", event.nick));
    list.hidden = true;
    roomLog.after(list);
    const tab = document.createElement("button");
    tab.type = "button";
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-selected", "false");
    tab.addEventListener("click", () => select(event.nick));
    $("tabs").append(tab);
    conversation = { nick: event.nick, list, tab, unread: 0 };
    conversations.set(event.nick, conversation);
  }
  if (current !== event.nick && !event.echo) conversation.unread += 1;
  renderTabs();
  return conversation.list;
}

function select(name) {
  current = name;
  if (name && conversations.has(name)) conversations.get(name).unread = 0;
  roomLog.hidden = name !== null;
  $("tab-room").setAttribute("aria-selected", String(name === null));
  for (const [other, conversation] of conversations) conversation.list.hidden = other !== name;
  lineInput.placeholder = name ? t("messageTo", name) : t("messagePlaceholder");
  renderTabs();
  lineInput.focus();
}

function renderTabs() {
  for (const [name, conversation] of conversations) {
    conversation.tab.setAttribute("aria-selected", String(name === current));
    conversation.tab.replaceChildren(document.createTextNode(name));
    if (conversation.unread > 0) {
      const badge = document.createElement("span");
      badge.className = "unread";
      badge.textContent = String(conversation.unread);
      badge.setAttribute("aria-label", t("unread", conversation.unread));
      conversation.tab.append(badge);
    }
  }
}

lineInput.addEventListener("keydown", (event) => {
  if (event.key === "Tab" && !event.shiftKey && lineInput.value.trim()) {
    event.preventDefault();
    complete();
  }
});

handButton.addEventListener("click", () => {
  if (!send("/hand")) return;
  const raised = handButton.getAttribute("aria-pressed") !== "true";
  handButton.setAttribute("aria-pressed", String(raised));
  showHand();
});

function showHand() {
  handButton.textContent = t(handButton.getAttribute("aria-pressed") === "true" ? "lowerHand" : "raiseHand");
}

$("next").addEventListener("click", () => send("/next"));
$("refresh-rooms").addEventListener("click", requestRooms);
$("quiet").addEventListener("change", (event) => send(`/quiet ${event.target.checked ? "on" : "off"}`));
$("slow").addEventListener("change", (event) => send(`/slow ${event.target.value}`));
$("gather").addEventListener("click", () => send("/gather"));
$("breakout-form").addEventListener("submit", (event) => {
  event.preventDefault();
  send(`/breakout ${$("breakout-rooms").value} ${$("breakout-minutes").value}`);
});
$("go").addEventListener("submit", (event) => {
  event.preventDefault();
  const room = $("go-room").value.trim();
  if (room && send(`/join ${room}`)) $("go-room").value = "";
});

function enterChat() {
  joinForm.hidden = true;
  chat.hidden = false;
  connect();
  lineInput.focus();
}

// Sends one line as typed; false when offline.
function send(text) {
  if (!text.trim() || !socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(text);
  return true;
}

function setStatus(key, values = [], offline = false) {
  status = { key, values, offline };
  statusLine.textContent = t(key, ...values);
  statusLine.classList.toggle("offline", offline);
}

// The page's texts in `tag`: the marked ones from i18n.js, then those the page computes.
function switchLanguage(tag) {
  setLanguage(tag);
  for (const button of document.querySelectorAll("#languages button")) {
    button.setAttribute("aria-pressed", String(button.dataset.language === currentLanguage()));
  }
  setStatus(status.key, status.values, status.offline);
  showHand();
  for (const conversation of conversations.values()) {
    conversation.list.setAttribute("aria-label", t("privateLog", conversation.nick));
  }
  lineInput.placeholder = current ? t("messageTo", current) : t("messagePlaceholder");
  renderTabs();
  for (const stamp of document.querySelectorAll(".log time[datetime]")) stamp.textContent = timeOfDay(stamp.dateTime);
  for (const label of document.querySelectorAll(".log .removed-label")) label.textContent = t("removedLine");
  for (const chart of document.querySelectorAll(".log .poll figure")) labelPoll(chart);
  showBreakout();
  render();
}

function connect() {
  clearTimeout(retryTimer);
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const previousRoom = view.room;
  // papod speaks the page's language from the first line (its welcome) on.
  socket = new WebSocket(`${scheme}//${location.host}/ws?lang=${encodeURIComponent(currentLanguage())}`);
  setStatus("connecting");
  socket.addEventListener("open", () => {
    retryDelay = 1000;
    setStatus("connected");
    // The server gives a guest nick; ask for ours (it says so if it is taken), and go back
    // to the room we were in before a reconnection.
    if (nick) socket.send(`/nick ${nick}`);
    if (previousRoom && previousRoom.toLowerCase() !== "#lobby") socket.send(`/join ${previousRoom}`);
    quietRoomRequests = 0;
    heldNotices = [];
  });
  socket.addEventListener("message", (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    handle(event);
  });
  socket.addEventListener("close", (close) => {
    socket = null;
    // 1000: the server ended this session (quit, kick, ban): no reconnecting on our own.
    if (close.code === 1000) {
      setStatus("disconnected", [], true);
      return;
    }
    const seconds = Math.round(retryDelay / 1000);
    setStatus("reconnecting", [seconds], true);
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  });
}

function handle(event) {
  switch (event.kind) {
    case "room":
      view.me = event.nick;
      view.room = event.room;
      view.members = new Map((event.members || []).map((m) => [m.nick, m.role]));
      view.hands = [];
      applySettings(event);
      applyBreakout(event);
      handButton.setAttribute("aria-pressed", "false");
      showHand();
      // Counts changed with the move: refresh the room list.
      requestRooms();
      break;
    case "join":
      view.members.set(event.member.nick, event.member.role);
      break;
    case "leave":
      view.members.delete(event.nick);
      break;
    case "nick": {
      view.members = new Map([...view.members].map(([name, role]) => [name === event.old ? event.nick : name, role]));
      if (event.old === view.me) {
        view.me = event.nick;
        nick = event.nick;
        localStorage.setItem(savedNick, nick);
      }
      break;
    }
    case "member":
      view.members.set(event.member.nick, event.member.role);
      break;
    case "settings":
      applySettings(event);
      break;
    case "hands":
      view.hands = event.hands || [];
      break;
    case "breakout":
      applyBreakout(event);
      break;
    case "rooms":
      showRooms(event.rooms || []);
      return;
    case "language":
      // The user typed /lang (or used the switch): papod speaks it now, and so does the page.
      switchLanguage(event.language);
      localStorage.setItem(savedLanguage, currentLanguage());
      return;
    case "removed":
      strike(event.number);
      return;
    case "cleared":
      // The notice saying who cleared it comes next, into the emptied log.
      roomLog.replaceChildren();
      return;
    case "poll":
      show(event);
      return;
    default:
      if (quietRoomRequests > 0 && event.kind === "notice") {
        heldNotices.push(event);
        return;
      }
      show(event);
      return;
  }
  render();
}

function applySettings(event) {
  view.topic = event.topic || "";
  view.quiet = Boolean(event.quiet);
  view.slow = event.slow || 0;
}

// Asks for the room list without its text reply showing in the log.
function requestRooms() {
  if (!send("/rooms")) return;
  quietRoomRequests += 1;
  // Should the list not come (the request refused, say), nothing stays held back.
  clearTimeout(releaseTimer);
  releaseTimer = setTimeout(() => {
    quietRoomRequests = 0;
    heldNotices.splice(0).forEach(show);
  }, 3000);
}

function showRooms(rooms) {
  if (quietRoomRequests > 0) {
    quietRoomRequests -= 1;
    // The reply's text is the last notices held; anything before them is shown after all.
    heldNotices.slice(0, Math.max(0, heldNotices.length - rooms.length - 1)).forEach(show);
    heldNotices = [];
    if (quietRoomRequests === 0) clearTimeout(releaseTimer);
  }
  $("rooms").replaceChildren(
    ...rooms.map((room) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "room-entry";
      button.textContent = `${room.name} (${room.members})`;
      if (room.topic) {
        const topic = document.createElement("span");
        topic.className = "topic";
        topic.textContent = room.topic;
        button.append(topic);
      }
      button.addEventListener("click", () => {
        if (room.name.toLowerCase() !== view.room.toLowerCase()) send(`/join ${room.name}`);
      });
      item.append(button);
      return item;
    }),
  );
  // The rooms a moderator may move someone to, offered as they type.
  $("known-rooms").replaceChildren(
    ...rooms.map((room) => {
      const option = document.createElement("option");
      option.value = room.name;
      return option;
    }),
  );
}

// A running breakout: its rooms, and its end for the countdown (null when none runs).
function applyBreakout(event) {
  view.breakout = event.breakouts ? { rooms: event.breakouts, ends: event.ends ? new Date(event.ends) : null } : null;
  clearInterval(breakoutTimer);
  breakoutTimer = null;
  if (view.breakout && view.breakout.ends) breakoutTimer = setInterval(showBreakout, 1000);
  showBreakout();
}

function showBreakout() {
  const banner = $("breakout");
  banner.hidden = !view.breakout;
  if (!view.breakout) return;
  if (!view.breakout.ends) {
    banner.textContent = t("breakoutRunning");
    return;
  }
  const left = Math.max(0, Math.round((view.breakout.ends - Date.now()) / 1000));
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, "0");
  banner.textContent = t("breakoutLeft", `${minutes}:${seconds}`);
}

function isModerator() {
  return view.members.get(view.me) === "moderator";
}

const marks = { moderator: "@", voiced: "+", student: "" };

function render() {
  $("room-name").textContent = view.room;
  $("topic").textContent = view.topic;
  document.title = view.room ? `${view.room} · Papo` : "Papo";
  membersList.replaceChildren(
    ...[...view.members].map(([name, role]) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = `member ${role}`;
      button.textContent = marks[role] + name + (name === view.me ? ` ${t("you")}` : "");
      button.addEventListener("click", () => openMemberMenu(name, role));
      item.append(button);
      return item;
    }),
  );
  $("members-title").textContent = view.room ? t("membersCount", view.members.size) : t("members");
  teaching.hidden = !isModerator();
  $("quiet").checked = view.quiet;
  $("slow").value = String(view.slow);
  if ($("slow").value !== String(view.slow)) $("slow").value = "0";
  handsList.replaceChildren(
    ...view.hands.map((name) => {
      const item = document.createElement("li");
      item.textContent = name;
      return item;
    }),
  );
  $("next").disabled = view.hands.length === 0;
}

// A private tab with `name`, opened by hand.
function openConversation(name) {
  logFor({ kind: "private", nick: name, echo: true });
  select(name);
}

// What anyone can do with a member, and what a moderator can do to a student. An action that
// needs more (a reason, a room, a duration) asks for it in the same dialog.
function openMemberMenu(name, role) {
  $("member-menu-title").textContent = marks[role] + name;
  const actions = [[t("message"), () => openConversation(name)]];
  if (isModerator() && name !== view.me && role !== "moderator") {
    actions.push(
      [t(role === "voiced" ? "takeVoice" : "giveVoice"), () => send(`/${role === "voiced" ? "devoice" : "voice"} ${name}`)],
      [t("muteFor"), () => askInMenu(t("muteAsk", name), { choices: muteDurations() }, (duration) => send(`/mute ${name} ${duration}`))],
      [t("moveTo"), () => askInMenu(t("moveAsk", name), { rooms: true, required: true }, (room) => send(`/move ${name} ${room}`))],
      [t("makeModerator"), () => send(`/op ${name}`)],
      [t("kick"), () => askInMenu(t("kickAsk", name), {}, (reason) => send(`/kick ${name} ${reason}`.trim()))],
      [t("ban"), () => askInMenu(t("banAsk", name), {}, (reason) => send(`/ban ${name} ${reason}`.trim()))],
    );
  }
  $("member-menu-ask").hidden = true;
  const buttons = $("member-menu-actions");
  buttons.hidden = false;
  buttons.replaceChildren(
    ...actions.map(([label, run]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", () => {
        // Actions ending in "…" (in every language) ask something first, in the dialog; the
        // others are done now.
        if (!label.endsWith("…")) memberMenu.close();
        run();
      });
      return button;
    }),
  );
  memberMenu.showModal();
  buttons.querySelector("button")?.focus();
}

// Asked for each time, so that they are in the language of the moment.
const muteDurations = () => [
  [t("minute1"), "1m"], [t("minutes5"), "5m"], [t("minutes10"), "10m"], [t("minutes30"), "30m"], [t("hour1"), "1h"],
];
let menuAnswer = null;

// The member dialog's second step: one field (text, or a choice) and OK, which calls `done`
// with its value. Escape or Close leave the dialog without doing anything.
function askInMenu(label, { choices = null, rooms = false, required = false }, done) {
  $("member-menu-actions").hidden = true;
  const form = $("member-menu-ask");
  $("member-menu-ask-label").textContent = label;
  const text = $("member-menu-text");
  const choice = $("member-menu-choice");
  text.hidden = choices !== null;
  choice.hidden = choices === null;
  text.value = "";
  text.required = required;
  text.setAttribute("list", rooms ? "known-rooms" : "");
  if (choices) {
    choice.replaceChildren(
      ...choices.map(([name, value]) => {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = name;
        return option;
      }),
    );
    choice.value = choices[1]?.[1] ?? choices[0][1];
  }
  const field = choices ? choice : text;
  $("member-menu-ask-label").htmlFor = field.id;
  menuAnswer = () => done(field.value.trim());
  form.hidden = false;
  field.focus();
}

$("member-menu-ask").addEventListener("submit", (event) => {
  event.preventDefault();
  const answer = menuAnswer;
  menuAnswer = null;
  memberMenu.close();
  answer?.();
});

// Tab: completes the word being typed with a nick in the room, or a command.
function complete() {
  const text = lineInput.value;
  const start = text.lastIndexOf(" ") + 1;
  const word = text.slice(start);
  const isCommand = start === 0 && word.startsWith("/");
  const names = currentLanguage() === "pt-BR" ? [...portugueseCommands, ...commands] : commands;
  const pool = isCommand ? names.map((c) => `/${c}`) : [...view.members.keys()];
  const match = pool.find((candidate) => candidate.toLowerCase().startsWith(word.toLowerCase()) && candidate !== word);
  if (!match) return;
  const suffix = isCommand ? " " : start === 0 ? ": " : " ";
  lineInput.value = text.slice(0, start) + match + suffix;
}

// One event as one list item, built from text nodes only.
function show(event) {
  const item = document.createElement("li");
  item.classList.add(event.kind);
  if (event.history) item.classList.add("history");
  const stamp = document.createElement("time");
  if (event.time) {
    stamp.dateTime = event.time;
    stamp.textContent = timeOfDay(event.time);
  } else if (event.clock) {
    stamp.textContent = event.clock;
  }
  item.append(stamp);
  switch (event.kind) {
    case "chat":
      item.append(nickLabel(`<${event.nick}>`), ...linkified(event.text));
      break;
    case "action":
      item.append(nickLabel(`* ${event.nick}`), ...linkified(event.text));
      break;
    case "private":
      item.append(nickLabel(event.echo ? `→ *${event.nick}*` : `*${event.nick}*`), ...linkified(event.text));
      break;
    case "error":
      item.append(document.createTextNode(t("error", event.text)));
      break;
    case "poll":
      item.append(pollChart(event));
      break;
    default:
      item.append(document.createTextNode(event.text ?? ""));
  }
  // Its number, should a moderator remove it (a `removed` event names it).
  if (Number.isInteger(event.number) && event.kind !== "removed") item.dataset.number = String(event.number);
  const me = view.me || nick;
  if (me && event.nick && event.nick !== me && !event.echo && mentions(event.text, me)) {
    item.classList.add("mention");
  }
  const log = logFor(event);
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(item);
  while (log.children.length > maxLogLines) log.firstElementChild.remove();
  if (atBottom && !log.hidden) item.scrollIntoView({ block: "end" });
}

// A line a moderator removed stays where it was, struck out and labelled, so that what was
// said around it still reads in order.
function strike(number) {
  if (!Number.isInteger(number)) return;
  const item = roomLog.querySelector(`li[data-number="${number}"]`);
  if (!item || item.classList.contains("removed")) return;
  const struck = document.createElement("del");
  struck.append(...[...item.childNodes].filter((node) => node.nodeName !== "TIME"));
  const label = document.createElement("span");
  label.className = "removed-label";
  label.textContent = t("removedLine");
  item.append(struck, label);
  item.classList.add("removed");
}

// A poll's tally as bars: one row per option, its width its share of the votes.
function pollChart(event) {
  const options = event.options || [];
  const total = options.reduce((sum, option) => sum + option.votes, 0);
  const figure = document.createElement("figure");
  figure.dataset.question = event.question || "";
  figure.dataset.closed = String(Boolean(event.closed));
  figure.append(document.createElement("figcaption"));
  options.forEach((option, index) => {
    const percent = total === 0 ? 0 : Math.round((option.votes / total) * 100);
    const row = document.createElement("div");
    row.className = "poll-option";
    const label = document.createElement("span");
    label.className = "poll-label";
    label.textContent = `${index + 1}. ${option.text}`;
    const bar = document.createElement("span");
    bar.className = "poll-bar";
    const fill = document.createElement("span");
    fill.className = "poll-fill";
    // Through the CSSOM: the page's Content-Security-Policy allows no style attributes.
    fill.style.width = `${percent}%`;
    bar.append(fill);
    const count = document.createElement("span");
    count.className = "poll-count";
    count.dataset.votes = String(option.votes);
    count.dataset.percent = String(percent);
    row.append(label, bar, count);
    figure.append(row);
  });
  labelPoll(figure);
  return figure;
}

// A poll chart's texts in the page's language.
function labelPoll(figure) {
  const key = figure.dataset.closed === "true" ? "pollClosed" : "pollOpen";
  figure.querySelector("figcaption").textContent = t(key, figure.dataset.question);
  for (const count of figure.querySelectorAll(".poll-count")) {
    count.textContent = t("pollVotes", Number(count.dataset.votes), Number(count.dataset.percent));
  }
}

// A time as the page's language writes it (14:03, or 02:03 PM).
function timeOfDay(iso) {
  return new Date(iso).toLocaleTimeString(currentLanguage(), { hour: "2-digit", minute: "2-digit" });
}

function nickLabel(text) {
  const span = document.createElement("span");
  span.className = "nick";
  span.textContent = text;
  return span;
}

function mentions(text, name) {
  const lower = (text || "").toLowerCase();
  const needle = name.toLowerCase();
  let at = lower.indexOf(needle);
  while (at >= 0) {
    const before = at === 0 ? "" : lower[at - 1];
    const after = lower[at + needle.length] ?? "";
    if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    at = lower.indexOf(needle, at + 1);
  }
  return false;
}

// Text with http(s) links as anchors; anything else (javascript:, data:) stays text.
function linkified(text) {
  const nodes = [];
  const pattern = /\bhttps?:\/\/[^\s<>"]+/gi;
  let last = 0;
  for (const match of (text || "").matchAll(pattern)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    let url;
    try {
      url = new URL(match[0]);
    } catch {
      url = null;
    }
    if (url && (url.protocol === "http:" || url.protocol === "https:")) {
      const link = document.createElement("a");
      link.href = url.href;
      link.textContent = match[0];
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      nodes.push(link);
    } else {
      nodes.push(document.createTextNode(match[0]));
    }
    last = match.index + match[0].length;
  }
  if (last < (text || "").length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

if (nick) enterChat();
