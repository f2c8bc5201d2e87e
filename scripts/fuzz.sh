#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS seconds from its seed corpus (fixtures/fuzz/<target>/).
# No crash (a failed check traps), no hang (-timeout), bounded memory (-rss_limit_mb, -malloc_limit_mb).
# Leak detection is off: LeakSanitizer reports Swift's lazily initialised globals (whose pointers it
# cannot see in enum payloads' spare bits) as leaks on the first input.
# New inputs go to .build-fuzz/corpus/<target>/; a crash is written to .build-fuzz/crashes/<target>/
# and fails the run: add it to fixtures/fuzz/<target>/ with its fix and a regression test.
# Usage: scripts/fuzz.sh BIN_DIR SECONDS [TARGET...]
set -euo pipefail
bin=$1; seconds=$2; shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzRecordReader FuzzHeaderFormat FuzzPolicyLoader)
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for t in "${targets[@]}"; do
  corpus=$root/.build-fuzz/corpus/$t
  crashes=$root/.build-fuzz/crashes/$t
  mkdir -p "$corpus" "$crashes"
  echo "fuzz: $t for ${seconds}s"
  # The Swift runtime's backtracer hangs on a sanitizer's crash: libFuzzer reports it instead.
  if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$bin/$t" "$corpus" "$root/fixtures/fuzz/$t" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -detect_leaks=0 -max_len=8192 \
      -artifact_prefix="$crashes/" -print_final_stats=1 >"$crashes/../$t.log" 2>&1; then
    echo "fuzz: $t FAILED; see .build-fuzz/crashes/$t.log and the input in .build-fuzz/crashes/$t/" >&2
    grep -E "ERROR|Precondition|Fatal error|timeout|out-of-memory" "$crashes/../$t.log" | head -5 >&2 || true
    status=1
  else
    grep -E "stat::number_of_executed_units" "$crashes/../$t.log" | sed "s/^/fuzz: $t: /" || true
  fi
done
exit $status
