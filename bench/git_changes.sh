#!/usr/bin/env bash
# Speed of `deploydiff changes` on a generated repository: 5,000 commits and 2,000 changed files
# between two tags (issue 4 asks for under 2 s in a release build).
#
#   bench/git_changes.sh BIN [WORK_DIR]
#
# BIN is a release deploydiff. The repository is built with `git fast-import` in WORK_DIR (a temporary
# folder by default, removed afterwards) and is the same on every run.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 BIN [WORK_DIR]" >&2
    exit 2
fi
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [ $# -eq 2 ]; then
    work="$2"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
repo="$work/bench-repo"
commits=5000
changed=2000
files=3000

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
if [ ! -d "$repo" ]; then
    git -c init.defaultBranch=main init -q "$repo"
    # The stream: one commit of $files files (tag v1.0.0), then $commits commits that each edit one to
    # three of the first $changed files (each file several times over), then tag v2.0.0.
    python3 - "$commits" "$changed" "$files" <<'PY' | git -C "$repo" fast-import --quiet
import random
import sys

commits, changed, files = map(int, sys.argv[1:])
rng = random.Random(4)
out = sys.stdout.buffer
paths = [f"src/pkg{i % 60:02d}/module{i:04d}.py" for i in range(files)]
content = {
    p: [f"def handler_{j}(request):\n" if j % 5 == 0 else f"    value_{j} = compute({j})  # {p}\n" for j in range(40)]
    for p in paths
}
when = 1_700_000_000


def blob(p):
    data = "".join(content[p]).encode()
    out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (p.encode(), len(data), data))


def commit(i, message, touched):
    global when
    when += 60
    msg = message.encode()
    out.write(b"commit refs/heads/main\nmark :%d\n" % (i + 1))
    out.write(b"author Dev %d <dev%d@example.com> %d +0000\n" % (i % 17, i % 17, when))
    out.write(b"committer Dev %d <dev%d@example.com> %d +0000\n" % (i % 17, i % 17, when))
    # No "from": each commit continues the branch.
    out.write(b"data %d\n%s\n" % (len(msg), msg))
    for p in touched:
        blob(p)
    out.write(b"\n")


commit(0, "Initial import", paths)
out.write(b"reset refs/tags/v1.0.0\nfrom :1\n\n")
for i in range(1, commits + 1):
    touched = {paths[i % changed]} | {paths[rng.randrange(changed)] for _ in range(rng.randrange(3))}
    for p in sorted(touched):
        lines = content[p]
        at = rng.randrange(len(lines))
        if rng.random() < 0.7:
            lines.insert(at, f"    log.info(\"step {i} in {p}\")\n")
        else:
            lines[at] = f"    value = recompute({i})\n"
    commit(i, f"Change {i}\n\nTouches {len(touched)} files.", sorted(touched))
out.write(b"reset refs/tags/v2.0.0\nfrom :%d\n\n" % (commits + 1))
PY
    git -C "$repo" gc -q
fi

echo "repository: $(git -C "$repo" rev-list --count v1.0.0..v2.0.0) commits and" \
    "$(git -C "$repo" diff --name-only v1.0.0 v2.0.0 | wc -l) changed files between v1.0.0 and v2.0.0"

# Best and median of five runs, per output format.
for format in text json; do
    times=()
    for _ in 1 2 3 4 5; do
        start=$EPOCHREALTIME
        "$bin" changes v1.0.0 v2.0.0 --repo "$repo" --format "$format" >"$work/out.$format"
        end=$EPOCHREALTIME
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    best=$(echo "$sorted" | head -1)
    median=$(echo "$sorted" | sed -n 3p)
    printf 'deploydiff changes --format %-4s  best %.3f s  median %.3f s  (%s bytes of output)\n' \
        "$format" "$best" "$median" "$(wc -c <"$work/out.$format")"
done
