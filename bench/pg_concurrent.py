#!/usr/bin/env python3
"""Many indexers, one PostgreSQL store: 8 indexers at once, each indexing one eighth of the
2M-line corpus as its own service, into one PostgreSQL database, beside one SQLite run of the
whole corpus in the same run. The records, lines and bytes stored must be equal.

Corpus: index_speed.py's timestamped lines (from Loghub-2k, https://github.com/logpai/loghub).

  scripts/with-postgres.sh bench/pg_concurrent.py [--bin PATH] [--lines 2000000] [--indexers 8]

Needs DEPLOYDIFF_TEST_POSTGRES_URL and PGPASSFILE (scripts/with-postgres.sh sets both). Prints
total records/s of each run, and rows and bytes per template-minute of the PostgreSQL store
(docs/scale.md), as markdown; exits non-zero when the counts differ.

Why services and not shards of one deployment: indexers of one service take its lock in turn
(template ids come from one miner state per service), so concurrent writers to one server are
indexers of different services, as a shared history of many services has.
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from common import DEFAULT_BIN, DEFAULT_DATA_DIR
from index_speed import FORMAT, stamped
from speed import ensure_corpus


def psql(url, sql):
    out = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def fresh_database(url, name):
    psql(url, f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def split(log, k, folder):
    """k contiguous slices of the file, by lines."""
    lines = log.read_bytes().splitlines(keepends=True)
    n = len(lines)
    paths = []
    for i in range(k):
        p = Path(folder) / f"slice{i}.log"
        p.write_bytes(b"".join(lines[i * n // k:(i + 1) * n // k]))
        paths.append(p)
    return paths


def index_cmd(binary, db, service, log):
    return [str(binary), "index", "--quiet", "--db", db, "--service", service, "--deploy", "bench", "--log-format", FORMAT, str(log)]


def wait_all(procs):
    failed = [p for p in procs if p.wait() != 0]
    if failed:
        sys.exit(f"[pg] {len(failed)} indexer(s) failed: {failed[0].args}")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN)
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--indexers", type=int, default=8)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    a = ap.parse_args(argv)
    server = os.environ.get("DEPLOYDIFF_TEST_POSTGRES_URL")
    if not server:
        sys.exit("[pg] DEPLOYDIFF_TEST_POSTGRES_URL is not set: run through scripts/with-postgres.sh")
    log = stamped(ensure_corpus(a.lines, a.seed, a.data_dir))
    with tempfile.TemporaryDirectory() as d:
        slices = split(log, a.indexers, d)
        db = fresh_database(server, f"bench_{os.getpid()}")
        start = time.perf_counter()
        wait_all([subprocess.Popen(index_cmd(a.bin, db, f"svc{i}", s), stdout=subprocess.DEVNULL) for i, s in enumerate(slices)])
        pg_seconds = time.perf_counter() - start
        sqlite_db = str(Path(d) / "store.sqlite")
        start = time.perf_counter()
        wait_all([subprocess.Popen(index_cmd(a.bin, sqlite_db, "all", log), stdout=subprocess.DEVNULL)])
        sqlite_seconds = time.perf_counter() - start
        totals = "SELECT coalesce(sum(records), 0), coalesce(sum(lines), 0), coalesce(sum(bytes), 0) FROM deployment"
        pg = tuple(int(x) for x in psql(db, totals).split("|"))
        con = sqlite3.connect(f"file:{sqlite_db}?mode=ro", uri=True)
        lite = tuple(con.execute(totals).fetchone())
        con.close()
        minutes = int(psql(db, "SELECT count(*) FROM template_minute"))
        counts = int(psql(db, "SELECT count(*) FROM template_count"))
        sizes = {t: int(psql(db, f"SELECT pg_total_relation_size('{t}')")) for t in ["template_minute", "template_count", "sample", "value_count", "template"]}
        whole = int(psql(db, "SELECT pg_database_size(current_database())"))
    print(f"Corpus: {a.lines:,} timestamped lines; {a.indexers} indexers at once into one PostgreSQL; {os.cpu_count()} cores.\n")
    print("| Run | Time (s) | Records/s (total) | Records | Lines | Bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| {a.indexers} concurrent indexers -> PostgreSQL | {pg_seconds:.2f} | {pg[0] / pg_seconds:,.0f} | {pg[0]:,} | {pg[1]:,} | {pg[2]:,} |")
    print(f"| 1 indexer -> SQLite | {sqlite_seconds:.2f} | {lite[0] / sqlite_seconds:,.0f} | {lite[0]:,} | {lite[1]:,} | {lite[2]:,} |")
    print()
    print(f"PostgreSQL store: {whole / 1e6:.1f} MB; template_minute {minutes:,} rows, {sizes['template_minute'] / max(minutes, 1):.0f} bytes/row "
          f"(with its index); template_count {counts:,} rows, {sizes['template_count'] / max(counts, 1):.0f} bytes/row; "
          f"samples {sizes['sample'] / 1e6:.1f} MB, values {sizes['value_count'] / 1e6:.1f} MB, templates {sizes['template'] / 1e6:.1f} MB.")
    if pg != lite:
        print(f"\nCOUNTS DIFFER: PostgreSQL {pg} vs SQLite {lite}")
        return 1
    print("\nCounts equal (records, lines, bytes).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
