#!/usr/bin/env bash
# Accuracy and speed benchmarks of deploydiff vs Drain3 on the Loghub-2k data
# (https://github.com/logpai/loghub); `make bench` calls this.
#
#   bench/run.sh BIN [DATA_DIR]
#
# Both steps always run; the exit status is non-zero if either failed.
set -uo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 BIN [DATA_DIR]" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
accuracy_args=(--bin "$1")
speed_args=(--bin "$1")
if [ $# -eq 2 ]; then
    accuracy_args+=("$2")
    speed_args+=(--data-dir "$2")
fi
# BENCH_CHECK=DIR also scores a held-out folder of datasets (same layout) with the defaults.
if [ -n "${BENCH_CHECK:-}" ]; then
    accuracy_args+=(--check "$BENCH_CHECK")
fi
# Keep bench/ free of __pycache__ folders.
export PYTHONDONTWRITEBYTECODE=1

status=0
echo "## Accuracy (Loghub-2k, corrected templates)"
python3 "$here/accuracy.py" "${accuracy_args[@]}" || status=$?
echo
echo "## Speed"
python3 "$here/speed.py" "${speed_args[@]}" || status=$?
echo
echo "## Index (end to end, into a fresh store)"
python3 "$here/index_speed.py" "${speed_args[@]}" --repeat 5 || status=$?
echo
echo "## Exactly once (kill -9 and a grown file, 2M lines)"
python3 "$here/crash_resume.py" "${speed_args[@]}" || status=$?
echo
echo "## Many indexers, one PostgreSQL store (8 at once, beside one SQLite run)"
"$here/../scripts/with-postgres.sh" python3 "$here/pg_concurrent.py" "${speed_args[@]}" || status=$?
echo
echo "## Diff (10,000 templates per deployment, 2,000 hunks)"
python3 "$here/diff_speed.py" --bin "$1" || status=$?
if [ -x "$here/git_changes.sh" ]; then
    echo
    echo "## Git changes"
    "$here/git_changes.sh" "$1" || status=$?
fi
exit "$status"
