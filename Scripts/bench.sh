#!/usr/bin/env bash
# Benchmark papod with the shared chat benchmark harness (chatload), on loopback.
#
#   Scripts/bench.sh [SCENARIO...]          (default: fanout classroom rooms idle syscalls)
#   PEERS="ngircd inspircd" Scripts/bench.sh fanout    # side by side with other servers
#   TRANSCRIPT=off Scripts/bench.sh fanout             # papod with --history-days 0
#   PAPOD_FLAGS="--loop-scheduling batch" Scripts/bench.sh rooms   # papod with more flags
#   PAPOD_B_FLAGS="--direct-send" Scripts/bench.sh rooms   # A/B in one run: papod, then papod with
#                                                          # these flags (shown as papod-b)
#
# Builds papod in release mode, runs each scenario against a fresh server (flood control and
# the per-address connection limit off, as for every peer), then right after it against each
# peer in $PEERS the same way, and prints one table of this run. Peers take turns scenario by
# scenario rather than one after another: on a shared machine a slow spell then falls on all
# of them alike, not on whichever server happened to be running. papod records its
# transcript as it does by default, into a new data directory per scenario: history replayed
# from an earlier scenario would reach chatload's receivers as stale tokens. The harness
# lives beside the checkout in ../shared/bench (or CHATBENCH_HARNESS).
set -euo pipefail
cd "$(dirname "$0")/.."
HARNESS=${CHATBENCH_HARNESS:-$(cd .. && pwd)/shared/bench}
if [ ! -x "$HARNESS/run.sh" ]; then
    echo "bench.sh: no benchmark harness at $HARNESS (set CHATBENCH_HARNESS)" >&2
    exit 2
fi
swift build -c release --product papod
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(fanout classroom rooms idle syscalls)

# This run's results only, so the table compares peers measured together.
export CHATBENCH_TMP=${CHATBENCH_TMP:-/tmp/chatbench}
export RESULTS_DIR
RESULTS_DIR=$(mktemp -d "$CHATBENCH_TMP-results.XXXXXX")
data_root=$(mktemp -d /tmp/papo-bench-data.XXXXXX)
trap 'rm -rf "$data_root"' EXIT
extra_flags=""
[ "${TRANSCRIPT:-on}" = off ] && extra_flags="--history-days 0"
extra_flags="$extra_flags ${PAPOD_FLAGS:-}"

declare -A rep=()
for scenario in "${scenarios[@]}"; do
    rep[$scenario]=$(( ${rep[$scenario]:-0} + 1 ))
    dir="$data_root/$scenario-${rep[$scenario]}"
    PAPO_CHECKOUT=$PWD PAPOD_BENCH_FLAGS="--data-dir $dir $extra_flags" REP_START=${rep[$scenario]} \
        "$HARNESS/run.sh" papod "$scenario"
    rm -rf "$dir"
    if [ -n "${PAPOD_B_FLAGS:-}" ]; then
        # The same build with more flags, right after: its results are kept apart as papod-b.
        b_results=$(mktemp -d "$CHATBENCH_TMP-b.XXXXXX")
        RESULTS_DIR=$b_results PAPO_CHECKOUT=$PWD PAPOD_BENCH_FLAGS="--data-dir $dir $extra_flags $PAPOD_B_FLAGS" \
            REP_START=${rep[$scenario]} "$HARNESS/run.sh" papod "$scenario"
        sed 's/ peer=papod / peer=papod-b /' "$b_results/papod.txt" >> "$RESULTS_DIR/papod-b.txt"
        rm -rf "$dir" "$b_results"
    fi
    for peer in ${PEERS:-}; do
        REP_START=${rep[$scenario]} "$HARNESS/run.sh" "$peer" "$scenario"
    done
done
echo
echo "# $(date -u +%FT%TZ) $(nproc) cores; results in $RESULTS_DIR"
python3 "$HARNESS/summarize.py" "$RESULTS_DIR"
