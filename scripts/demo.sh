#!/usr/bin/env bash
# make demo: what exists of the pipeline, on the bundled fixture logs, offline.
set -euo pipefail
bin="${1:-.build/release/deploydiff}"
cd "$(dirname "$0")/.."
for log in fixtures/logs/python-app.log fixtures/logs/java-service.log fixtures/logs/app.jsonl; do
  echo "== $log: templates mined (count, id, template), format detected"
  "$bin" parse --verbose "$log" | head -12
  echo
done
echo "== a Python traceback stays one record:"
"$bin" parse --format jsonl fixtures/logs/python-app.log | grep -m1 '"level":"ERROR"'
