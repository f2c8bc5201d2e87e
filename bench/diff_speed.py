#!/usr/bin/env python3
"""Speed of `deploydiff diff` on two deployments of 10,000 templates each, against a git range
of 2,000 hunks that add and remove log statements.

  bench/diff_speed.py [--bin PATH] [--templates 10000] [--hunks 2000] [--repeat 3]

Builds (cached under .build-bench/) a store with deployments A and B from generated logs,
and a repository whose tags A..B change 2,000 hunks over 200 files; prints the best wall time
of the diff with --format json (all changes, links searched for every new/vanished template).
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import BUILD_DIR, DEFAULT_BIN

WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()


def statement(i):
    r = random.Random(i)
    words = " ".join(r.choice(WORDS) for _ in range(4))
    return f"{words} step {WORDS[i % 26]}{WORDS[(i // 26) % 26]}{WORDS[(i // 676) % 26]} for order %s took %dms"


def write_logs(path, ids, seed):
    r = random.Random(seed)
    with open(path, "w") as f:
        for n in range(len(ids) * 6):
            i = ids[n % len(ids)]
            msg = statement(i).replace("%s", str(r.randint(1, 9999)), 1).replace("%d", str(r.randint(1, 999)), 1)
            level = "ERROR" if i % 50 == 0 else "INFO"
            f.write(f"2026-03-02 10:{(n // 6000) % 60:02d}:{(n // 100) % 60:02d},{n % 1000:03d} {level} svc.mod{i % 20}: {msg}\n")


def git(repo, *args, date="2026-03-02T10:00:00+0000"):
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="b@example.com", GIT_COMMITTER_NAME="Bench",
               GIT_COMMITTER_EMAIL="b@example.com", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgSign=false", *args], cwd=repo, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def source(ids, filler):
    out = []
    for i in ids:
        out += [f"def handler_{i}(order):", f"    value = compute_{filler}(order)", f'    log.info("{statement(i)}", order.id, ms)', "", "", "", ""]
    return "\n".join(out) + "\n"


def build(root, binary, templates, hunks):
    if (root / "done").exists():
        return
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    common = list(range(templates - hunks // 2))
    a_ids = common + list(range(templates, templates + hunks // 2))           # vanish in B
    b_ids = common + list(range(templates + hunks // 2, templates + hunks))    # new in B
    write_logs(root / "a.log", a_ids, 1)
    write_logs(root / "b.log", b_ids, 2)
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    files = 200
    per = hunks // files
    old = {f: a_ids[templates - hunks // 2 + f * per // 2: templates - hunks // 2 + (f + 1) * per // 2] for f in range(files)}
    new = {f: b_ids[templates - hunks // 2 + f * per // 2: templates - hunks // 2 + (f + 1) * per // 2] for f in range(files)}
    for f in range(files):
        (repo / f"mod{f}.py").write_text(source(old[f], "a"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "A")
    git(repo, "tag", "A")
    for f in range(files):
        (repo / f"mod{f}.py").write_text(source(new[f], "b"))
    git(repo, "commit", "-qam", "B", date="2026-03-02T12:00:00+0000")
    git(repo, "tag", "B")
    db = root / "store.sqlite"
    for name, log in (("A", "a.log"), ("B", "b.log")):
        subprocess.run([str(binary), "index", "--quiet", "--db", str(db), "--deploy", name, str(root / log)], check=True)
    (root / "done").write_text("ok")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN)
    ap.add_argument("--templates", type=int, default=10_000)
    ap.add_argument("--hunks", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    root = BUILD_DIR / f"diff-bench-{a.templates}-{a.hunks}"
    build(root, a.bin, a.templates, a.hunks)
    cmd = [str(a.bin), "diff", "A", "B", "--db", str(root / "store.sqlite"), "--repo", str(root / "repo"), "--format", "json"]
    best = None
    out = b""
    for _ in range(max(1, a.repeat)):
        t = time.perf_counter()
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
        s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    import json
    d = json.loads(out)
    linked = sum(1 for c in d["changes"] if c.get("link"))
    print(f"diff of {a.templates:,} templates per deployment, {a.hunks:,} hunks: best {best:.2f} s of {a.repeat} "
          f"({len(d['changes'])} changes, {linked} linked to code)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
