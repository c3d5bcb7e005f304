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
source Scripts/papod-release.sh
start_papod
python3 Scripts/soak.py "$PORT" "$PID" "$MINUTES" "$CLIENTS"
