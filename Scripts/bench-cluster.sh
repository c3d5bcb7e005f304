#!/usr/bin/env bash
# A papod cluster under papo-bench: each scenario against one node (a cluster of one) and then
# three nodes on the same PostgreSQL, papo-bench spreading the clients (and every room) over
# the nodes, so each line crosses the log between nodes. Issue 23's Performance section asks
# for these figures.
#
#   Scripts/bench-cluster.sh [SCENARIO...]      (default: classroom rooms fanout)
#   NODES="1 2 3" Scripts/bench-cluster.sh fanout
#   DURATION=2 Scripts/bench-cluster.sh           # a quick check of the script itself
#   PAPOD=/tmp/papod-before Scripts/bench-cluster.sh fanout   # another build, to compare
#
# Scenarios, as ../shared/bench/README.md runs them: classroom (500 clients in 1 room, 50
# senders at 1 msg/s: 50 msg/s paced), rooms (2,000 clients in 200 rooms of 10, each sending
# 1 msg/s), fanout (100 clients in 1 room, 10 senders flat out, window 128); 10 s each.
#
# Builds papod and papo-bench in release mode and starts a throwaway PostgreSQL of its own
# (Scripts/postgres.sh, fsync off; stopped on exit). Every run gets a new database, so the
# chat log starts empty and no transcript of an earlier run is replayed to papo-bench, and new
# nodes (flood control and the per-address limit off, as for every benchmark; transcripts kept,
# as papod does by default). Columns: the delivery ratio, latency p50/p99 over every delivery
# (across nodes too: one ledger times them all), deliveries/s in the send window; "log lines/s",
# the chat lines that went through PostgreSQL (rows of chat_log holding a papo-bench token, over
# the span of the log's own clock from the first to the last: lines, not deliveries); and the
# CPU seconds during the send window of the papod nodes together and of PostgreSQL (the
# postmaster and its processes, as papo-bench's --server-pid reads them: a process that starts
# during the window, such as an autovacuum worker, is missed) and of papo-bench itself: all
# three share the machine's cores, whose sum over the window is the ceiling. Node logs are
# kept, their directory printed at the end; "log warnings" counts their lines at warning or
# worse.
set -euo pipefail
cd "$(dirname "$0")/.."
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(classroom rooms fanout)
read -r -a node_counts <<<"${NODES:-1 3}"
DURATION=${DURATION:-10}
PAPOD=${PAPOD:-.build/release/papod}

swift build -c release --product papod
swift build -c release --product papo-bench
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/papo-bench-cluster.XXXXXX)
logs=$(mktemp -d /tmp/papo-bench-cluster-logs.XXXXXX)
# Its own directory under /tmp: as root the server runs as postgres, which must reach it.
postgres_dir=$(mktemp -d /tmp/papo-bench-cluster-pg.XXXXXX)
node_pids=()

stop_nodes() {
    local pid
    for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    node_pids=()
}
cleanup() {
    stop_nodes
    Scripts/postgres.sh stop "$postgres_dir"
    rm -rf "$work"
}
trap cleanup EXIT

Scripts/postgres.sh start "$postgres_dir" >"$work/postgres.env"
# shellcheck disable=SC1091
. "$work/postgres.env"
admin_url=$PAPO_TEST_DATABASE_URL
base_url=${admin_url%/*}

# papo-bench's options per scenario: chatload's in ../shared/bench/run.sh (warm-up -W, drain -g).
scenario_flags() {
    case "$1" in
    classroom) echo "--clients 500 --rooms 1 --senders 50 --rate 1 --warmup 3" ;;
    rooms) echo "--clients 2000 --rooms 200 --senders 2000 --rate 1 --warmup 3" ;;
    fanout) echo "--clients 100 --rooms 1 --senders 10 --rate 0 --window 128 --warmup 2" ;;
    *) echo "bench-cluster.sh: unknown scenario $1 (classroom, rooms, fanout)" >&2; return 2 ;;
    esac
}

# Starts COUNT nodes named a, b, c... on database URL; sets node_pids and node_ports.
start_nodes() {
    local count=$1 url=$2 run=$3 names=(a b c d e f g h) index log
    node_ports=()
    for ((index = 0; index < count; index++)); do
        log="$logs/$run-${names[$index]}.log"
        mkdir -p "$work/$run-${names[$index]}"
        "$PAPOD" --host 127.0.0.1 --port 0 --no-console --no-web --no-irc \
            --data-dir "$work/$run-${names[$index]}" --database "$url" --node "${names[$index]}" \
            --flood-rate 0 --max-connections-per-address 0 --log-level notice </dev/null 2>"$log" &
        node_pids+=($!)
    done
    for ((index = 0; index < count; index++)); do
        log="$logs/$run-${names[$index]}.log"
        # A node applies the whole log before it listens; an empty log takes a moment only.
        for _ in $(seq 300); do grep -q "papod listening on" "$log" && break; sleep 0.1; done
        node_ports+=("$(sed -n 's/.*papod listening on [^ ]*:\([0-9]*\).*/\1/p' "$log" | head -1)")
        [ -n "${node_ports[$index]}" ] || { echo "node ${names[$index]} did not start:" >&2; cat "$log" >&2; exit 1; }
    done
}

# The postmaster and every process it has started (backends, writers, launchers).
postgres_pids() {
    local postmaster
    postmaster=$(head -1 "$postgres_dir/data/postmaster.pid")
    echo "$postmaster"
    ps -o pid= --ppid "$postmaster"
}

results="$work/results.tsv"
run=0
for scenario in "${scenarios[@]}"; do
    flags=$(scenario_flags "$scenario")
    for nodes in "${node_counts[@]}"; do
        run=$((run + 1))
        database="run_$run"
        psql "$admin_url" -qAt -c "CREATE DATABASE $database" >/dev/null
        url="$base_url/$database"
        start_nodes "$nodes" "$url" "$run-$scenario-$nodes"
        database_pids=$(postgres_pids | tr -s ' \n' ' ')
        bench_flags=()
        for port in "${node_ports[@]}"; do bench_flags+=(--port "$port"); done
        for pid in "${node_pids[@]}" $database_pids; do bench_flags+=(--server-pid "$pid"); done
        echo "== $scenario on $nodes node(s): ports ${node_ports[*]}" >&2
        # shellcheck disable=SC2086
        json=$(.build/release/papo-bench "${bench_flags[@]}" $flags --duration "$DURATION" --drain 5 --json) || true
        json=${json:-'{}'}
        stop_nodes
        # The chat lines papo-bench sent, as rows of the log, and the log's clock over them. A
        # payload is binary (LoggedChatInput+Payload), its text UTF-8: 'escape' keeps ASCII as is.
        log_figures=$(psql "$url" -qAt -F ' ' -c "
            SELECT count(*),
                   count(*) FILTER (WHERE encode(payload, 'escape') ~ 'T[0-9]+:[0-9]+:[0-9]+'),
                   coalesce(max(at_micros) FILTER (WHERE encode(payload, 'escape') ~ 'T[0-9]+:[0-9]+:[0-9]+')
                       - min(at_micros) FILTER (WHERE encode(payload, 'escape') ~ 'T[0-9]+:[0-9]+:[0-9]+'), 0)
            FROM chat_log")
        psql "$admin_url" -qAt -c "DROP DATABASE $database" >/dev/null
        # Node faults only: at --log-level notice, users' mistakes never reach warning.
        warnings=$(cat "$logs/$run-$scenario-$nodes"-*.log | grep -ciE '\b(warning|error|critical)\b' || true)
        printf '%s\t%s\t%s\t%s\t%s\n' "$scenario" "$nodes" "$log_figures" "$warnings" "$json" >>"$results"
    done
done

echo
build=$(git rev-parse --short HEAD)
[ "$PAPOD" = .build/release/papod ] || build=$PAPOD
echo "# $(date -u +%FT%TZ) papod $build cluster on PostgreSQL 15 (fsync off)," \
    "$(nproc) cores: $(($(nproc) * DURATION)) CPU-s in each send window"
python3 - "$results" <<'PY'
import json, sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
header = ("scenario", "nodes", "ratio", "p50 ms", "p99 ms", "deliveries/s", "sent", "log lines/s",
          "log rows", "papod CPU s", "postgres CPU s", "papo-bench CPU s", "log warnings")
print("| " + " | ".join(header) + " |")
print("|" + "---|" * len(header))
for scenario, nodes, log_figures, warnings, text in rows:
    report = json.loads(text)
    if "ratio" not in report:
        print(f"| {scenario} | {nodes} | papo-bench gave no report |" + " |" * (len(header) - 3))
        continue
    log_rows, lines, span_micros = (int(value) for value in log_figures.split())
    node_count = int(nodes)
    # --server-pid lists the nodes first, then PostgreSQL's processes; an unreadable one is null.
    each = [seconds or 0 for seconds in report.get("server_cpu_s_each", [])]
    lines_per_second = lines / (span_micros / 1e6) if span_micros > 0 else 0
    print(f"| {scenario} | {nodes} | {report['ratio']:.4f} | {report['p50_us'] / 1000:.2f} | "
          f"{report['p99_us'] / 1000:.2f} | {report['dps']:,} | {report['sent']:,} | {lines_per_second:,.0f} | "
          f"{log_rows:,} | {sum(each[:node_count]):.2f} | {sum(each[node_count:]):.2f} | "
          f"{report['gen_cpu_s']:.2f} | {warnings} |")
PY
echo "node logs: $logs"
