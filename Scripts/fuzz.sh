#!/usr/bin/env bash
# Fuzz the framing decoder, the protocol detector and the command parser with libFuzzer, and
# papod's TLS door (NIOSSLServerHandler and the connection handler in EmbeddedChannels): inputs
# whose first byte has its top bit set also go in raw as handshake records, or, with bit 6 set
# too, as plaintext from an in-memory TLS client after a real handshake.
#
#   Scripts/fuzz.sh [SECONDS]     (default 60)
#
# Builds Scripts/fuzz (a package of its own, so the main build stays free of fuzzing flags)
# with AddressSanitizer and libFuzzer's coverage, linked to libFuzzer's driver, then runs it on a copy of the seed corpus in Scripts/fuzz/corpus,
# keeping what it learns in .build-fuzz/corpus. A crash leaves its input in .build-fuzz/ and
# ends the script with a failure; turn each one into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
SCRATCH=$PWD/.build-fuzz
FLAGS=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld -Xlinker --allow-multiple-definition)
swift build --package-path Scripts/fuzz --scratch-path "$SCRATCH" "${FLAGS[@]}"
BIN=$(swift build --package-path Scripts/fuzz --scratch-path "$SCRATCH" "${FLAGS[@]}" --show-bin-path)/PapoFuzz
mkdir -p "$SCRATCH/corpus" "$SCRATCH/artifacts"
cp -n Scripts/fuzz/corpus/* "$SCRATCH/corpus/" 2>/dev/null || true
"$BIN" "$SCRATCH/corpus" -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -timeout=10 \
    -artifact_prefix="$SCRATCH/artifacts/" -print_final_stats=1
