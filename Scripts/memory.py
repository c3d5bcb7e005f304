#!/usr/bin/env python3
"""Memory return against a running papod: CLIENTS sockets connect and never read, stay until
papod has welcomed them all, then close together. Fails if papod's resident memory SETTLE
seconds after the last close is more than 20% above its level before the first connect.

usage: memory.py PORT PID CLIENTS SETTLE
"""
import os
import socket
import sys
import time

import papod_process

PORT, PID, CLIENTS, SETTLE = (int(value) for value in sys.argv[1:5])


def rss_kib():
    return papod_process.rss_kib(PID)


def established():
    """papod's sockets, counted through its descriptors (which may close as they are read)."""
    count = 0
    for fd in os.listdir(f"/proc/{PID}/fd"):
        try:
            count += os.readlink(f"/proc/{PID}/fd/{fd}").startswith("socket:")
        except FileNotFoundError:
            pass
    return count


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"memory.py: timed out waiting for {what}")
        time.sleep(0.2)


time.sleep(1)
start = rss_kib()
base_sockets = established()
sockets = []
for _ in range(CLIENTS):
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A small receive window (set before connecting, so it is what the kernel offers), so
    # papod, not the kernel, holds most of what each client is sent.
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(("127.0.0.1", PORT))
    sockets.append(client)
wait_for(lambda: established() >= base_sockets + CLIENTS, 120, f"papod to accept {CLIENTS} connections")
# Let the arrivals' announcements settle: memory stops growing.
previous = -1
while rss_kib() != previous:
    previous = rss_kib()
    time.sleep(2)
peak = rss_kib()
for client in sockets:
    client.close()
wait_for(lambda: established() <= base_sockets, 120, "papod to close every connection")
time.sleep(SETTLE)
end = rss_kib()
print(f"papod resident memory: {start / 1024:.1f} MB at start, {peak / 1024:.1f} MB with {CLIENTS} "
      f"clients queued, {end / 1024:.1f} MB {SETTLE} s after they all closed ({end / start:.2f} of the start)")
if end > start * 1.2:
    sys.exit("memory.py: papod kept more than 20% above its starting memory")
