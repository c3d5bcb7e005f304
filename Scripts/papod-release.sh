# Sourced by the scripts that load papod (memory.sh, soak.sh, bench-tls.sh): builds papod in
# release mode and starts it on 127.0.0.1 and free ports with a fresh data directory, flood
# control and the per-address limit off, and whatever flags are given (then $PAPOD_FLAGS).
# Sets PID, PORT, TLS_PORT (when there is a TLS door), WEB_PORT (with --http-port), DATA and
# LOG; stops papod and removes DATA on exit. The web door is off unless --http-port is given.
swift build -c release --product papod
DATA=$(mktemp -d)
LOG=$DATA/papod.log
ulimit -n "$(ulimit -Hn)"
trap 'stop_papod; rm -rf "$DATA"' EXIT

start_papod() {
    rm -f "$LOG"
    local web="--no-web"
    case " $* " in *" --http-port "*) web="" ;; esac
    # shellcheck disable=SC2086
    .build/release/papod --host 127.0.0.1 --port 0 $web --no-console --data-dir "$DATA" --flood-rate 0 \
        --max-connections-per-address 0 --log-level notice "$@" ${PAPOD_FLAGS:-} </dev/null 2>"$LOG" &
    PID=$!
    local ready="papod listening on"
    case " $* " in *" --tls-"*) ready="listening for TLS on" ;; esac
    # The web door binds after the others: its line comes last.
    [ -z "$web" ] && ready="serving the web client on"
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
