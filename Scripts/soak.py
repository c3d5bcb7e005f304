#!/usr/bin/env python3
"""Churn soak against a running papod: CLIENTS clients connect, join rooms, chat and leave,
and new ones take their places, for MINUTES. Samples papod's open file descriptors and
resident memory, and fails if descriptors do not return to their starting count or memory
at the end is more than 10% above its level after the first minute.

usage: soak.py PORT PID MINUTES [CLIENTS]
"""
import asyncio
import os
import random
import sys
import time

import papod_process

PORT, PID, MINUTES = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
CLIENTS = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
ROOMS = 50


def fds():
    return len(os.listdir(f"/proc/{PID}/fd"))


def rss_kib():
    return papod_process.rss_kib(PID)


stats = {"sessions": 0, "messages": 0, "errors": 0}


async def drain(reader):
    try:
        while await reader.read(65536):
            pass
    except (ConnectionError, OSError):
        pass


async def session(slot, generation, deadline):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    except OSError:
        stats["errors"] += 1
        await asyncio.sleep(1)
        return
    reading = asyncio.ensure_future(drain(reader))
    try:
        writer.write(f"/nick s{slot}g{generation}\n/join #r{random.randrange(ROOMS)}\n".encode())
        end = min(deadline, time.monotonic() + random.uniform(5, 20))
        while time.monotonic() < end:
            await asyncio.sleep(random.uniform(1.5, 2.5))
            writer.write(f"message {stats['messages']} from {slot}\n".encode())
            stats["messages"] += 1
            await writer.drain()
        writer.write(b"/quit soak over\n")
        await writer.drain()
    except (ConnectionError, OSError):
        stats["errors"] += 1
    finally:
        writer.close()
        reading.cancel()
    stats["sessions"] += 1


async def slot_loop(slot, deadline):
    generation = 0
    await asyncio.sleep(random.uniform(0, 5))  # ramp up over five seconds
    while time.monotonic() < deadline:
        await session(slot, generation, deadline)
        generation += 1


async def main():
    start_fds = fds()
    start = time.monotonic()
    deadline = start + MINUTES * 60
    tasks = [asyncio.ensure_future(slot_loop(slot, deadline)) for slot in range(CLIENTS)]
    await asyncio.sleep(min(60, MINUTES * 60 / 2))
    first_minute_rss = rss_kib()
    print(f"soak: after {time.monotonic() - start:.0f}s: rss {first_minute_rss} KiB, fds {fds()}", flush=True)
    end_rss = first_minute_rss
    while time.monotonic() < deadline - 2:
        await asyncio.sleep(min(30, max(0.5, deadline - 2 - time.monotonic())))
        end_rss = rss_kib()
        print(f"soak: at {time.monotonic() - start:.0f}s: rss {end_rss} KiB, fds {fds()}, "
              f"sessions {stats['sessions']}, messages {stats['messages']}, errors {stats['errors']}", flush=True)
    await asyncio.gather(*tasks)
    # Let papod notice the last closes.
    for _ in range(100):
        if fds() <= start_fds:
            break
        await asyncio.sleep(0.1)
    end_fds = fds()
    growth = (end_rss - first_minute_rss) / first_minute_rss * 100 if first_minute_rss else 0
    print(f"soak: {MINUTES} min, {CLIENTS} clients: {stats['sessions']} sessions, {stats['messages']} messages, "
          f"{stats['errors']} errors; fds {start_fds} -> {end_fds}; rss {first_minute_rss} KiB after the first "
          f"minute, {end_rss} KiB at the end ({growth:+.1f}%)")
    ok = end_fds == start_fds and growth <= 10
    print("soak: PASS" if ok else "soak: FAIL")
    return 0 if ok else 1


sys.exit(asyncio.run(main()))
