#!/usr/bin/env python3
"""Idle connections on one of papod's doors: CLIENTS connect (through TLS for the tls door),
read their welcome, join a room of ten (as the benchmark's idle clients do) and stay. Prints
papod's resident memory per connection.

usage: bench_idle.py plain|tls|web PORT PID CLIENTS      (web: PORT is the --http-port)
"""
import asyncio
import os
import ssl
import sys
import time

import papod_process

DOOR, PORT, PID, CLIENTS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


def rss_kib():
    return papod_process.rss_kib(PID)


def ws_frame(text):
    """A client's text frame, masked with a zero key."""
    payload = text.encode()
    return bytes([0x81, 0x80 | len(payload), 0, 0, 0, 0]) + payload


async def idle_client(number, context, ready, stop):
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT, ssl=context, limit=1 << 20)
    room = f"sala{number // 10:04d}".encode()
    if DOOR == "web":
        writer.write(f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: cGFwby1iZW5jaC1rZXkhIQ==\r\n\r\n".encode())
        await reader.readuntil(b"\r\n\r\n")
        writer.write(ws_frame("/join " + room.decode()))
        # Events arrive as frames; the join's confirmation names the room.
        received = b""
        while b"you are now in #" + room not in received:
            received += await reader.read(65536)
    else:
        while b"Welcome" not in await reader.readline():
            pass
        writer.write(b"/join " + room + b"\n")
        # The join's confirmation names the room.
        while room not in await reader.readline():
            pass
    ready.release()
    await stop.wait()
    writer.close()


async def main():
    context = None
    if DOOR == "tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    time.sleep(1)
    before = rss_kib()
    ready = asyncio.Semaphore(0)
    stop = asyncio.Event()
    tasks = []
    for start in range(0, CLIENTS, 100):
        batch = [asyncio.create_task(idle_client(n, context, ready, stop)) for n in range(start, min(CLIENTS, start + 100))]
        tasks += batch
        for _ in batch:
            await ready.acquire()
    # Let papod's deliveries of the arrivals settle, and its once-a-second tick see the crowd
    # settled (it trims the heap then).
    await asyncio.sleep(5)
    previous = -1
    while rss_kib() != previous:
        previous = rss_kib()
        await asyncio.sleep(2)
    after = rss_kib()
    print(f"idle   {DOOR:5} {CLIENTS} connections: resident memory {before / 1024:.1f} -> {after / 1024:.1f} MB, "
          f"{(after - before) / CLIENTS:.2f} KiB per connection", flush=True)
    # IDLE_HOLD=SECONDS keeps the connections a while after measuring, to look at papod then.
    await asyncio.sleep(float(os.environ.get("IDLE_HOLD", "0")))
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)


asyncio.run(main())
