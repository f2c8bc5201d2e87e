#!/usr/bin/env bash
# make dist-test: the package `make dist` built, as a user without the Swift toolchain gets it.
#
#  1. the .deb: fields, Depends covering every library the binary names, apt can resolve them;
#  2. installed with dpkg into a fresh root (an empty dpkg database): binary, man page, completions;
#  3. in a mount namespace where /opt/swift is an empty folder, with `env -i PATH=/usr/bin:/bin`:
#     ldd lists no toolchain library, `deploydiff --version` prints the version and the commit, and the
#     demo's index / deploys / diff / gate run with the packaged binary (gate: pass, then fail);
#  4. action.yml and the GitLab template: valid against their schemas (offline, in a namespace
#     without network), their shell passes shellcheck, and their index and gate steps, run as the CI
#     runs them, gate the demo (pass, then fail) with the packaged binary.
# Ends with 'N passed, N failed'; exits 1 when any check failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
root_dir="$PWD"
out="$root_dir/out/dist"
check_jsonschema="${CHECK_JSONSCHEMA:-.build-tools/venv/bin/check-jsonschema}"
tools_python="$(cd "$(dirname "$check_jsonschema")" 2>/dev/null && pwd)/python"

passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() { failed=$((failed + 1)); echo "not ok - $1"; [ -z "${2:-}" ] || sed 's/^/    /' <<<"$2"; }
# check DESCRIPTION COMMAND...: passes when COMMAND exits 0; shows its output otherwise.
check() { local d="$1" o; shift; if o="$("$@" 2>&1)"; then ok "$d"; else bad "$d" "$o"; fi; }
# expect_exit CODE DESCRIPTION COMMAND...
expect_exit() {
  local want="$1" d="$2" o code; shift 2
  o="$("$@" 2>&1)"; code=$?
  if [ "$code" = "$want" ]; then ok "$d (exit $code)"; else bad "$d: exit $code, expected $want" "$o"; fi
}
finish() {
  echo "dist-test: $passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit $?
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/deploydiff-dist-test.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# --- 1. the package --------------------------------------------------------------------------------
debs=("$out"/deploydiff_*.deb)
if [ "${#debs[@]}" != 1 ] || [ ! -f "${debs[0]}" ]; then bad "one deploydiff_*.deb in $out (make dist)"; finish; fi
deb="${debs[0]}"
ok "package $(basename "$deb")"
version="$(sed -n 's/^ *static let version = "\([^"]*\)".*/\1/p' Sources/deploydiff/Subcommands/Deploydiff.swift | head -1)"
check "Version is $version" test "$(dpkg-deb -f "$deb" Version)" = "$version"
check "Architecture is $(dpkg --print-architecture)" test "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)"
depends="$(dpkg-deb -f "$deb" Depends)"
echo "    Depends: $depends"

# Each library the binary names (NEEDED) resolves, through ldd, to a file whose Debian package the
# control file depends on: libgit2, SQLite, libcurl and zlib among them.
dpkg-deb -x "$deb" "$tmp/x"
owner() {
  local p="$1" r c; r="$(readlink -f "$p")"
  for c in "$p" "$r" "${p#/usr}" "/usr$p" "${r#/usr}" "/usr$r"; do
    dpkg -S "$c" 2>/dev/null | head -1 | cut -d: -f1 && return 0
  done
  return 1
}
needed="$(objdump -p "$tmp/x/usr/bin/deploydiff" | awk '$1 == "NEEDED" { print $2 }')"
for want in libgit2 libsqlite3 libcurl libz; do
  grep -q "^$want\.so" <<<"$needed" && ok "the binary links $want" || bad "the binary links $want" "$needed"
done
for lib in $needed; do
  # "libz.so.1 => /lib/.../libz.so.1 (0x...)", or "/lib64/ld-linux-x86-64.so.2 (0x...)" for the loader
  path="$(ldd "$tmp/x/usr/bin/deploydiff" | awk -v n="$lib" '$1 == n { print $3; exit } { b = $1; sub(/.*\//, "", b) } b == n { print $1; exit }')"
  pkg="$( [ -n "$path" ] && owner "$path")"
  if [ -n "$pkg" ] && sed -e 's/ *([^)]*)//g' -e 's/ *[,|] */\n/g' <<<"$depends" | grep -qxF "$pkg"; then ok "Depends has $pkg ($lib)"
  else bad "Depends has the package of $lib ($path -> ${pkg:-no package})" "$depends"; fi
done
check "apt can install it with its dependencies (apt-get install --simulate)" \
  bash -c 'apt-get install --simulate --no-install-recommends "$1" | grep -q "^Inst deploydiff "' _ "$deb"

# --- 2. installed into a fresh root -----------------------------------------------------------------
froot="$tmp/root"
mkdir -p "$froot/var/lib/dpkg/updates" "$froot/var/lib/dpkg/info" "$froot/var/log"
: >"$froot/var/lib/dpkg/status"; : >"$froot/var/lib/dpkg/available"
check "dpkg installs it into a fresh root (dependencies not there: --force-depends)" \
  dpkg --root="$froot" --force-depends --force-not-root --log=/dev/null -i "$deb"
check "dpkg records it as installed" \
  bash -c '[ "$(dpkg-query --admindir="$1/var/lib/dpkg" -W -f="\${Status}" deploydiff)" = "install ok installed" ]' _ "$froot"
bin="$froot/usr/bin/deploydiff"
for f in usr/bin/deploydiff usr/share/man/man1/deploydiff.1.gz usr/share/bash-completion/completions/deploydiff \
         usr/share/zsh/vendor-completions/_deploydiff usr/share/fish/vendor_completions.d/deploydiff.fish \
         usr/share/doc/deploydiff/copyright; do
  check "installs /$f" test -s "$froot/$f"
done
check "the installed binary is stripped (no .symtab)" bash -c '! readelf -S "$1" | grep -q "\.symtab"' _ "$bin"
check "it points at its debug symbols (.gnu_debuglink deploydiff.debug)" \
  bash -c 'readelf --string-dump=.gnu_debuglink "$1" | grep -q deploydiff.debug' _ "$bin"
check "deploydiff.debug carries the debug info" bash -c 'readelf -S "$1" | grep -q "\.debug_info"' _ "$out/deploydiff.debug"
check "the -dbgsym package holds the same debug file" \
  bash -c 'dpkg-deb -c "$1"/deploydiff-dbgsym_*.deb | grep -q "/usr/lib/debug/.*\.debug$"' _ "$out"
check "the man page renders without warnings and documents each command" bash -c '
  w="$(MANWIDTH=100 man --warnings -l "$1" 2>&1 >/dev/null)"; [ -z "$w" ] || { echo "$w"; exit 1; }
  page="$(MANWIDTH=100 man -l "$1" 2>/dev/null)"
  for c in index diff gate explain policy; do grep -q "^   $c\$" <<<"$page" || { echo "no $c section"; exit 1; }; done' \
  _ "$froot/usr/share/man/man1/deploydiff.1.gz"
check "the bash completion loads and completes the subcommands" bash -c '
  source "$1" && complete -p deploydiff >/dev/null
  COMP_WORDS=(deploydiff ga); COMP_CWORD=1; COMP_LINE="deploydiff ga"; COMP_POINT=${#COMP_LINE}
  f="$(complete -p deploydiff | sed -n "s/.*-F \([^ ]*\).*/\1/p")"; "$f" deploydiff ga deploydiff 2>/dev/null
  printf "%s\n" "${COMPREPLY[@]}" | grep -qx gate' _ "$froot/usr/share/bash-completion/completions/deploydiff"
check "the zsh completion parses (zsh -n)" zsh -n "$froot/usr/share/zsh/vendor-completions/_deploydiff"
check "the fish completion loads and completes the subcommands" bash -c '
  fish -n "$1" && fish --no-config -c "source $1; complete -C \"deploydiff ga\"" | grep -q "^gate"' \
  _ "$froot/usr/share/fish/vendor_completions.d/deploydiff.fish"

# --- 3. without the Swift toolchain -------------------------------------------------------------------
fixtures/scenario/build.sh "$tmp/demo" >/dev/null || { bad "fixtures/scenario/build.sh"; finish; }
if [ "$(git rev-parse --is-inside-work-tree 2>/dev/null)" = true ]; then
  commit="$(git rev-parse --short=12 HEAD)"
  [ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit-dirty"
else
  commit="unknown"
fi
# Runs a command with the toolchain out of reach: /opt/swift hidden under an empty tmpfs in a private
# mount namespace (where the machine allows it; else only off the paths) and a clean environment.
hide=()
if unshare -m --propagation private true 2>/dev/null; then hide=(unshare -m --propagation private); fi
bare() {
  local script='[ ! -d /opt/swift ] || mount -t tmpfs -o ro,size=1k none /opt/swift || exit 97; exec "$@"'
  [ "${#hide[@]}" != 0 ] || script='exec "$@"'
  "${hide[@]}" env -i PATH=/usr/bin:/bin HOME="$tmp/home" LANG=C.UTF-8 DEPLOYDIFF_DB="$tmp/store.sqlite" \
    GITHUB_OUTPUT="${GITHUB_OUTPUT:-}" GITHUB_STEP_SUMMARY="${GITHUB_STEP_SUMMARY:-}" \
    bash -c "$script" _ "$@"
}
mkdir -p "$tmp/home"
if [ "${#hide[@]}" != 0 ]; then
  check "inside: no Swift toolchain (/opt/swift is empty, no swift on PATH)" \
    bare bash -c '[ -z "$(ls -A /opt/swift 2>/dev/null)" ] && ! command -v swift && [ -z "${LD_LIBRARY_PATH:-}" ]'
else
  echo "    (no mount namespace here: the toolchain is only kept off PATH and the library path)"
fi
lddout="$(bare ldd "$bin" 2>&1)"
if [ -n "$lddout" ] && ! grep -Eq '/opt/swift|not found|libswift|libFoundation|libdispatch|libBlocksRuntime' <<<"$lddout"; then
  ok "ldd lists no library from the Swift toolchain, and none missing"
else bad "ldd lists no library from the Swift toolchain, and none missing" "$lddout"; fi
got="$(bare "$bin" --version 2>&1)"
[ "$got" = "$version (commit $commit)" ] && ok "deploydiff --version prints '$got'" \
  || bad "deploydiff --version prints '$version (commit $commit)'" "$got"
for v in v1.0.0 v1.1.0 v1.2.0; do
  expect_exit 0 "index --deploy $v" bare "$bin" index --quiet --service shop --deploy "$v" "$tmp/demo/logs/$v.log"
done
deploys="$(bare "$bin" deploys --service shop 2>&1)"
[ "$(grep -c 'v1\.[012]\.0' <<<"$deploys")" -ge 3 ] && ok "deploys lists the three deployments" \
  || bad "deploys lists the three deployments" "$deploys"
diffjson="$(bare "$bin" diff --service shop v1.0.0 v1.1.0 --repo "$tmp/demo/repo" --format json 2>&1)"
python3 -m json.tool >/dev/null <<<"$diffjson" && ok "diff v1.0.0 v1.1.0 --format json is JSON" \
  || bad "diff v1.0.0 v1.1.0 --format json is JSON" "$(head -c 2000 <<<"$diffjson")"
difftext="$(bare "$bin" diff --service shop v1.1.0 v1.2.0 --repo "$tmp/demo/repo" 2>&1)"
grep -qi "error" <<<"$difftext" && grep -q "Lower payment gateway timeout" <<<"$difftext" \
  && ok "diff v1.1.0 v1.2.0 finds the new error and links it to the timeout commit" \
  || bad "diff v1.1.0 v1.2.0 finds the new error and links it to the timeout commit" "$difftext"
expect_exit 0 "gate v1.0.0 -> v1.1.0 passes" bare "$bin" gate --service shop v1.0.0 v1.1.0 --repo "$tmp/demo/repo"
expect_exit 1 "gate v1.1.0 -> v1.2.0 fails the policy" \
  bare "$bin" gate --service shop --repo "$tmp/demo/repo" --output junit="$tmp/junit.xml" --output md="$tmp/summary.md"
check "the failing gate wrote JUnit with a failure" grep -q "<failure" "$tmp/junit.xml"

# --- 4. the CI templates ------------------------------------------------------------------------------
if [ ! -x "$check_jsonschema" ]; then
  bad "check-jsonschema at $check_jsonschema (make dist-tools)"
else
  offline=(); if unshare -n true 2>/dev/null; then offline=(unshare -n); fi
  check "action.yml is valid against the GitHub action schema (offline)" \
    "${offline[@]}" "$check_jsonschema" --builtin-schema vendor.github-actions action.yml
  check "ci/gitlab/deploydiff.gitlab-ci.yml is valid against the GitLab CI schema (offline)" \
    "${offline[@]}" "$check_jsonschema" --builtin-schema vendor.gitlab-ci ci/gitlab/deploydiff.gitlab-ci.yml
  # The schema lets hidden jobs (.name, for `extends`) be anything: check the job as a concrete one too.
  sed 's/^\.deploydiff-gate:/deploydiff-gate:/' ci/gitlab/deploydiff.gitlab-ci.yml >"$tmp/concrete.gitlab-ci.yml"
  check "  and its .deploydiff-gate job, made concrete, against the schema's job definition" \
    "${offline[@]}" "$check_jsonschema" --builtin-schema vendor.gitlab-ci "$tmp/concrete.gitlab-ci.yml"
  # The checker can fail: an action without `runs.using`, a GitLab job with an unknown `when`.
  sed '/^  using: composite/d' action.yml >"$tmp/broken-action.yml"
  sed 's/^    when: always$/    when: sometimes/' "$tmp/concrete.gitlab-ci.yml" >"$tmp/broken.gitlab-ci.yml"
  check "the schema check rejects a broken action.yml" bash -c '! "$@" >/dev/null 2>&1' _ \
    "${offline[@]}" "$check_jsonschema" --builtin-schema vendor.github-actions "$tmp/broken-action.yml"
  check "the schema check rejects a broken GitLab template" bash -c '! "$@" >/dev/null 2>&1' _ \
    "${offline[@]}" "$check_jsonschema" --builtin-schema vendor.gitlab-ci "$tmp/broken.gitlab-ci.yml"

  if command -v shellcheck >/dev/null; then
    for f in action.yml ci/gitlab/deploydiff.gitlab-ci.yml; do
      check "shellcheck passes the shell of $f" bash -c '
        n=0; while IFS= read -r -d "" s; do n=$((n + 1)); shellcheck -s bash - <<<"$s" || exit 1; done < <("$1" scripts/ci_steps.py scripts "$2")
        [ "$n" -gt 0 ]' _ "$tools_python" "$f"
    done
  else
    bad "shellcheck is installed (make dist-deps)"
  fi

  # The templates' steps, run as the CI runs them, with the packaged binary first on PATH.
  ci() { # ci github|gitlab ...: scripts/ci_steps.py in the bare environment, in the demo's folder
    bare bash -c 'cd "$1" && PATH="$2:$PATH" && shift 2 && exec "$@"' _ "$tmp/ci" "$froot/usr/bin" \
      "$tools_python" "$root_dir/scripts/ci_steps.py" "$@"
  }
  mkdir -p "$tmp/ci/logs"
  cp "$tmp/demo/logs/"*.log "$tmp/ci/logs/"
  for v in v1.0.0 v1.1.0 v1.2.0; do mkdir -p "$tmp/ci/logs/$v" && mv "$tmp/ci/logs/$v.log" "$tmp/ci/logs/$v/app.log"; done
  export GITHUB_OUTPUT="$tmp/ci/github_output" GITHUB_STEP_SUMMARY="$tmp/ci/step_summary.md"
  : >"$GITHUB_OUTPUT"
  for v in v1.0.0 v1.1.0 v1.2.0; do
    expect_exit 0 "action step index: deploy $v, logs 'logs/$v/**/*.log'" \
      ci github "$root_dir/action.yml" index logs="logs/$v/**/*.log" deploy="$v" commit="" store="store/gh.sqlite" service=shop
    if [ "$v" = v1.0.0 ]; then
      expect_exit 0 "action step gate: the first deployment is skipped" \
        ci github "$root_dir/action.yml" gate logs=x deploy="$v" repo="$tmp/demo/repo" store="store/gh.sqlite" service=shop
      check "  its outputs say skipped" grep -qx "result=skipped" "$GITHUB_OUTPUT"
    fi
  done
  expect_exit 2 "action step index: a glob matching nothing is an error" \
    ci github "$root_dir/action.yml" index logs="nothing/*.log" deploy=v9 store="store/gh.sqlite"
  : >"$GITHUB_OUTPUT"
  expect_exit 0 "action step gate: baseline v1.0.0, deploy v1.1.0 passes" \
    ci github "$root_dir/action.yml" gate logs=x baseline=v1.0.0 deploy=v1.1.0 repo="$tmp/demo/repo" store="store/gh.sqlite" service=shop
  check "  its outputs say pass" grep -qx "result=pass" "$GITHUB_OUTPUT"
  : >"$GITHUB_OUTPUT"; : >"$GITHUB_STEP_SUMMARY"
  o="$(ci github "$root_dir/action.yml" gate logs=x deploy=v1.2.0 repo="$tmp/demo/repo" store="store/gh.sqlite" service=shop 2>&1)"; code=$?
  [ "$code" = 1 ] && ok "action step gate: v1.2.0 fails the policy (exit 1)" || bad "action step gate: v1.2.0 fails the policy: exit $code" "$o"
  check "  it printed error annotations" grep -q "^::error" <<<"$o"
  check "  its outputs say fail, exit 1, and name the reports" bash -c '
    grep -qx result=fail "$1" && grep -qx exit-code=1 "$1" && grep -q "^junit=deploydiff-reports/deploydiff.xml$" "$1" || { cat "$1"; exit 1; }' _ "$GITHUB_OUTPUT"
  check "  it wrote the step summary, JUnit and JSON" bash -c '
    test -s "$1/step_summary.md" && grep -q "<failure" "$1/deploydiff-reports/deploydiff.xml" && python3 -m json.tool "$1/deploydiff-reports/deploydiff.json" >/dev/null' _ "$tmp/ci"

  gl=(ci gitlab "$root_dir/ci/gitlab/deploydiff.gitlab-ci.yml" .deploydiff-gate DEPLOYDIFF_SERVICE=shop
      DEPLOYDIFF_REPO="$tmp/demo/repo" DEPLOYDIFF_DB=store/gl.sqlite DEPLOYDIFF_COMMIT=)
  expect_exit 0 "GitLab job: index v1.0.0, the first deployment: gate skipped" "${gl[@]}" DEPLOYDIFF_DEPLOY=v1.0.0 DEPLOYDIFF_LOGS="logs/v1.0.0/*.log" DEPLOYDIFF_BASELINE=
  expect_exit 0 "GitLab job: index v1.1.0, gate against v1.0.0 passes" \
    "${gl[@]}" DEPLOYDIFF_DEPLOY=v1.1.0 DEPLOYDIFF_LOGS="logs/v1.1.0/*.log" DEPLOYDIFF_BASELINE=v1.0.0
  expect_exit 1 "GitLab job: index v1.2.0, gate fails the policy" \
    "${gl[@]}" DEPLOYDIFF_DEPLOY=v1.2.0 DEPLOYDIFF_LOGS="logs/v1.2.0/*.log" DEPLOYDIFF_BASELINE=
  check "  it wrote the JUnit report the job publishes" grep -q "<failure" "$tmp/ci/deploydiff-reports/deploydiff.xml"
fi
finish
