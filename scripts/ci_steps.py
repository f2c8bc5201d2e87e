#!/usr/bin/env python3
"""Runs the shell of the CI templates outside CI, for `make dist-test` (scripts/dist-test.sh).

  ci_steps.py github action.yml STEP_ID [input=value ...]   one `run` step of the composite action, its
      env with `${{ inputs.* }}` (given or default) and `${{ github.* }}` / `${{ runner.* }}` (from
      GITHUB_* in the environment) filled in, as GitHub runs it: bash --noprofile --norc -eo pipefail
  ci_steps.py gitlab FILE JOB [VAR=value ...]               before_script and script of a job, in one
      shell with the job's variables (given ones win), as GitLab's shell executor runs them
  ci_steps.py scripts action.yml|FILE                       prints each shell script, NUL-separated
      (for shellcheck)

Exit status: the step's or job's. Needs a YAML reader: ruamel.yaml (check-jsonschema's dependency in
the .build-tools venv) or PyYAML.
"""
import os
import re
import subprocess
import sys

try:
    from ruamel.yaml import YAML

    def load(path):
        with open(path) as f:
            return YAML(typ="safe").load(f)
except ImportError:  # pragma: no cover
    import yaml

    def load(path):
        with open(path) as f:
            return yaml.safe_load(f)

EXPR = re.compile(r"\$\{\{\s*([A-Za-z_.-]+)\s*\}\}")


def github_context(name):
    """`github.x` / `runner.x` from the environment, as a runner sets them."""
    scope, _, key = name.partition(".")
    env = {"github": "GITHUB_", "runner": "RUNNER_"}[scope]
    return os.environ.get(env + key.upper().replace("-", "_"), "")


def resolve(value, inputs, defaults):
    def one(m):
        name = m.group(1)
        if name.startswith("inputs."):
            key = name[len("inputs."):]
            if key in inputs:
                return inputs[key]
            return resolve(str(defaults.get(key, "")), inputs, defaults)
        if name.split(".")[0] in ("github", "runner"):
            return github_context(name)
        raise SystemExit(f"ci_steps: unsupported expression ${{{{ {name} }}}}")
    return EXPR.sub(one, str(value))


def github(path, step_id, pairs):
    action = load(path)
    defaults = {k: v.get("default", "") for k, v in action.get("inputs", {}).items()}
    inputs = dict(p.split("=", 1) for p in pairs)
    unknown = set(inputs) - set(defaults)
    if unknown:
        raise SystemExit(f"ci_steps: no such input: {', '.join(sorted(unknown))}")
    missing = [k for k, v in action["inputs"].items() if v.get("required") and k not in inputs]
    if missing:
        raise SystemExit(f"ci_steps: required input missing: {', '.join(missing)}")
    steps = [s for s in action["runs"]["steps"] if s.get("id") == step_id]
    if len(steps) != 1 or "run" not in steps[0]:
        raise SystemExit(f"ci_steps: no run step with id {step_id}")
    step = steps[0]
    if EXPR.search(step["run"]):
        raise SystemExit("ci_steps: expressions in run: pass them through env (script injection)")
    env = dict(os.environ)
    env.update({k: resolve(v, inputs, defaults) for k, v in step.get("env", {}).items()})
    assert step["shell"] == "bash"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=env).returncode


def gitlab(path, job, pairs):
    conf = load(path)
    j = conf[job]
    env = dict(os.environ)
    variables = {k: str(v) for k, v in j.get("variables", {}).items()}
    variables.update(dict(p.split("=", 1) for p in pairs))
    for k, v in variables.items():  # $VAR references, as GitLab expands them
        env[k] = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: env.get(m.group(1), ""), v)
    script = "\n".join(j.get("before_script", []) + j["script"])
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], env=env).returncode


def scripts(path):
    conf = load(path)
    found = []
    if "runs" in conf:
        found = [s["run"] for s in conf["runs"]["steps"] if "run" in s]
    else:
        for job in conf.values():
            if isinstance(job, dict) and "script" in job:
                found.append("\n".join(job.get("before_script", []) + job["script"]))
    for s in found:
        sys.stdout.write("#!/usr/bin/env bash\n" + s + "\0")
    return 0 if found else 1


if __name__ == "__main__":
    kind, path, *rest = sys.argv[1:]
    if kind == "github":
        sys.exit(github(path, rest[0], rest[1:]))
    if kind == "gitlab":
        sys.exit(gitlab(path, rest[0], rest[1:]))
    if kind == "scripts":
        sys.exit(scripts(path))
    sys.exit(f"ci_steps: unknown kind {kind}")
