#!/usr/bin/env python3
"""Exactly-once indexing on the 2M-line corpus: kill -9 at random points, then re-run, must
equal a clean run; so must the first half of the file followed by the grown whole file.

Corpus: index_speed.py's timestamped lines (from Loghub-2k, https://github.com/logpai/loghub).

  bench/crash_resume.py [--bin PATH] [--lines 2000000] [--kills 5] [--seed 7]

Compares every row a deployment holds (totals, counts per template text and level, minutes,
samples, values, skip counts) with sqlite3; prints a table and exits non-zero on a difference.
"""
import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEFAULT_BIN, DEFAULT_DATA_DIR
from index_speed import FORMAT, stamped
from speed import ensure_corpus

# Keyed by template id: a resumed run reads the same records in the same order as the clean run,
# so ids agree (and a join on the text would scan the template table once per row).
QUERIES = [
    "SELECT name, records, lines, bytes, first_ts, last_ts FROM deployment ORDER BY name",
    "SELECT template_id, count, n_info, n_warning, n_error, first_ts, last_ts FROM template_count ORDER BY 1",
    "SELECT template_id, minute, count FROM template_minute ORDER BY 1, 2",
    "SELECT template_id, priority, text FROM sample ORDER BY 1, 2",
    "SELECT template_id, position, value, count FROM value_count ORDER BY 1, 2, 3",
    "SELECT id, text, merged_into FROM template ORDER BY 1",
    "SELECT reason, count FROM deployment_skip ORDER BY reason",
]


def dump(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [row for q in QUERIES for row in con.execute(q)]
    finally:
        con.close()


def committed(db):
    if not Path(db).exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT coalesce(sum(records), 0) FROM deployment").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def index(binary, db, log, batch=None):
    cmd = [str(binary), "index", "--quiet", "--db", str(db), "--deploy", "v1", "--log-format", FORMAT]
    if batch:
        cmd += ["--batch", str(batch)]
    return cmd + [str(log)]


def kill_at(cmd, db, threshold, jitter):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None and committed(db) < threshold:
        time.sleep(0.002)
    time.sleep(jitter)
    if p.poll() is not None:
        return False
    p.send_signal(signal.SIGKILL)
    p.wait()
    return True


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN)
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    a = ap.parse_args(argv)
    log = stamped(ensure_corpus(a.lines, 42, a.data_dir))
    rng = random.Random(a.seed)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        clean = d / "clean.sqlite"
        subprocess.run(index(a.bin, clean, log), check=True)
        want = dump(clean)
        # Each kill point on a fresh store, killed once, then re-run to the end.
        for k in range(a.kills):
            db = d / f"kill{k}.sqlite"
            threshold = rng.randrange(0, a.lines)
            killed = kill_at(index(a.bin, db, log, batch=50_000), db, threshold, rng.uniform(0, 0.2))
            at = committed(db)
            subprocess.run(index(a.bin, db, log, batch=50_000), check=True)
            rows.append((f"kill -9 after {at:,} committed records" if killed else "finished before the kill", dump(db) == want))
        # The first half, then the whole file: a log that grew between two runs.
        half = d / "app.log"
        with open(log, "rb") as src:
            data = src.read()
        cut = data.rindex(b"\n", 0, len(data) // 2) + 1
        half.write_bytes(data[:cut])
        grown = d / "grown.sqlite"
        subprocess.run(index(a.bin, grown, half), check=True)
        half.write_bytes(data)
        subprocess.run(index(a.bin, grown, half), check=True)
        rows.append(("first half, then the grown whole file", dump(grown) == want))
    print(f"Corpus: {a.lines:,} timestamped lines; each row compared with a clean run (seed {a.seed}).\n")
    print("| Run | Equals a clean run |")
    print("|---|---|")
    for name, ok in rows:
        print(f"| {name} | {'yes' if ok else 'NO'} |")
    return 0 if all(ok for _, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
