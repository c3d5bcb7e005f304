# Sourced by the scripts that load papod (memory.sh, soak.sh, bench-tls.sh, bench-web.sh):
# builds papod in release mode and starts it on 127.0.0.1 and free ports with a fresh data
# directory, flood control and the per-address limit off, and whatever flags are given (then
# $PAPOD_FLAGS).
# Sets PID, PORT, TLS_PORT (when there is a TLS door), WEB_PORT (with --http-port), DATA and
# LOG; stops papod and removes DATA on exit. The web door is off unless --http-port is given,
# the IRC door unless --irc-port is.
swift build -c release --product papod
DATA=$(mktemp -d)
LOG=$DATA/papod.log
ulimit -n "$(ulimit -Hn)"
trap 'stop_papod; rm -rf "$DATA"' EXIT

start_papod() {
    rm -f "$LOG"
    local web="--no-web" irc="--no-irc"
    case " $* " in *" --http-port "*) web="" ;; esac
    case " $* " in *" --irc-port "*) irc="" ;; esac
    # shellcheck disable=SC2086
    .build/release/papod --host 127.0.0.1 --port 0 $web $irc --no-console --data-dir "$DATA" --flood-rate 0 \
        --max-connections-per-address 0 --log-level notice "$@" ${PAPOD_FLAGS:-} </dev/null 2>"$LOG" &
    PID=$!
    local ready="papod listening on"
    case " $* " in *" --tls-"*) ready="listening for TLS on" ;; esac
    # The web door binds after the others: its line comes last.
    [ -z "$web" ] && ready="serving the web client on"
    # The IRC door binds after the web door.
    [ -z "$irc" ] && ready="listening for IRC on"
    for _ in $(seq 200); do grep -q "$ready" "$LOG" && break; sleep 0.1; done
    PORT=$(sed -n 's/.*papod listening on [^ ]*:\([0-9]*\).*/\1/p' "$LOG" | head -1)
    TLS_PORT=$(sed -n 's/.*listening for TLS on [^ ]*:\([0-9]*\).*/\1/p' "$LOG" | head -1)
    WEB_PORT=$(sed -n 's/.*serving the web client on [^ ]*:\([0-9]*\).*/\1/p' "$LOG" | head -1)
    [ -n "$PORT" ] || { echo "papod did not start:"; cat "$LOG"; exit 1; }
}

stop_papod() {
    [ -n "${PID:-}" ] || return 0
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=
}

# papod's CPU time so far in seconds: utime and stime, fields 14 and 15 of /proc/PID/stat.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$PID/stat"
}

# One papo-bench run of 10 s against PORT with FLAGS, printed on one line with the server CPU it
# cost (from /proc/PID/stat, set-up included) and the deliveries per server CPU-second:
#   load SCENARIO DOOR PORT "FLAGS"     (needs papo-bench's release build)
load() {
    local scenario=$1 door=$2 port=$3 flags=$4 before after json
    before=$(cpu_seconds)
    # shellcheck disable=SC2086
    json=$(.build/release/papo-bench --port "$port" $flags --duration 10 --json)
    after=$(cpu_seconds)
    python3 - "$scenario" "$door" "$before" "$after" "$json" <<'PY'
import json, sys
scenario, door, before, after, report = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
cpu = after - before
print(f"{scenario:9} {door:9} deliveries/s {report['dps'] / 1e6:6.2f} M  ratio {report['ratio']:.4f}  "
      f"server CPU {cpu:5.2f} s  deliveries per server CPU-s {report['deliveries'] / cpu / 1e6:6.2f} M  "
      f"p50/p99 {report['p50_us'] / 1000:.2f}/{report['p99_us'] / 1000:.2f} ms")
PY
}

# Idle connections through each door in turn, each against a fresh papod started with FLAGS:
#   idle_per_door CLIENTS "FLAGS" DOOR...     (DOOR: plain, tls or web, as bench_idle.py takes)
idle_per_door() {
    local clients=$1 flags=$2 door port
    shift 2
    for door in "$@"; do
        # shellcheck disable=SC2086
        start_papod $flags
        case "$door" in plain) port=$PORT ;; tls) port=$TLS_PORT ;; web) port=$WEB_PORT ;; esac
        python3 Scripts/bench_idle.py "$door" "$port" "$PID" "$clients"
        stop_papod
    done
}
