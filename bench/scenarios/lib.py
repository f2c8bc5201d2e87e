"""Shared steps of the real-deploy scenarios (bench/scenarios/README.md).

A scenario folder holds `scenario.py` (CONFIG: the PyPI project, its two releases and their tags), `workload.py`
(the seeded workload, run inside a venv that has one release installed) and `gt_spec.py` (the hand-written ground
truth, filled in by the shared gtbuild.py). Everything generated goes to bench/scenarios/out/<name> (gitignored)."""
import os
import runpy
import shutil
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("SCENARIO_OUT", os.path.join(HERE, "out"))
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Release Bot", "GIT_AUTHOR_EMAIL": "release@example.com",
    "GIT_COMMITTER_NAME": "Release Bot", "GIT_COMMITTER_EMAIL": "release@example.com",
}


def sh(*args, cwd=None, env=None, quiet=True):
    full = dict(os.environ, **(env or {}))
    r = subprocess.run(args, cwd=cwd, env=full, capture_output=quiet, text=True)
    if r.returncode != 0:
        raise SystemExit(f"failed ({r.returncode}): {' '.join(args)}\n{(r.stderr or '')[-2000:]}")
    return r.stdout


def config(name):
    return runpy.run_path(os.path.join(HERE, name, "scenario.py"))["CONFIG"]


def sdist(project, version, dest):
    """The release's source distribution from PyPI (cached in dest)."""
    os.makedirs(dest, exist_ok=True)
    stem = f"{project}-{version}".lower().replace("_", "-")
    have = [f for f in os.listdir(dest) if f.lower().replace("_", "-").startswith(stem) and f.endswith(".tar.gz")]
    if not have:
        sh(sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", dest,
           f"{project}=={version}")
        have = [f for f in os.listdir(dest) if f.lower().replace("_", "-").startswith(stem) and f.endswith(".tar.gz")]
    return os.path.join(dest, have[0])


def build_repo(cfg, work):
    """A git repository whose two tags hold the two releases' source trees, one commit each."""
    repo = os.path.join(work, "repo")
    if os.path.isdir(os.path.join(repo, ".git")):
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    git = lambda *a, env=None: sh("git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                                   "-c", "tag.gpgSign=false", "-c", "core.autocrlf=false", *a, cwd=repo,
                                   env=dict(GIT_ENV, **(env or {})))
    git("init", "-q")
    for side in ("A", "B"):
        version, tag, date = cfg[side]["version"], cfg[side]["tag"], cfg[side]["date"]
        archive = sdist(cfg["project"], version, os.path.join(OUT, "_sdists"))
        for entry in os.listdir(repo):
            if entry != ".git":
                p = os.path.join(repo, entry)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
        with tarfile.open(archive) as t:
            top = t.getnames()[0].split("/")[0]
            t.extractall(work + "/_unpack", filter="data")
        src = os.path.join(work, "_unpack", top)
        for entry in os.listdir(src):
            shutil.move(os.path.join(src, entry), repo)
        shutil.rmtree(os.path.join(work, "_unpack"))
        dated = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        git("add", "-A", "-f")
        git("commit", "-q", "-m", f"{cfg['project']} {version}", env=dated)
        git("tag", "-a", tag, "-m", f"release {tag}", env=dated)
    return repo


def venv(cfg, side, work):
    """A venv with one release (and the workload's own dependencies) installed from PyPI."""
    path = os.path.join(work, f"venv-{side}")
    py = os.path.join(path, "bin", "python")
    if not os.path.exists(os.path.join(path, ".ready")):
        shutil.rmtree(path, ignore_errors=True)
        sh(sys.executable, "-m", "venv", path)
        pins = [f"{cfg['project']}=={cfg[side]['version']}"] + cfg.get("requirements", [])
        sh(py, "-m", "pip", "install", "-q", "--disable-pip-version-check", *pins)
        open(os.path.join(path, ".ready"), "w").close()
    return py


def run_workload(name, cfg, work):
    """logs/A.log, logs/B.log (same seed) and logs/B_fault.log (B with injected faults)."""
    logs = os.path.join(work, "logs")
    os.makedirs(logs, exist_ok=True)
    workload = os.path.join(HERE, name, "workload.py")
    for log, side, extra in (("A", "A", []), ("B", "B", []), ("B_fault", "B", ["--fault"])):
        target = os.path.join(logs, log + ".log")
        if os.path.exists(target):
            continue
        py = venv(cfg, side, work)
        tmp = target + ".tmp"
        sh(py, workload, "--seed", str(cfg.get("seed", 7)), "--log", tmp, *extra, cwd=work)
        os.replace(tmp, target)
    return logs
