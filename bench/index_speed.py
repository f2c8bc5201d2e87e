#!/usr/bin/env python3
"""End-to-end `deploydiff index` throughput into a fresh store, beside mining alone.

Corpus: bench/gen_corpus.py's lines (from Loghub-2k, https://github.com/logpai/loghub),
each given an ISO-8601 timestamp (1 ms apart) and a level, so indexing also parses
timestamps, counts levels and fills per-minute histograms.

  bench/index_speed.py [--bin PATH] [--lines 2000000] [--seed 42] [--repeat 2]

Prints records/s, MB/s, peak RSS and store size for `index`, and the same for `parse`
(mining only, the peer in this run) on the same file, as a markdown table.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEFAULT_BIN, DEFAULT_DATA_DIR
from speed import ensure_corpus

LEVELS = ["INFO"] * 14 + ["DEBUG"] * 4 + ["WARN", "ERROR"]
FORMAT = "<Date> <Time> <Level> <Content>"


def stamped(corpus):
    path = corpus.with_name(corpus.stem + "-stamped.txt")
    if path.exists():
        return path
    tmp = path.with_name(path.name + ".partial")
    base = 1_772_445_600_000  # 2026-03-02T10:00:00Z
    with open(corpus, "rb") as src, open(tmp, "wb") as dst:
        for i, line in enumerate(src):
            ms = base + i
            t = time.gmtime(ms // 1000)
            prefix = time.strftime("%Y-%m-%d %H:%M:%S", t) + f".{ms % 1000:03d} {LEVELS[i % len(LEVELS)]} "
            dst.write(prefix.encode() + line)
    tmp.replace(path)
    return path


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"[index] {' '.join(cmd)} failed")
    return seconds, usage.ru_maxrss / 1024


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN)
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    a = ap.parse_args(argv)
    log = stamped(ensure_corpus(a.lines, a.seed, a.data_dir))
    size = log.stat().st_size
    rows = []
    best = None
    for _ in range(max(1, a.repeat)):
        with tempfile.TemporaryDirectory() as d:
            db = Path(d) / "store.sqlite"
            s, rss = run([str(a.bin), "index", "--quiet", "--db", str(db), "--deploy", "bench", "--log-format", FORMAT, str(log)])
            store = sum(p.stat().st_size for p in Path(d).iterdir())
            if best is None or s < best[0]:
                best = (s, rss, store)
    s, rss, store = best
    rows.append(("deploydiff index (fresh store)", s, rss, store))
    s, rss = min((run([str(a.bin), "parse", "--log-format", FORMAT, "--format", "templates", str(log)]) for _ in range(max(1, a.repeat))))
    rows.append(("deploydiff parse (mining only, peer)", s, rss, None))
    print(f"Corpus: {a.lines:,} timestamped lines, {size / 1e6:.0f} MB; best of {a.repeat}; {os.cpu_count()} cores.\n")
    print("| Run | Time (s) | Records/s | MB/s | Peak RSS (MiB) | Store (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, s, rss, store in rows:
        st = f"{store / 1e6:.0f}" if store else "-"
        print(f"| {name} | {s:.2f} | {a.lines / s:,.0f} | {size / 1e6 / s:.1f} | {rss:.0f} | {st} |")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
