// Papo's web client: one WebSocket to papod's /ws, JSON events in, typed lines out.
// Everything a user sent is shown with textContent: nothing from the chat becomes HTML.

const statusLine = document.getElementById("status");
const joinForm = document.getElementById("join");
const nickInput = document.getElementById("nick");
const chat = document.getElementById("chat");
const log = document.getElementById("log");
const sayForm = document.getElementById("say");
const lineInput = document.getElementById("line");

const savedNick = "papo.nick";
const maxLogLines = 2000;
let socket = null;
let nick = localStorage.getItem(savedNick) || "";
let retryDelay = 1000;
let retryTimer = null;

nickInput.value = nick;

joinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  nick = nickInput.value.trim();
  if (!nick) return;
  localStorage.setItem(savedNick, nick);
  joinForm.hidden = true;
  chat.hidden = false;
  connect();
  lineInput.focus();
});

sayForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = lineInput.value;
  if (!text.trim() || !socket || socket.readyState !== WebSocket.OPEN) return;
  socket.send(text);
  lineInput.value = "";
});

function setStatus(text, offline) {
  statusLine.textContent = text;
  statusLine.classList.toggle("offline", Boolean(offline));
}

function connect() {
  clearTimeout(retryTimer);
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${location.host}/ws`);
  setStatus("connecting…");
  socket.addEventListener("open", () => {
    retryDelay = 1000;
    setStatus("connected");
    // The server gives a guest nick; ask for ours (it says so if it is taken).
    if (nick) socket.send(`/nick ${nick}`);
  });
  socket.addEventListener("message", (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    show(event);
  });
  socket.addEventListener("close", (close) => {
    socket = null;
    // 1000: the server ended this session (quit, kick, ban): no reconnecting on our own.
    if (close.code === 1000) {
      setStatus("disconnected by the server; reload the page to join again", true);
      return;
    }
    const seconds = Math.round(retryDelay / 1000);
    setStatus(`offline; reconnecting in ${seconds} s`, true);
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  });
}

// One event as one list item, built from text nodes only.
function show(event) {
  const item = document.createElement("li");
  item.classList.add(event.kind);
  if (event.history) item.classList.add("history");
  const stamp = document.createElement("time");
  if (event.time) {
    const when = new Date(event.time);
    stamp.dateTime = event.time;
    stamp.textContent = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
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
      item.append(document.createTextNode(`error: ${event.text}`));
      break;
    default:
      item.append(document.createTextNode(event.text ?? ""));
  }
  if (nick && event.nick && event.nick !== nick && mentions(event.text, nick)) {
    item.classList.add("mention");
  }
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(item);
  while (log.children.length > maxLogLines) log.firstElementChild.remove();
  if (atBottom) item.scrollIntoView({ block: "end" });
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

if (nick) {
  joinForm.hidden = true;
  chat.hidden = false;
  connect();
}
