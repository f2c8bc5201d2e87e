#!/usr/bin/env python3
"""Generate a large, deterministic corpus of log message contents.

Source: the Loghub-2k datasets (https://github.com/logpai/loghub) with the
corrected templates of Loghub-2.0 (https://github.com/logpai/loghub-2.0).

  bench/gen_corpus.py --lines 2000000 --out PATH [--seed 42] [--data-dir DIR]

Every row of every <D>_2k.log_structured_corrected.csv is laid against its
EventTemplate to find what each <*> stands for. Output lines walk all rows in
a seeded shuffle (reshuffled each pass) and re-randomise every variable span
with a string of the same shape: digits -> random digits, hex -> hex, letters
-> letters of the same case, same lengths; punctuation and spaces stay. So
lines are (almost always) unique and carry fresh values, as production logs
do, while the constant text keeps the real templates' mix.

Same seed, data and Python -> byte-identical file. One message per line, no
header fields.
"""

import argparse
import random
import re
import sys
import time
from pathlib import Path

from common import DEFAULT_DATA_DIR, datasets, read_structured
from evaluate import VAR, var_values

_WS = re.compile(r"\s+")
_ALNUM_OR_NOT = re.compile(r"[0-9A-Za-z]+|[^0-9A-Za-z]+")
_CASE_RUN = re.compile(r"[0-9]+|[a-z]+|[A-Z]+")
_HEX_LOWER = re.compile(r"(?=.*[0-9])(?=.*[a-f])[0-9a-f]+")
_HEX_UPPER = re.compile(r"(?=.*[0-9])(?=.*[A-F])[0-9A-F]+")
_HEX_PREFIXED = re.compile(r"0[xX]([0-9a-fA-F]+)")

ALPHABETS = {
    "d": "0123456789",
    "x": "0123456789abcdef",
    "X": "0123456789ABCDEF",
    "l": "abcdefghijklmnopqrstuvwxyz",
    "u": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    return ap.parse_args(argv)


# --- shapes -----------------------------------------------------------------

def span_shape(text):
    """Pieces of a variable's value: literal strings (punctuation, spaces)
    and (class, length) slots for random characters."""
    pieces = []
    for run in _ALNUM_OR_NOT.findall(text):
        if not (run[0].isascii() and run[0].isalnum()):
            pieces.append(run)
        elif m := _HEX_PREFIXED.fullmatch(run):
            digits = m.group(1)
            pieces += [run[:2], ("X" if digits.isupper() else "x", len(digits))]
        elif _HEX_LOWER.fullmatch(run):
            pieces.append(("x", len(run)))
        elif _HEX_UPPER.fullmatch(run):
            pieces.append(("X", len(run)))
        else:
            pieces += [(_run_class(sub), len(sub)) for sub in _CASE_RUN.findall(run)]
    return pieces


def _run_class(run):
    c = run[0]
    return "d" if c.isdigit() else ("l" if c.islower() else "u")


def recipe(template, content):
    """(format string, slot specs) rebuilding content with fresh variables,
    or None if the template does not fit the content."""
    parts = template.split(VAR)
    values = var_values(parts, content)
    if values is None:
        # The corrected templates are single-spaced; some contents are not.
        content = _WS.sub(" ", content.strip())
        values = var_values(parts, content)
    if values is None:
        return None
    pieces = [parts[0]]
    for value, part in zip(values, parts[1:]):
        pieces += span_shape(value)
        pieces.append(part)
    specs = tuple(p for p in pieces if not isinstance(p, str))
    if not specs:
        return "".join(pieces), ()    # nothing to randomise: a plain string
    fmt = "".join(_escape(p) if isinstance(p, str) else "{}" for p in pieces)
    return fmt, specs


def _escape(literal):
    return literal.replace("{", "{{").replace("}", "}}")


# --- random text --------------------------------------------------------------

class RandomText:
    """Random characters per class, cut from big pre-made pools: one
    randbytes + translate per megabyte instead of one RNG call per character
    keeps 2M lines well under a minute."""

    POOL_BYTES = 1 << 20

    def __init__(self, rng):
        self._rng = rng
        self._tables = {c: _byte_table(a) for c, a in ALPHABETS.items()}
        self._pools = {c: "" for c in ALPHABETS}
        self._pos = dict.fromkeys(ALPHABETS, 0)

    def take(self, cls, n):
        pos, pool = self._pos[cls], self._pools[cls]
        if pos + n > len(pool):
            pool, pos = self._refill(cls, n), 0
        self._pos[cls] = pos + n
        return pool[pos:pos + n]

    def _refill(self, cls, n):
        table, delete = self._tables[cls]
        pool = ""
        while len(pool) < n:
            pool += self._rng.randbytes(max(self.POOL_BYTES, 2 * n)).translate(table, delete).decode("ascii")
        self._pools[cls] = pool
        return pool


def _byte_table(alphabet):
    # Map bytes onto the alphabet and drop the top few byte values, so every
    # character is equally likely.
    k = len(alphabet)
    limit = 256 - 256 % k
    table = bytes(ord(alphabet[b % k]) for b in range(256))
    return table, bytes(range(limit, 256))


# --- corpus -------------------------------------------------------------------

def load_recipes(data_dir):
    recipes, unfit = [], 0
    for name in datasets(data_dir):
        for row in read_structured(data_dir / name / f"{name}_2k.log_structured_corrected.csv"):
            r = recipe(row["EventTemplate"], row["Content"])
            if r is None:
                unfit += 1
                r = (row["Content"].strip(), ())   # kept verbatim
            recipes.append(r)
    if not recipes:
        sys.exit(f"[gen_corpus] no structured csv rows under {data_dir}")
    if unfit:
        print(f"[gen_corpus] {unfit} rows did not fit their template; kept verbatim", file=sys.stderr)
    return recipes


def generate(recipes, lines, seed, out):
    order_rng = random.Random(f"deploydiff-corpus-order-{seed}")
    text = RandomText(random.Random(f"deploydiff-corpus-text-{seed}"))
    take = text.take
    written, batch = 0, []
    while written < lines:
        order = list(range(len(recipes)))
        order_rng.shuffle(order)
        for i in order[:lines - written]:
            fmt, specs = recipes[i]
            batch.append(fmt.format(*[take(c, n) for c, n in specs]) if specs else fmt)
        written += len(batch)
        out.write("\n".join(batch) + "\n")
        batch = []


def main(argv):
    args = parse_args(argv)
    start = time.perf_counter()
    recipes = load_recipes(args.data_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".partial")
    # Write to a side file and rename, so a killed run never leaves a
    # truncated corpus where speed.py's cache would trust it.
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        generate(recipes, args.lines, args.seed, out)
    tmp.replace(args.out)
    size = args.out.stat().st_size
    print(f"[gen_corpus] {args.lines} lines, {size / 1e6:.1f} MB from {len(recipes)} source rows "
          f"in {time.perf_counter() - start:.1f} s -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
