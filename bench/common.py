"""Shared helpers for the deploydiff benchmark scripts.

Data: the Loghub-2k sample datasets with corrected templates from Loghub /
Loghub-2.0 (https://github.com/logpai/loghub, https://github.com/logpai/loghub-2.0).
"""

import csv
import re
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
BUILD_DIR = REPO_ROOT / ".build-bench"          # git-ignored scratch space
VENV_DIR = BUILD_DIR / "venv"
DEFAULT_DATA_DIR = (REPO_ROOT / ".." / "shared" / "bench-data" / "loghub-2k").resolve()
DEFAULT_BIN = REPO_ROOT / ".build" / "release" / "deploydiff"

# Pinned so Drain3 numbers stay comparable from run to run.
DRAIN3_REQUIREMENT = "drain3==0.9.11"

# Some Loghub contents are long; the csv module's default 128 KiB cap is too
# tight for a few of the raw fields in other Loghub datasets.
csv.field_size_limit(1 << 30)


def datasets(data_dir):
    """Dataset names under data_dir: every folder holding a log_format.txt."""
    return sorted(p.name for p in Path(data_dir).iterdir()
                  if (p / "log_format.txt").is_file())


def read_log_format(dataset_dir):
    # Same as the shell's "$(cat log_format.txt)": only trailing newlines go,
    # trailing spaces stay part of the format.
    return (Path(dataset_dir) / "log_format.txt").read_text(encoding="utf-8").rstrip("\r\n")


def logformat_regex(log_format):
    """logparser's generate_logformat_regex: header fields become lazy named
    groups, runs of spaces in the literal parts match any whitespace run.
    Literal parts are not escaped; log_format.txt escapes brackets itself."""
    headers, regex = [], ""
    for k, part in enumerate(re.split(r"(<[^<>]+>)", log_format)):
        if k % 2 == 0:
            regex += re.sub(" +", r"\\s+", part)
        else:
            header = part.strip("<").strip(">")
            regex += "(?P<%s>.*?)" % header
            headers.append(header)
    return headers, re.compile("^" + regex + "$")


def read_structured(path):
    """Rows of a *_structured*.csv as dicts (utf-8, RFC 4180)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def ensure_venv():
    """Python of a private venv with Drain3 installed; created on first use so
    the benchmark never touches the system site-packages."""
    python = VENV_DIR / "bin" / "python"
    if python.exists() and _has_drain3(python):
        return python
    print(f"[bench] creating Drain3 venv in {VENV_DIR}", file=sys.stderr)
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", DRAIN3_REQUIREMENT], check=True)
    return python


def _has_drain3(python):
    probe = subprocess.run([str(python), "-c", "import drain3"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return probe.returncode == 0


def run_drain3(args):
    """Run bench/drain3_runner.py in the venv; returns its stdout."""
    python = ensure_venv()
    # Run from BUILD_DIR so a stray drain3.ini in the caller's cwd cannot
    # leak into the "default config" runs.
    proc = subprocess.run([str(python), str(BENCH_DIR / "drain3_runner.py"), *map(str, args)],
                          cwd=BUILD_DIR, check=True, stdout=subprocess.PIPE, text=True)
    return proc.stdout


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else float("nan")
