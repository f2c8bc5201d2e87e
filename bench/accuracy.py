#!/usr/bin/env python3
"""Parsing accuracy of deploydiff vs Drain3 on the Loghub-2k datasets.

Data: Loghub (https://github.com/logpai/loghub), 2k-line samples with the
corrected templates of Loghub-2.0 (https://github.com/logpai/loghub-2.0).
Metrics (GA, PA, FGA, FTA): see evaluate.py.

  bench/accuracy.py [DATA_DIR | --data DIR] [--bin PATH] [--no-drain3] [--no-loo] [--check DIR]

For each dataset folder (one with a log_format.txt) runs
  BIN parse <D>_2k.log --log-format "$(cat log_format.txt)" --format csv
and Drain3 (default TemplateMinerConfig, no masking) on the Content field cut
out by logparser's header regex, scores both against
<D>_2k.log_structured_corrected.csv and prints a markdown table.
Exits 1 if our binary failed on some dataset, else 0 (scores never fail it).

Leave-one-dataset-out (--loo, on by default): every candidate setting in
CANDIDATES runs on all datasets (DEPLOYDIFF_MINER_CANDIDATE); for each dataset
the candidate with the best mean GA on the *other* datasets is chosen and the
held-out dataset is scored with it. The LOO average is printed beside the plain
one (the product defaults on all). Ties (within TIE) go to the earlier
candidate: the list runs from most value evidence to least, and the product
defaults are the candidate chosen on all ten.

--check DIR scores another folder of datasets in the same layout (one folder per
dataset: <D>_2k.log, <D>_2k.log_structured_corrected.csv, log_format.txt) with
the product defaults and Drain3 beside: logs the rules were not chosen on. It
never takes part in choosing (no candidate grid, no LOO there).
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import (DEFAULT_BIN, DEFAULT_DATA_DIR, datasets, logformat_regex, mean,
                    read_log_format, read_structured, run_drain3)
from evaluate import evaluate, read_parsed_csv

METRICS = ("GA", "PA", "FGA", "FTA")
BIN_TIMEOUT_S = 300   # a hung parser must not hang `make bench`
TIE = 0.0005

# Candidate settings for leave-one-dataset-out: a few thresholds and each kind of
# value evidence on or off (MinerConfig / ValueEvidence names). "" = the defaults.
NO_EVIDENCE = "hosts=0,symbols=0,joined=0,keyValue=0,afterKeyNoun=0,dottedNames=0,calendar=0"
# The rules added for logs outside the bundled ten (issue 14), all off: the defaults before them.
NO_ISSUE14 = "dottedNames=0,calendar=0,valueLists=0,sizeUnits=0,valueAnnotations=0,datesInWords=0,valueFirstTokens=0"
CANDIDATES = [
    ("all evidence", "symbols=1"),
    ("defaults", ""),
    ("no dotted names", "dottedNames=0"),
    ("no calendar words", "calendar=0"),
    ("no value lists", "valueLists=0"),
    ("no size units", "sizeUnits=0"),
    ("first token by word", "valueFirstTokens=0"),
    ("no value annotations", "valueAnnotations=0"),
    ("no dates in words", "datesInWords=0"),
    ("variables alike", "variablesAlike=1"),
    ("issue-14 rules off", NO_ISSUE14),
    ("no key nouns", "afterKeyNoun=0"),
    ("key nouns at 2", "afterKeyNoun=2"),
    ("3 values", "minDistinctValues=3"),
    ("2 values", "minDistinctValues=2"),
    ("similarity 0.5", "similarityThreshold=0.5"),
    ("similarity 0.6", "similarityThreshold=0.6"),
    ("no evidence", NO_EVIDENCE),
]


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir", nargs="?", type=Path, default=None)
    ap.add_argument("--data", type=Path, default=None, help="folder of datasets (same as DATA_DIR)")
    ap.add_argument("--check", type=Path, action="append", default=[],
                    help="also score this folder of datasets with the defaults (never used for choosing)")
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN, help="deploydiff binary")
    ap.add_argument("--no-drain3", action="store_true", help="skip the Drain3 baseline")
    ap.add_argument("--no-loo", action="store_true", help="skip leave-one-dataset-out")
    args = ap.parse_args(argv)
    if args.data_dir and args.data:
        ap.error("give the data folder once (DATA_DIR or --data)")
    args.data_dir = args.data or args.data_dir or DEFAULT_DATA_DIR
    return args


def raw_log(dataset_dir):
    return dataset_dir / f"{dataset_dir.name}_2k.log"


def ground_truth(dataset_dir):
    return read_structured(dataset_dir / f"{dataset_dir.name}_2k.log_structured_corrected.csv")


def extract_contents(log_path, log_format):
    """Content of every raw line, as logparser's log_to_dataframe cuts it
    (line stripped, header regex applied). logparser drops lines the regex
    misses; we keep the whole line instead so line numbers stay LineIds."""
    _, regex = logformat_regex(log_format)
    contents = []
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            match = regex.search(line)
            contents.append(match.group("Content") if match else line)
    return contents


def check_line_ids(gt_rows, contents, name):
    # LineId n must be raw line n; if logparser had dropped lines when the
    # ground truth was made, LineIds would drift and every score would be junk.
    off = sum(1 for r in gt_rows
              if int(r["LineId"]) > len(contents) or contents[int(r["LineId"]) - 1] != r["Content"])
    if off:
        print(f"[accuracy] warning: {name}: {off} ground-truth rows differ from "
              "the Content cut from their raw line", file=sys.stderr)


def run_ours(binary, log_path, log_format, candidate=None):
    cmd = [str(binary), "parse", str(log_path), "--log-format", log_format, "--format", "csv"]
    env = dict(os.environ)
    env.pop("DEPLOYDIFF_MINER_CANDIDATE", None)
    if candidate:
        env["DEPLOYDIFF_MINER_CANDIDATE"] = candidate
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=BIN_TIMEOUT_S, env=env)
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"exit {proc.returncode}: {stderr[-500:]}")
    # Decoded by hand: text-mode pipes would turn a '\r' inside a quoted
    # field into '\n'; the csv module deals with the line endings itself.
    return read_parsed_csv(proc.stdout.decode("utf-8", "replace"))


def run_drain3_templates(contents):
    with tempfile.TemporaryDirectory(prefix="deploydiff-bench-") as tmp:
        src, dst = Path(tmp) / "contents.txt", Path(tmp) / "templates.txt"
        src.write_text("".join(c + "\n" for c in contents), encoding="utf-8")
        run_drain3(["templates", src, dst])
        with open(dst, encoding="utf-8", newline="\n") as f:
            templates = [line.rstrip("\n") for line in f]
    return {i: t for i, t in enumerate(templates, start=1)}


def fmt_scores(scores):
    return [f"{getattr(scores, m):.3f}" for m in METRICS] if scores else ["ERR"] * len(METRICS)


def print_table(results, with_drain3):
    header = ["Dataset"] + [f"ours {m}" for m in METRICS]
    if with_drain3:
        header += [f"Drain3 {m}" for m in METRICS]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for name, ours, drain in results:
        cells = [name] + fmt_scores(ours) + (fmt_scores(drain) if with_drain3 else [])
        print("| " + " | ".join(cells) + " |")
    averages = ["**Average**"] + _average_cells([r[1] for r in results])
    if with_drain3:
        averages += _average_cells([r[2] for r in results])
    print("| " + " | ".join(averages) + " |")


def _average_cells(column):
    # An average over fewer datasets is not comparable, so a failure shows.
    if not column or any(s is None for s in column):
        return ["n/a"] * len(METRICS)
    return [f"**{mean(getattr(s, m) for s in column):.3f}**" for m in METRICS]


def evaluate_dataset(dataset_dir, binary, with_drain3):
    name = dataset_dir.name
    log_format = read_log_format(dataset_dir)
    gt_rows = ground_truth(dataset_dir)
    ours = drain = None
    try:
        ours = evaluate(gt_rows, run_ours(binary, raw_log(dataset_dir), log_format))
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as err:
        print(f"[accuracy] {name}: deploydiff failed: {err}", file=sys.stderr)
    if with_drain3:
        contents = extract_contents(raw_log(dataset_dir), log_format)
        check_line_ids(gt_rows, contents, name)
        drain = evaluate(gt_rows, run_drain3_templates(contents))
    return name, ours, drain


def leave_one_out(data_dir, names, binary, plain):
    """Scores per candidate and dataset, then for each dataset the candidate
    chosen on the others and the held-out scores under it."""
    grid = {}
    for label, setting in CANDIDATES:
        grid[label] = {}
        for n in names:
            d = data_dir / n
            try:
                grid[label][n] = evaluate(ground_truth(d), run_ours(binary, raw_log(d), read_log_format(d), setting))
            except (RuntimeError, ValueError, subprocess.TimeoutExpired) as err:
                print(f"[accuracy] {n} ({label}): deploydiff failed: {err}", file=sys.stderr)
                return None
    print("GA per candidate setting (the grid LOO chooses from):")
    print()
    print("| Candidate | setting | " + " | ".join(names) + " | Average |")
    print("|---|---|" + "---:|" * (len(names) + 1))
    for label, setting in CANDIDATES:
        gas = [grid[label][n].GA for n in names]
        print(f"| {label} | `{setting or '-'}` | " + " | ".join(f"{g:.3f}" for g in gas) + f" | {mean(gas):.3f} |")
    print()
    chosen = {}
    for held in names:
        best = None
        for label, _ in CANDIDATES:
            score = mean(grid[label][n].GA for n in names if n != held)
            if best is None or score > best[1] + TIE:
                best = (label, score)
        chosen[held] = best[0]
    print("Leave-one-dataset-out: each dataset scored with the candidate that is best on the other nine.")
    print()
    print("| Dataset | chosen on the others | LOO GA | LOO PA | LOO FGA | LOO FTA | plain GA |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for n in names:
        s = grid[chosen[n]][n]
        p = plain.get(n)
        print(f"| {n} | {chosen[n]} | {s.GA:.3f} | {s.PA:.3f} | {s.FGA:.3f} | {s.FTA:.3f} | {p.GA:.3f} |" if p else
              f"| {n} | {chosen[n]} | {s.GA:.3f} | {s.PA:.3f} | {s.FGA:.3f} | {s.FTA:.3f} | ERR |")
    loo = [grid[chosen[n]][n] for n in names]
    plain_ga = [plain[n].GA for n in names if plain.get(n)]
    print(f"| **Average** | | **{mean(s.GA for s in loo):.3f}** | **{mean(s.PA for s in loo):.3f}** | "
          f"**{mean(s.FGA for s in loo):.3f}** | **{mean(s.FTA for s in loo):.3f}** | **{mean(plain_ga):.3f}** |")
    best_all = None
    for label, setting in CANDIDATES:
        score = mean(grid[label][n].GA for n in names)
        if best_all is None or score > best_all[2] + TIE:
            best_all = (label, setting, score)
    print()
    print(f"Chosen on all {len(names)}: {best_all[0]} (`{best_all[1] or '-'}`, GA {best_all[2]:.3f}); "
          "the product defaults should be this one.")
    return chosen


def main(argv):
    args = parse_args(argv)
    if not args.bin.is_file():
        sys.exit(f"[accuracy] no binary at {args.bin} (build it, or pass --bin)")
    names = datasets(args.data_dir)
    if not names:
        sys.exit(f"[accuracy] no datasets (folders with log_format.txt) in {args.data_dir}")
    results = [evaluate_dataset(args.data_dir / n, args.bin.resolve(), not args.no_drain3)
               for n in names]
    print_table(results, not args.no_drain3)
    if not args.no_loo:
        print()
        leave_one_out(args.data_dir, names, args.bin.resolve(), {n: ours for n, ours, _ in results})
    failed = any(ours is None for _, ours, _ in results)
    for folder in args.check:
        checked = datasets(folder)
        if not checked:
            print(f"[accuracy] no datasets (folders with log_format.txt) in {folder}", file=sys.stderr)
            failed = True
            continue
        print()
        print(f"Check set {folder} (defaults; not used to choose anything):")
        print()
        extra = [evaluate_dataset(folder / n, args.bin.resolve(), not args.no_drain3) for n in checked]
        print_table(extra, not args.no_drain3)
        failed = failed or any(ours is None for _, ours, _ in extra)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
