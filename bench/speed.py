#!/usr/bin/env python3
"""Throughput and peak memory of deploydiff vs Drain3 on a generated corpus.

Corpus: bench/gen_corpus.py, built from the Loghub-2k datasets
(https://github.com/logpai/loghub, templates from
https://github.com/logpai/loghub-2.0), cached under .build-bench/.

  bench/speed.py [--bin PATH] [--lines 2000000] [--drain3-lines 200000]
                 [--seed 42] [--repeat 3] [--data-dir DIR] [--no-drain3]

deploydiff: wall time and peak RSS of the whole process
  BIN parse CORPUS --log-format '<Content>' --format templates > /dev/null
(best wall time of --repeat runs). Drain3 (default config, no masking): only
its read + add_log_message loop is timed, over the first --drain3-lines
lines, in the bench venv; peak RSS is that process's. Drain3 gets fewer lines
because it is far slower; lines/s is the fair comparison. Prints a markdown
table ready for docs/benchmarks.md.
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from common import (BENCH_DIR, BUILD_DIR, DEFAULT_BIN, DEFAULT_DATA_DIR, DRAIN3_REQUIREMENT,
                    run_drain3)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN, help="deploydiff binary")
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--drain3-lines", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=3, help="deploydiff runs; the fastest counts")
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    ap.add_argument("--no-drain3", action="store_true")
    return ap.parse_args(argv)


# --- corpus -------------------------------------------------------------------

def corpus_path(lines, seed):
    # The generator's code is part of the key: editing it must not silently
    # reuse a corpus made by the old version.
    digest = hashlib.sha256()
    for name in ("gen_corpus.py", "evaluate.py"):
        digest.update((BENCH_DIR / name).read_bytes())
    return BUILD_DIR / f"corpus-{lines}-seed{seed}-{digest.hexdigest()[:10]}.txt"


def ensure_corpus(lines, seed, data_dir):
    path = corpus_path(lines, seed)
    if not path.exists():
        subprocess.run([sys.executable, str(BENCH_DIR / "gen_corpus.py"), "--lines", str(lines),
                        "--seed", str(seed), "--out", str(path), "--data-dir", str(data_dir)],
                       check=True)
    return path


def head_of(corpus, lines):
    """The first `lines` lines of corpus as a file of its own (cached)."""
    path = corpus.with_name(f"{corpus.stem}-head{lines}.txt")
    if not path.exists():
        tmp = path.with_name(path.name + ".partial")
        with open(corpus, "rb") as src, open(tmp, "wb") as dst:
            for _, line in zip(range(lines), src):
                dst.write(line)
        tmp.replace(path)
    return path


# --- measurements -----------------------------------------------------------

def run_ours(binary, corpus):
    """(wall seconds, peak RSS KiB) of one parse run."""
    cmd = [str(binary), "parse", str(corpus), "--log-format", "<Content>", "--format", "templates"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    # wait4 gives this child's own rusage; RUSAGE_CHILDREN would also count
    # the corpus generator and every earlier run.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"[speed] {' '.join(cmd)} exited {proc.returncode}")
    return seconds, usage.ru_maxrss


def measure_ours(binary, corpus, lines, repeat):
    progress(f"deploydiff on {lines:,} lines, best of {max(1, repeat)}")
    runs = [run_ours(binary, corpus) for _ in range(max(1, repeat))]
    seconds = min(s for s, _ in runs)
    return result("deploydiff", lines, corpus, seconds, max(kb for _, kb in runs))


def measure_drain3(corpus):
    progress(f"Drain3 on {corpus.name}")
    stats = json.loads(run_drain3(["speed", corpus]))
    return result(f"Drain3 {DRAIN3_REQUIREMENT.split('==')[1]} (default config)",
                  stats["lines"], corpus, stats["seconds"], stats["peak_rss_kb"])


def result(name, lines, path, seconds, rss_kb):
    size = path.stat().st_size
    return {"name": name, "lines": lines, "seconds": seconds,
            "lines_per_s": lines / seconds, "mb_per_s": size / 1e6 / seconds,
            "rss_mib": rss_kb / 1024}


def progress(message):
    print(f"[speed] {message}", file=sys.stderr, flush=True)


# --- report -------------------------------------------------------------------

def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def print_report(results):
    for r in results:
        print(f"{r['name']}: {r['lines']:,} lines in {r['seconds']:.2f} s = "
              f"{r['lines_per_s']:,.0f} lines/s, {r['mb_per_s']:.1f} MB/s, peak RSS {r['rss_mib']:.1f} MiB")
    if len(results) == 2:
        ratio = results[0]["lines_per_s"] / results[1]["lines_per_s"]
        print(f"deploydiff / Drain3 throughput (lines/s): {ratio:.1f}x")
    print()
    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()} for Drain3.")
    print()
    print("| Parser | Lines | Time (s) | Lines/s | MB/s | Peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['name']} | {r['lines']:,} | {r['seconds']:.2f} | {r['lines_per_s']:,.0f} | "
              f"{r['mb_per_s']:.1f} | {r['rss_mib']:.1f} |")


def main(argv):
    args = parse_args(argv)
    if not args.bin.is_file():
        sys.exit(f"[speed] no binary at {args.bin} (build it, or pass --bin)")
    corpus = ensure_corpus(args.lines, args.seed, args.data_dir)
    results = [measure_ours(args.bin.resolve(), corpus, args.lines, args.repeat)]
    if not args.no_drain3:
        sample = corpus if args.drain3_lines >= args.lines else head_of(corpus, args.drain3_lines)
        results.append(measure_drain3(sample))
    print_report(results)


if __name__ == "__main__":
    main(sys.argv[1:])
