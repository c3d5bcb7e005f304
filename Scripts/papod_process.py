"""papod for the scripts: what /proc says about a running one, and one started as a subprocess."""

import os
import re
import signal
import subprocess
import threading
import time


def rss_kib(pid):
    """Resident memory in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# The doors a test script may open: papod's option for each, and its listening line.
DOORS = {
    "port": ("--port", r"papod listening on 127\.0\.0\.1:(\d+)"),
    "http_port": ("--http-port", r"papod serving the web client on 127\.0\.0\.1:(\d+)"),
    "irc_port": ("--irc-port", r"papod listening for IRC on 127\.0\.0\.1:(\d+)"),
}


class Papod:
    """papod as a subprocess on 127.0.0.1, with a moderator password from a file.

    `doors` names the doors it opens (keys of DOORS): on free ports the first time, on the
    same ports after a restart, each read back from papod's log into the attribute of that
    name. Other doors are the script's to turn off in `arguments`.
    """

    def __init__(self, binary, data_dir, password, doors, arguments=(), timeout=20):
        self.binary, self.data_dir, self.password = binary, data_dir, password
        self.doors, self.arguments, self.timeout = tuple(doors), list(arguments), timeout
        for door in self.doors:
            setattr(self, door, 0)
        self.log = []
        self.process = None

    def start(self):
        password_file = os.path.join(self.data_dir, "password")
        with open(password_file, "w") as f:
            f.write(self.password + "\n")
        command = [self.binary, "--host", "127.0.0.1", "--no-console", "--data-dir", self.data_dir,
                   "--moderator-password-file", password_file]
        for door in self.doors:
            command += [DOORS[door][0], str(getattr(self, door))]
        self.process = subprocess.Popen(
            command + self.arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True)
        # Only this run's lines: after a restart the last run's listening lines are still in the log.
        first_line = len(self.log)
        threading.Thread(target=self._read_log, args=(self.process,), daemon=True).start()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            text = "\n".join(self.log[first_line:])
            found = {door: re.search(DOORS[door][1], text) for door in self.doors}
            if all(found.values()):
                for door, match in found.items():
                    setattr(self, door, int(match.group(1)))
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("papod did not start:\n" + "\n".join(self.log[first_line:]))

    def _read_log(self, process):
        for line in process.stderr:
            self.log.append(line.rstrip("\n"))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
