#!/usr/bin/env bash
# A throwaway PostgreSQL (Debian's postgresql-15) for the tests and the cluster: initdb into a
# directory of its own, listening on 127.0.0.1 at a free port and on a socket in that
# directory, a superuser `papo` with a random password (scram over TCP) and a database
# `papo_test`. Nothing outside the directory is touched.
#
#   eval "$(Scripts/postgres.sh start DIR)"   # exports PAPO_TEST_DATABASE_URL and PGPASSWORD
#   Scripts/postgres.sh pause DIR             # stops the server, keeping DIR (an outage)
#   Scripts/postgres.sh resume DIR            # starts it again on the same port
#   Scripts/postgres.sh stop DIR              # stops it and removes DIR
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
command=${1:?usage: $0 start|pause|resume|stop DIR}
DIR=${2:?usage: $0 start|pause|resume|stop DIR}

# initdb and the server refuse to run as root: as root, they run as the postgres user.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The server keeps none of the caller's descriptors: a caller reading this script's output
# (a test) would otherwise wait on its pipes for as long as PostgreSQL runs.
start_server() {
    (
        # Descriptors a caller leaked to this script (Foundation's Process does) are closed too.
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
        done
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
            -o "-c listen_addresses=127.0.0.1 -p $(cat "$DIR/port") -k $DIR -c fsync=off -c max_connections=200" \
            start </dev/null >/dev/null 2>"$DIR/pg_ctl.err"
    ) || { cat "$DIR/pg_ctl.err" >&2; exit 1; }
}

case "$command" in
start)
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    echo "$password" > "$DIR/password"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR/password"
    as_owner "$BIN/initdb" -D "$DIR/data" -U papo --pwfile="$DIR/password" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" > "$DIR/port"
    start_server
    as_owner "$BIN/createdb" -h "$DIR" -p "$port" -U papo papo_test
    echo "export PAPO_TEST_DATABASE_URL=postgres://papo@127.0.0.1:$port/papo_test"
    echo "export PGPASSWORD=$password"
    ;;
pause)
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    ;;
resume)
    start_server
    ;;
stop)
    [ -d "$DIR/data" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
*) echo "usage: $0 start|pause|resume|stop DIR" >&2; exit 2 ;;
esac
