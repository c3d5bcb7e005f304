#!/usr/bin/env python3
"""papod's IRC door with real IRC clients: irssi and WeeChat (Debian's irssi and
weechat-curses), each in a tmux terminal with a throwaway home, against a papod of its own.

    Scripts/irc_clients_test.py [PATH_TO_PAPOD]      (default: .build/debug/papod)

Each client connects to 127.0.0.1 on papod's IRC port, in plain text, with nothing else
configured, and registers; papod puts it in #lobby. It joins #redes, which moves it (PART
#lobby, JOIN #redes), and sees in #redes's window, as notices, what a line client said there
before it came. It talks both ways with that line client, which then logs in as a moderator
and kicks it with a reason, and the client's screen shows the reason. Screens are read with
tmux capture-pane; every wait is for a condition, with a deadline, never for a fixed time.
A failed check prints the client's windows, what the line clients got and papod's log; the
later steps still run when the client is in #redes, and the exit status is 1.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import papod_process

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(HERE)
TIMEOUT = 20
POLL = 0.1
PASSWORD = "prof-secret-123"
ROOM = "#redes"
HISTORY = "isto ficou no histórico"
FROM_LINE = "rui pergunta: tudo bem aí?"
FROM_IRC = "tudo ótimo, rui"
REASON = "fim da aula de redes"


class Failure(Exception):
    pass


def wait_until(predicate, what, deadline=None):
    """Polls `predicate` until it holds (and returns its value) or the deadline passes."""
    deadline = deadline or time.monotonic() + TIMEOUT
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise Failure(f"timed out waiting for {what}")
        time.sleep(POLL)


class Papod(papod_process.Papod):
    """papod with the assignment's and the IRC door."""

    def __init__(self, binary, data_dir):
        super().__init__(binary, data_dir, PASSWORD, doors=("port", "irc_port"),
                         arguments=["--no-web", "--language", "en", "--allow-plaintext-login", "--flood-rate", "0"],
                         timeout=TIMEOUT)

    def start(self):
        try:
            return super().start()
        except RuntimeError as error:
            raise Failure(str(error)) from None


class LineClient:
    """A netcat-like client on the assignment's door, collecting lines."""

    def __init__(self, name, port):
        self.name = name
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        # Blocking from here on: a quiet spell longer than TIMEOUT must not end the reader.
        self.socket.settimeout(None)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while True:
            try:
                data = self.socket.recv(4096)
            except OSError:
                return
            if not data:
                return
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                self.lines.append(line.decode("utf-8", "replace").rstrip("\r"))

    def send(self, text):
        self.socket.sendall((text + "\n").encode())

    def wait_for(self, predicate, what, since=0):
        """Waits for a line from index `since` on that satisfies `predicate`."""
        wait_until(lambda: any(predicate(line) for line in self.lines[since:]), f"{self.name}: a line {what}")

    def close(self):
        try:
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.socket.close()


class Terminal:
    """A program in a detached 120×40 tmux terminal on a tmux server of its own."""

    def __init__(self, name, command, environment):
        self.name = name
        self.socket_name = f"papo-irc-{os.getpid()}-{name}"
        self.environment = environment
        self.socket_path = ""
        self._tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
        # tmux leaves its socket behind when the server exits: kill() removes it.
        try:
            self.socket_path = self._tmux("display-message", "-p", "-t", name, "#{socket_path}", capture=True).strip()
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass

    def _tmux(self, *arguments, capture=False):
        # stdout is a pipe only for commands to a running server: the first command starts the
        # server, which would inherit the pipe and keep it open.
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket_name, "-f", "/dev/null", *arguments],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=self.environment, encoding="utf-8", errors="replace", timeout=TIMEOUT,
            check=True)
        return result.stdout

    def type(self, text):
        """Types `text` literally on an empty input line, then Enter."""
        # Ctrl-E Ctrl-U empties the line (in irssi and WeeChat alike): a line typed just as the
        # client switched windows, in WeeChat's per-buffer input, may still be waiting there.
        self._tmux("send-keys", "-t", self.name, "C-e", "C-u")
        self._tmux("send-keys", "-t", self.name, "-l", text)
        self._tmux("send-keys", "-t", self.name, "Enter")

    def screen(self):
        """The visible screen's lines, or [] when the terminal is gone."""
        try:
            return self._tmux("capture-pane", "-p", "-t", self.name, capture=True).rstrip("\n").split("\n")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            return []

    def kill(self):
        try:
            pids = self._tmux("list-panes", "-s", "-t", self.name, "-F", "#{pane_pid}", capture=True).split()
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pids = []
        # The server first, so that it removes its socket; then whatever of the panes' process
        # groups outlived it.
        try:
            self._tmux("kill-server")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        for pid in (int(p) for p in pids if p.isdigit() and int(p) > 1):
            for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    kill()
                except OSError:
                    pass
        if self.socket_path:
            try:
                os.unlink(self.socket_path)
            except OSError:
                pass


class Irssi:
    """irssi with a config of its own: no networks, no servers, no channels."""

    name = "irssi"
    nick = "bia"
    # [20:15] [bia] [2:127/#redes]   (the status window: [1:127 (change with ^X)])
    STATUS_BAR = re.compile(r"^\s*\[\d\d:\d\d\] \[[^\]]*\] \[(\d+)(?::([^\]]*))?\]")

    def __init__(self, home, port):
        self.home = home
        with open(os.path.join(home, "config"), "w") as f:
            f.write(f"""servers = ( );
chatnets = {{ }};
channels = ( );
settings = {{
  core = {{ real_name = "{self.nick}"; user_name = "{self.nick}"; nick = "{self.nick}"; }};
  "irc/core" = {{ cmd_queue_speed = "10msec"; cmds_max_at_once = "20"; }};
}};
""")
        self.command = f"irssi --home={shlex.quote(home)} -c 127.0.0.1 -p {port} -n {self.nick}"

    @staticmethod
    def goto(window):
        return f"/window {window}" if isinstance(window, int) else f"/window goto {window}"

    @classmethod
    def window(cls, screen):
        """(number, name) of the window shown: its channel, or '' for the status window."""
        for line in reversed(screen):
            match = cls.STATUS_BAR.match(line)
            if match:
                item = match.group(2) or ""
                return int(match.group(1)), item.split("/", 1)[1] if "/" in item else ""
        return None


class WeeChat:
    """WeeChat's curses client with only its irc plugin and one server: papod."""

    name = "WeeChat"
    nick = "caio"
    # [20:16] [3] [irc/papo] 3:#redes{2}   (after a disconnection: 3:(#redes){0}; the server: 1:server[papo])
    STATUS_BAR = re.compile(r"^\[\d\d:\d\d\] \[\d+\] (?:\[[^\]]*\] )?(\d+):(\S+)")

    def __init__(self, home, port):
        self.home = home
        commands = (f"/server add papo 127.0.0.1/{port} -notls -nicks={self.nick} -username={self.nick} "
                    f"-realname={self.nick} -noautoreconnect;/connect papo")
        self.command = f"weechat -d {shlex.quote(home)} -P irc -r {shlex.quote(commands)}"

    @staticmethod
    def goto(window):
        return f"/buffer {window}"

    @classmethod
    def window(cls, screen):
        for line in reversed(screen):
            match = cls.STATUS_BAR.match(line)
            if match:
                return int(match.group(1)), re.sub(r"\{.*", "", match.group(2)).strip("()")
        return None


class Session:
    """One client against one papod, with two line clients: ana stays in #lobby; rui speaks
    in #redes before the client comes, talks with it, and kicks it as a moderator."""

    STATUS_WINDOW = 1

    def __init__(self, kind, binary):
        self.kind, self.binary = kind, binary
        self.nick = kind.nick
        self.directory = tempfile.mkdtemp(prefix=f"papo-irc-{kind.name.lower()}-")
        self.papod = None
        self.terminal = None
        self.client = None
        self.line_clients = []
        self.ana = self.rui = None
        self.room_window = None
        self.failures = []

    # MARK: The client's screen

    def show(self, window, deadline=None):
        """Shows `window` (a number, or a channel's name) and returns the screen showing it."""
        deadline = deadline or time.monotonic() + TIMEOUT
        asked = 0.0

        def shown():
            nonlocal asked
            # Asked again each second: a window that did not exist yet may exist now.
            if time.monotonic() - asked >= 1:
                self.terminal.type(self.client.goto(window))
                asked = time.monotonic()
            screen = self.terminal.screen()
            current = self.client.window(screen)
            return screen if current and current[0 if isinstance(window, int) else 1] == window else None

        return wait_until(shown, f"{self.kind.name} to show window {window}", deadline)

    def wait_for_screen(self, predicate, what):
        """Waits until the window shown satisfies `predicate` (given the screen's text)."""
        wait_until(lambda: predicate("\n".join(self.terminal.screen())), f"{self.kind.name}'s screen: {what}")

    def wait_in_windows(self, windows, predicate, what):
        """Waits until one of `windows` satisfies `predicate`, looking at each in turn."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for window in windows:
                if predicate("\n".join(self.show(window, deadline))):
                    return window
            if time.monotonic() >= deadline:
                raise Failure(f"{self.kind.name}'s windows {windows}: {what}")
            time.sleep(POLL)

    # MARK: Steps

    def start(self):
        self.papod = Papod(self.binary, os.path.join(self.directory, "data"))
        os.makedirs(self.papod.data_dir)
        self.papod.start()
        self.ana = self.line_client("ana")
        self.rui = self.line_client("rui")
        self.rui.send(f"/join {ROOM}")
        self.rui.wait_for(lambda l: l.startswith(f"-!- you are now in {ROOM}"), f"'you are now in {ROOM}'")
        self.rui.send(HISTORY)
        # The chat takes a connection's lines in order: once /list is answered, the line is recorded.
        mark = len(self.rui.lines)
        self.rui.send("/list")
        self.rui.wait_for(lambda l: "rui" in l, "answering /list", since=mark)

        home = os.path.join(self.directory, "home")
        os.makedirs(home)
        self.client = self.kind(home, self.papod.irc_port)
        environment = {k: v for k, v in os.environ.items() if k != "TMUX" and not k.startswith("XDG_")}
        environment.update(HOME=home, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        if environment.get("TERM", "dumb") == "dumb":
            environment["TERM"] = "xterm-256color"
        self.terminal = Terminal(self.kind.name.lower(), self.client.command, environment)

    def line_client(self, nick):
        client = LineClient(nick, self.papod.port)
        self.line_clients.append(client)
        client.wait_for(lambda l: l.startswith("-!- Welcome"), "welcoming it")
        client.send(f"/nick {nick}")
        client.wait_for(lambda l: l == f"-!- you are now known as {nick}", f"'you are now known as {nick}'")
        return client

    def register(self):
        nick = self.nick
        self.ana.wait_for(lambda l: l == f"-!- {nick} joined #lobby", f"'{nick} joined #lobby'")
        self.show("#lobby")
        self.wait_for_screen(lambda s: re.search(rf"\b{nick}\b.* has joined #lobby", s), f"{nick} has joined #lobby")
        self.show(self.STATUS_WINDOW)
        self.wait_for_screen(lambda s: f"Welcome to the Papo network, {nick}" in s, "the 001 welcome")
        return f"registered as {nick}; papod put it in #lobby"

    def move(self):
        nick = self.nick
        self.terminal.type(f"/join {ROOM}")
        self.ana.wait_for(lambda l: l == f"-!- {nick} left for {ROOM}", f"'{nick} left for {ROOM}'")
        self.rui.wait_for(lambda l: l == f"-!- {nick} joined {ROOM}", f"'{nick} joined {ROOM}'")
        self.room_window = self.client.window(self.show(ROOM))[0]
        self.wait_for_screen(lambda s: re.search(rf"\b{nick}\b.* has joined {ROOM}", s), f"{nick} has joined {ROOM}")
        # irssi: "#redes: Total of 2 nicks [...]"; WeeChat: "Channel #redes: 2 nicks (...)".
        self.wait_for_screen(lambda s: re.search(rf"{ROOM}: (Total of )?2 nicks", s), f"{ROOM}'s 2 nicks")
        return f"/join {ROOM} moved it: ana saw it leave #lobby, its {ROOM} window has rui and itself"

    def history(self):
        self.show(self.room_window)
        line = f"<rui> {HISTORY}"
        try:
            self.wait_for_screen(lambda s: line in s, f"rui's earlier line '{line}' in {ROOM}'s window")
        except Failure as error:
            # Said where it went instead, for whoever fixes the door.
            if line in "\n".join(self.show(self.STATUS_WINDOW, time.monotonic() + 3)):
                raise Failure(f"{error}; it is in the status window instead") from None
            raise
        return f"it sees in {ROOM}'s window what rui said there before it joined"

    def talk(self):
        self.show(self.room_window)
        self.rui.send(FROM_LINE)
        self.wait_for_screen(lambda s: re.search(rf"\brui\b.*{re.escape(FROM_LINE)}", s), f"rui's '{FROM_LINE}'")
        self.terminal.type(FROM_IRC)
        self.rui.wait_for(lambda l: l == f"<{self.nick}> {FROM_IRC}", f"'<{self.nick}> {FROM_IRC}'")
        return "it talks both ways with rui on the line door"

    def kick(self):
        self.rui.send(f"/login {PASSWORD}")
        self.rui.wait_for(lambda l: l.startswith("-!- you are now a moderator"), "'you are now a moderator'")
        self.rui.send(f"/kick {self.nick} {REASON}")
        self.rui.wait_for(lambda l: l == f"-!- {self.nick} was kicked by rui: {REASON}", "confirming the kick")
        windows = [w for w in (self.room_window, self.STATUS_WINDOW) if w is not None]
        window = self.wait_in_windows(windows, lambda s: REASON in s, f"the kick's reason '{REASON}'")
        where = f"{ROOM}'s window" if window == self.room_window else "its status window"
        return f"kicked by rui as a moderator, it shows the reason in {where}"

    # MARK: Running

    def run(self):
        # (step, whether the later steps need it): they need the client connected and in #redes.
        steps = [(self.register, True), (self.move, True), (self.history, False), (self.talk, False),
                 (self.kick, False)]
        try:
            self.start()
            for number, (step, needed_later) in enumerate(steps, 1):
                try:
                    print(f"{self.kind.name}: {number}. {step()}", flush=True)
                except (Failure, OSError, subprocess.SubprocessError) as error:
                    self.failures.append(f"step {number} ({step.__name__})")
                    print(f"{self.kind.name}: {number}. FAILED ({step.__name__}): {error}", flush=True)
                    self.describe()
                    if needed_later:
                        print(f"{self.kind.name}: the later steps need this one; skipping them", flush=True)
                        break
        except (Failure, OSError, subprocess.SubprocessError) as error:
            self.failures.append("setup")
            print(f"{self.kind.name}: setup FAILED: {error}", flush=True)
            self.describe()
        finally:
            self.stop()
        if self.failures:
            print(f"--- papod's log ({self.kind.name}) ---")
            print("\n".join(self.papod.log if self.papod else []))
        return not self.failures

    def describe(self):
        """Prints the client's windows (room and status) and the line clients' last lines."""
        if self.terminal:
            windows = [w for w in (self.room_window, self.STATUS_WINDOW) if w is not None]
            shown = self.terminal.screen()
            screens = []
            for window in windows:
                try:
                    screens.append((f"window {window}", self.show(window, time.monotonic() + 3)))
                except Failure:
                    pass
            if not any(screen == shown for _, screen in screens):
                screens.insert(0, ("as it was", shown))
            for title, screen in screens:
                print(f"--- {self.kind.name}'s screen, {title} ---")
                print("\n".join(line.rstrip() for line in screen).rstrip() or "(no screen: the terminal is gone)")
        for client in self.line_clients:
            print(f"--- what {client.name} got (last 15 lines) ---")
            print("\n".join(client.lines[-15:]))
        sys.stdout.flush()

    def stop(self):
        if self.terminal:
            self.terminal.kill()
        for client in self.line_clients:
            client.close()
        if self.papod:
            self.papod.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(CHECKOUT, ".build/debug/papod")
    missing = [tool for tool in ("tmux", "irssi", "weechat") if not shutil.which(tool)]
    if missing:
        sys.exit(f"irc clients test: missing {', '.join(missing)} (Debian: tmux irssi weechat-curses)")
    if not os.access(binary, os.X_OK):
        sys.exit(f"irc clients test: no papod at {binary}")
    passed = [Session(kind, binary).run() for kind in (Irssi, WeeChat)]
    if not all(passed):
        print("irc clients test: FAIL")
        sys.exit(1)
    print("irc clients test: PASS")


if __name__ == "__main__":
    main()
