#!/usr/bin/env python3
"""Builds and scores the real-deploy scenarios: `run.py BIN [NAME...]` (bench/scenarios/README.md).

For each scenario: the two releases' sdists from PyPI committed as two tags of a generated repository, a venv per
release, the seeded workload's logs (A, B, B with faults), ground_truth.json from the hand-written gt_spec.py (the
shared gtbuild.py), then the shared scenario_eval.py on B and on B_fault and the gate with the default policy.
Prints one table row per scenario and run; exits 1 when any check fails."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import lib

ROOT = os.path.dirname(os.path.dirname(lib.HERE))
TOOLS = os.environ.get("DEPLOY_SCENARIO_TOOLS", os.path.join(ROOT, "..", "shared", "tools", "deploy-scenarios"))
FORMAT = "<Date> <Time> <Level> <Component>: <Content>"
NAMES = ["waitress", "huey", "apscheduler"]


def build(name):
    cfg = lib.config(name)
    work = os.path.join(lib.OUT, name)
    os.makedirs(work, exist_ok=True)
    repo = lib.build_repo(cfg, work)
    lib.run_workload(name, cfg, work)
    shutil.copy(os.path.join(lib.HERE, name, "gt_spec.py"), os.path.join(work, "gt_spec.py"))
    r = subprocess.run([sys.executable, os.path.join(TOOLS, "gtbuild.py"), os.path.join(work, "gt_spec.py"),
                        os.path.join(work, "ground_truth.json")], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
        raise SystemExit(f"{name}: the ground truth does not fit the logs")
    gt_path = os.path.join(work, "ground_truth.json")
    gt = json.load(open(gt_path))
    for side in ("A", "B"):
        gt["commit_" + side] = lib.sh("git", "rev-parse", gt["tag_" + side] + "^{commit}", cwd=repo).strip()
    json.dump(gt, open(gt_path, "w"), indent=2, ensure_ascii=False)
    return work, repo


def score(binp, work, repo, log):
    r = subprocess.run([sys.executable, os.path.join(TOOLS, "scenario_eval.py"), binp, work, repo, log],
                       capture_output=True, text=True, timeout=900)
    return r.returncode == 0, r.stdout.strip()


def gate(binp, work, repo, log):
    gt = json.load(open(os.path.join(work, "ground_truth.json")))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "g.sqlite")
        for tag, f in ((gt["tag_A"], "A"), (gt["tag_B"], log)):
            subprocess.run([binp, "index", "--db", db, "--deploy", tag, "--log-format", FORMAT, "--quiet",
                            os.path.join(work, "logs", f + ".log")], check=True, capture_output=True)
        r = subprocess.run([binp, "gate", gt["tag_A"], gt["tag_B"], "--db", db, "--repo", repo, "--format", "json"],
                           capture_output=True, text=True)
    try:
        doc = json.loads(r.stdout)
        verdict = (doc.get("finding") or {}).get("verdict") or doc.get("verdict") or "?"
    except (json.JSONDecodeError, AttributeError):
        verdict = f"error rc={r.returncode}"
    want_fail = log == "B_fault"
    right = (r.returncode == 1 and verdict == "regression") if want_fail else (r.returncode == 0 and verdict != "regression")
    return right, f"{'fail' if r.returncode == 1 else 'pass' if r.returncode == 0 else 'rc=' + str(r.returncode)} ({verdict})"


def main():
    binp = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or NAMES
    rows, ok = [], True
    for name in names:
        work, repo = build(name)
        for log in ("B", "B_fault"):
            good, line = score(binp, work, repo, log)
            gright, decision = gate(binp, work, repo, log)
            ok &= good and gright
            m = re.search(r"new (\d+/\d+), vanished (\d+/\d+), linked (\d+/\d+), false new (\d+), negative controls reported (\d+)", line)
            cells = list(m.groups()) if m else ["?"] * 5
            rows.append([name, log, *cells, decision + ("" if gright else " WRONG"), "ok" if good and gright else "FAIL"])
            if not good:
                print(line, file=sys.stderr)
    head = ["scenario", "run", "new found", "vanished found", "linked", "false new", "neg. controls", "gate", "result"]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    print(fmt(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(fmt(r))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
