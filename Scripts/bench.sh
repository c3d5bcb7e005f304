#!/usr/bin/env bash
# Benchmark papod with the shared chat benchmark harness (chatload), on loopback.
#
#   Scripts/bench.sh [SCENARIO...]          (default: fanout classroom rooms idle)
#   PEERS="ngircd inspircd" Scripts/bench.sh fanout    # side by side with other servers
#
# Builds papod in release mode, runs each scenario against a fresh server (flood control and
# the per-address connection limit off, as for every peer), then prints one table of every
# run so far. The harness lives beside the checkout in ../shared/bench (or CHATBENCH_HARNESS).
set -euo pipefail
cd "$(dirname "$0")/.."
HARNESS=${CHATBENCH_HARNESS:-$(cd .. && pwd)/shared/bench}
if [ ! -x "$HARNESS/run.sh" ]; then
    echo "bench.sh: no benchmark harness at $HARNESS (set CHATBENCH_HARNESS)" >&2
    exit 2
fi
swift build -c release --product papod
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(fanout classroom rooms idle)
for peer in papod ${PEERS:-}; do
    PAPO_CHECKOUT=$PWD "$HARNESS/run.sh" "$peer" "${scenarios[@]}"
done
python3 "$HARNESS/summarize.py"
