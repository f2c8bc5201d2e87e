#!/usr/bin/env bash
# make demo: the whole pipeline on the bundled scenario, offline, no keys.
#   a shop application with three tagged releases (fixtures/scenario/build.sh) and each
#   deployment's logs -> index -> diff + finding per step -> gate (pass, then fail) -> HTML report.
set -uo pipefail
bin="$(cd "$(dirname "${1:-.build/release/deploydiff}")" && pwd)/$(basename "${1:-.build/release/deploydiff}")"
cd "$(dirname "$0")/.."
out="$PWD/out/demo"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1. The scenario: a Python + Go shop, releases v1.0.0, v1.1.0, v1.2.0 (fixtures/scenario)"
rm -rf "$out" && mkdir -p "$out"
fixtures/scenario/build.sh "$out" >/dev/null || exit 2
git -C "$out/repo" log --oneline --decorate | sed 's/^/   /'

say "2. Index each deployment's logs into $out/store.sqlite"
export DEPLOYDIFF_DB="$out/store.sqlite"
for v in v1.0.0 v1.1.0 v1.2.0; do
  "$bin" index --service shop --deploy "$v" "$out/logs/$v.log" || exit 2
done
"$bin" deploys --service shop

say "3. v1.0.0 -> v1.1.0: what changed, and was it the code?"
"$bin" explain --service shop v1.0.0 v1.1.0 --repo "$out/repo" | sed -n '1,40p'

say "4. v1.1.0 -> v1.2.0 (the latest deploy against its predecessor tag)"
"$bin" explain --service shop --repo "$out/repo" | sed -n '1,30p'

say "5. The CI gate on each step"
"$bin" gate --service shop v1.0.0 v1.1.0 --repo "$out/repo" --format md --output md="$out/gate-v1.1.0.md" >/dev/null
echo "   gate v1.0.0 -> v1.1.0: exit $? (0 = pass)"
"$bin" gate --service shop --repo "$out/repo" --output json="$out/gate.json" --output junit="$out/junit.xml" \
  --output md="$out/summary.md" --output html="$out/report.html"
code=$?
echo "   gate v1.1.0 -> v1.2.0: exit $code (1 = the policy failed)"
"$bin" gate --service shop --repo "$out/repo" --format github | sed 's/^/   /'

say "6. Reports"
echo "   HTML report:   $out/report.html"
echo "   JSON, JUnit, Markdown: $out/gate.json $out/junit.xml $out/summary.md"
[ "$code" = 1 ] || { echo "expected the regression step to fail the gate"; exit 2; }
