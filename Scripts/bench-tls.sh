#!/usr/bin/env bash
# What TLS costs papod: the same fanout through the plain door and through the TLS door of one
# papod (release build, self-signed certificate), taking turns, and the resident memory of idle
# connections on each door.
#
#   Scripts/bench-tls.sh [ROUNDS] [IDLE_CLIENTS]     (default 3 rounds, 2,000 idle clients)
#
# Fanout is papo-bench's: 100 clients in one room, 10 senders flat out, 10 s. Deliveries per
# server CPU-second divide papo-bench's deliveries by the CPU papod used during the run (from
# /proc/PID/stat, set-up included). Idle: clients connect (and handshake), read their welcome
# and stay; papod's resident memory before and after, per connection.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
IDLE=${2:-2000}
swift build -c release --product papo-bench
source Scripts/papod-release.sh
fanout() {
    local door=$1 port=$2 flags=$3 before after json
    before=$(cpu_seconds)
    # shellcheck disable=SC2086
    json=$(.build/release/papo-bench --port "$port" $flags --clients 100 --rooms 1 --senders 10 --duration 10 --json)
    after=$(cpu_seconds)
    python3 - "$door" "$before" "$after" "$json" <<'PY'
import json, sys
door, before, after, report = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
cpu = after - before
print(f"fanout {door:5} deliveries/s {report['dps'] / 1e6:6.2f} M  ratio {report['ratio']:.4f}  "
      f"server CPU {cpu:5.2f} s  deliveries per server CPU-s {report['deliveries'] / cpu / 1e6:6.2f} M  "
      f"p50/p99 {report['p50_us'] / 1000:.1f}/{report['p99_us'] / 1000:.1f} ms")
PY
}
# No transcript: each run joins the room the previous one left, and replayed lines would reach
# papo-bench as stale tokens.
start_papod --tls-port 0 --tls-self-signed --silent-deadline 0 --history-days 0
for round in $(seq "$ROUNDS"); do
    fanout plain "$PORT" ""
    fanout tls "$TLS_PORT" "--tls"
done
stop_papod
for door in plain tls; do
    start_papod --tls-port 0 --tls-self-signed --silent-deadline 0
    if [ "$door" = plain ]; then port=$PORT; else port=$TLS_PORT; fi
    python3 Scripts/bench_idle.py "$door" "$port" "$PID" "$IDLE"
    stop_papod
done
