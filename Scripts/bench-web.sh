#!/usr/bin/env bash
# What the browser door costs papod: the same load through the assignment's door (TCP) and
# through the web door's WebSocket (what the web page speaks) of one papod (release build),
# taking turns, and the resident memory of idle WebSocket connections.
#
#   Scripts/bench-web.sh [ROUNDS] [IDLE_CLIENTS]     (default 3 rounds, 2,000 idle clients)
#
# Fanout: papo-bench's 100 clients in one room, 10 senders flat out, 10 s; deliveries per
# server CPU-second divide the deliveries by the CPU papod used during the run (from
# /proc/PID/stat, set-up included). Classroom: 500 clients in one room, 50 of them sending one
# message a second each, 10 s; delivery latency p99. Idle: clients upgrade, join a room of ten
# and stay; papod's resident memory before and after, per connection.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
IDLE=${2:-2000}
swift build -c release --product papo-bench
source Scripts/papod-release.sh
# No transcript: each run joins the room the previous one left, and replayed lines would reach
# papo-bench as stale tokens.
start_papod --http-port 0 --silent-deadline 0 --history-days 0
for round in $(seq "$ROUNDS"); do
    load fanout tcp "$PORT" "--clients 100 --rooms 1 --senders 10"
    load fanout websocket "$WEB_PORT" "--websocket --clients 100 --rooms 1 --senders 10"
    load classroom tcp "$PORT" "--clients 500 --rooms 1 --senders 50 --rate 1"
    load classroom websocket "$WEB_PORT" "--websocket --clients 500 --rooms 1 --senders 50 --rate 1"
done
stop_papod
idle_per_door "$IDLE" "--http-port 0 --silent-deadline 0" plain web
