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
swift build -c release --product papod
DATA=$(mktemp -d)
LOG=$DATA/papod.log
ulimit -n "$(ulimit -Hn)"
# shellcheck disable=SC2086
.build/release/papod --host 127.0.0.1 --port 0 --no-console --data-dir "$DATA" \
    --flood-rate 0 --max-connections-per-address 0 --silent-deadline 0 --log-level notice \
    ${PAPOD_FLAGS:-} </dev/null 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$LOG" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\).*/\1/p' "$LOG" | head -1)
[ -n "$PORT" ] || { echo "memory.sh: papod did not start:"; cat "$LOG"; exit 1; }
python3 Scripts/memory.py "$PORT" "$PID" "$CLIENTS" "$SETTLE"
