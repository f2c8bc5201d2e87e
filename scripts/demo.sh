#!/usr/bin/env bash
# make demo: the whole pipeline on the bundled scenario, offline, no keys.
#   a shop application with three tagged releases (fixtures/scenario/build.sh) and each
#   deployment's logs -> index -> diff + finding per step -> gate (pass, then fail) -> HTML report;
#   then five releases of a cart service (fixtures/history): a fix that did not hold (recurrence),
#   a template's history, a silent drop, and the HTML report with history strips.
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

say "7. Across deployments: five releases of a cart service (fixtures/history), the CI gate on each"
fixtures/history/build.sh "$out/history" >/dev/null || exit 2
git -C "$out/history/repo" log --oneline --decorate | sed 's/^/   /'
versions="v1.0.0 v1.1.0 v1.2.0 v1.3.0 v1.4.0"
for v in $versions; do
  "$bin" index --service cart --deploy "$v" --quiet "$out/history/logs/$v.log" || exit 2
done
prev=""
for v in $versions; do
  if [ -n "$prev" ]; then
    "$bin" gate --service cart "$prev" "$v" --repo "$out/history/repo" --output json="$out/history/gate-$v.json" >/dev/null
    echo "   gate $prev -> $v: exit $?"
  fi
  prev="$v"
done
"$bin" deploys --service cart

say "8. Did the fix hold? v1.1.0 -> v1.2.0: the bug fixed in v1.1.0 is back (a recurrence)"
"$bin" explain --service cart v1.1.0 v1.2.0 --repo "$out/history/repo" | sed -n '1,12p'
grep -q '"kind" : "recurrence"' "$out/history/gate-v1.2.0.json" || { echo "expected a recurrence in v1.2.0"; exit 2; }

say "9. When did it first appear, and has it come and gone before? (deploydiff history)"
"$bin" history --service cart 'add_item failed*'

say "10. What degrades silently? v1.2.0 -> v1.3.0: orders per minute drop, no error rises"
"$bin" explain --service cart v1.2.0 v1.3.0 --repo "$out/history/repo" | sed -n '1,10p'

say "11. The report with history: v1.3.0 -> v1.4.0 (the bug back with a near-identical trace)"
"$bin" gate --service cart v1.3.0 v1.4.0 --repo "$out/history/repo" --output html="$out/history-report.html" >/dev/null
echo "   HTML report with history strips: $out/history-report.html"

