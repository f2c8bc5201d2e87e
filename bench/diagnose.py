#!/usr/bin/env python3
"""Where the miner's grouping disagrees with loghub's ground truth, for one dataset.

  bench/diagnose.py DATASET [--bin PATH] [--data-dir DIR] [--top N]

Lists ground-truth groups that are not grouped exactly (largest first) with the parsed
templates their lines went to. A tuning aid; data: loghub (https://github.com/logpai/loghub).
"""
import argparse
import collections
import subprocess
import sys
from pathlib import Path

from common import DEFAULT_BIN, DEFAULT_DATA_DIR, read_log_format, read_structured
from evaluate import read_parsed_csv


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args(argv)
    d = a.data_dir / a.dataset
    fmt = read_log_format(d)
    out = subprocess.run([str(a.bin), "parse", str(d / f"{a.dataset}_2k.log"), "--log-format", fmt, "--format", "csv"],
                         check=True, capture_output=True, text=True).stdout
    parsed = read_parsed_csv(out)
    gt = read_structured(d / f"{a.dataset}_2k.log_structured_corrected.csv")
    gt_groups = collections.defaultdict(list)
    for row in gt:
        gt_groups[row["EventTemplate"]].append(int(row["LineId"]))
    parsed_groups = collections.defaultdict(set)
    for line, tpl in parsed.items():
        parsed_groups[tpl].add(line)
    bad = []
    for tpl, lines in gt_groups.items():
        got = collections.Counter(parsed.get(l, "<missing>") for l in lines)
        if len(got) == 1:
            (p,) = got
            if parsed_groups[p] == set(lines):
                continue
        bad.append((len(lines), tpl, got))
    bad.sort(key=lambda x: -x[0])
    content = {int(r["LineId"]): r["Content"] for r in gt}
    for n, tpl, got in bad[: a.top]:
        print(f"[{n}] GT: {tpl}")
        for p, c in got.most_common(4):
            extra = len(parsed_groups[p]) - c
            print(f"    {c:5d} -> {p}" + (f"   (+{extra} other lines)" if extra else ""))
        example = next(l for l in gt_groups[tpl])
        print(f"    e.g. {content[example][:160]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
