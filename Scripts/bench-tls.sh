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
# No transcript: each run joins the room the previous one left, and replayed lines would reach
# papo-bench as stale tokens.
start_papod --tls-port 0 --tls-self-signed --silent-deadline 0 --history-days 0
for round in $(seq "$ROUNDS"); do
    load fanout plain "$PORT" "--clients 100 --rooms 1 --senders 10"
    load fanout tls "$TLS_PORT" "--tls --clients 100 --rooms 1 --senders 10"
done
stop_papod
idle_per_door "$IDLE" "--tls-port 0 --tls-self-signed --silent-deadline 0" plain tls
