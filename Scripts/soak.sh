#!/usr/bin/env bash
# Soak papod (release build) with churning clients: connect, join rooms, chat, leave, repeat.
#
#   Scripts/soak.sh [MINUTES] [CLIENTS]     (default 10 minutes, 1,000 clients)
#
# Passes when papod's open file descriptors return to their starting count and its resident
# memory at the end is within 10% of its level after the first minute.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-10}
CLIENTS=${2:-1000}
swift build -c release --product papod
DATA=$(mktemp -d)
LOG=$DATA/papod.log
ulimit -n "$(ulimit -Hn)"
.build/release/papod --host 127.0.0.1 --port 0 --no-console --data-dir "$DATA" \
    --flood-rate 0 --max-connections-per-address 0 --log-level notice </dev/null 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$LOG" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\).*/\1/p' "$LOG" | head -1)
[ -n "$PORT" ] || { echo "soak.sh: papod did not start:"; cat "$LOG"; exit 1; }
python3 Scripts/soak.py "$PORT" "$PID" "$MINUTES" "$CLIENTS"
