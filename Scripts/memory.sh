#!/usr/bin/env bash
# Does papod give memory back? CLIENTS clients connect and never read (so papod queues what
# each is sent: every arrival in #lobby is announced to all), then all close at once. Passes
# when, a minute after the last one closed, papod's resident memory is within 20% of where it
# was before they came.
#
#   Scripts/memory.sh [CLIENTS] [SETTLE_SECONDS]     (default 2,000 clients, 60 s)
#
# Extra papod flags go in PAPOD_FLAGS (PAPOD_FLAGS=--tune-allocator shows what the benchmark
# tuning keeps).
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-2000}
SETTLE=${2:-60}
source Scripts/papod-release.sh
start_papod --silent-deadline 0
python3 Scripts/memory.py "$PORT" "$PID" "$CLIENTS" "$SETTLE"
