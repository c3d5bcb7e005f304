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
# Leaks inside the toolchain's Foundation, XCTest and the test helpers are not papod's.
export LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan.supp:print_suppressions=0"
# A read overflow in the toolchain's Foundation (see the file) is not papod's either.
export ASAN_OPTIONS="suppressions=$PWD/Scripts/asan.supp"
for sanitizer in "${sanitizers[@]}"; do
    echo "== swift test --sanitize=$sanitizer"
    swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
done
