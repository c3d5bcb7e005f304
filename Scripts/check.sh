#!/usr/bin/env bash
# The test suite under ThreadSanitizer and AddressSanitizer, each in its own build folder.
#
#   Scripts/check.sh [thread|address]...     (default: both)
#
# Slower than the plain run that CI does; run it before landing concurrency or memory work.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(thread address)
for sanitizer in "${sanitizers[@]}"; do
    echo "== swift test --sanitize=$sanitizer"
    swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
done
