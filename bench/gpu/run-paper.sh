#!/usr/bin/env bash
# The paper's MATH500 table on one GPU host: starts the three vLLM servers (draft Qwen2.5-Math-1.5B-Instruct,
# base Qwen2.5-Math-7B-Instruct, PRM Qwen2.5-Math-PRM-7B) on one GPU, waits for them, runs GSI, SOFT_BON_DRAFT,
# SOFT_BON_BASE and RSD on the problems with the MATH500 runner, prints the table and stops the servers.
#
# Usage: bench/gpu/run-paper.sh --problems FILE [--preset paper|default] [--seeds N] [--limit N]
#                               [--gpu-memory-gb 80|141] [--out DIR] [-- more runner options]
#
# --preset paper (the default here) is the reference code's setting: the draft server then reports raw
# log-probabilities (vLLM's default); --preset default starts it with --logprobs-mode processed_logprobs.
# With HF_HUB_OFFLINE=1 nothing is downloaded: the weights must be in the Hugging Face cache
# (${HF_HUB_CACHE:-${HF_HOME:-~/.cache/huggingface}/hub}); the script checks that they are before starting.
# A second run with the same --out continues the results files (--resume: failed problems are retried).
#
# Environment: VLLM (the vllm command, default "vllm"), JAVA_OPTS (default -Xmx8g), WAIT_SECONDS (how long a
# server may take to start, default 1800), BASE_PORT / PRM_PORT / DRAFT_PORT (default 8000 / 8001 / 8002),
# GSI_API_KEY (passed to the servers with --api-key and to the runner), RUNNER_CP (the runner's class path; by
# default the bench module's, built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

problems="" preset="paper" seeds="1" limit="" gpu_gb="" out="bench/gpu/out" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --problems) problems="$2"; shift 2 ;;
    --preset) preset="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --gpu-memory-gb) gpu_gb="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "run-paper.sh: unknown option $1 (see the comment at the top of the script)" >&2; exit 2 ;;
  esac
done
[ -n "$problems" ] || { echo "run-paper.sh: --problems FILE (MATH500 as JSONL) is required" >&2; exit 2; }
[ -f "$problems" ] || { echo "run-paper.sh: no problems file $problems" >&2; exit 2; }
case "$preset" in paper|default) ;; *) echo "run-paper.sh: --preset must be paper or default" >&2; exit 2 ;; esac

VLLM=${VLLM:-vllm}
BASE_PORT=${BASE_PORT:-8000} PRM_PORT=${PRM_PORT:-8001} DRAFT_PORT=${DRAFT_PORT:-8002}
WAIT_SECONDS=${WAIT_SECONDS:-1800}
DRAFT_MODEL=Qwen/Qwen2.5-Math-1.5B-Instruct BASE_MODEL=Qwen/Qwen2.5-Math-7B-Instruct PRM_MODEL=Qwen/Qwen2.5-Math-PRM-7B

# GPU memory fractions. Weights in bf16: draft 3.1 GB, base 15.2 GB, PRM 15.2 GB; the rest is KV cache. The
# servers start one after the other because vLLM checks its fraction against the memory still free.
if [ -z "$gpu_gb" ]; then
  if command -v nvidia-smi >/dev/null 2>&1; then
    gpu_gb=$(( $(nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits | head -n1) / 1024 ))
  else
    echo "run-paper.sh: nvidia-smi not found; give the card's size with --gpu-memory-gb 80 or 141" >&2; exit 2
  fi
fi
if [ "$gpu_gb" -ge 120 ]; then      # H200 (141 GB) and larger
  f_draft=0.10 f_base=0.40 f_prm=0.30
elif [ "$gpu_gb" -ge 75 ]; then     # A100/H100 80 GB
  f_draft=0.12 f_base=0.38 f_prm=0.35
else
  echo "run-paper.sh: a ${gpu_gb} GB card is too small for the three models (80 GB or more)" >&2; exit 2
fi

if [ "${HF_HUB_OFFLINE:-0}" = "1" ]; then
  cache=${HF_HUB_CACHE:-${HF_HOME:-$HOME/.cache/huggingface}/hub}
  for m in "$DRAFT_MODEL" "$BASE_MODEL" "$PRM_MODEL"; do
    dir="$cache/models--${m//\//--}"
    if [ ! -d "$dir/snapshots" ]; then
      echo "run-paper.sh: HF_HUB_OFFLINE=1 but $m is not in the Hugging Face cache ($dir); download it first" >&2
      exit 2
    fi
  done
fi

mkdir -p "$out/logs"
pids=()
stop_servers() {
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_servers EXIT

key_args=()
[ -n "${GSI_API_KEY:-}" ] && key_args=(--api-key "$GSI_API_KEY")

# start NAME PORT MODEL ARGS...: one server in its own process group, then wait until it lists its model
start() {
  local name=$1 port=$2 model=$3; shift 3
  echo "starting $name: $VLLM serve $model --port $port $*" >&2
  setsid "$VLLM" serve "$model" --port "$port" "${key_args[@]}" "$@" >"$out/logs/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local waited=0
  until curl -sf ${GSI_API_KEY:+-H "Authorization: Bearer $GSI_API_KEY"} "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run-paper.sh: the $name server exited; the end of $out/logs/$name.log:" >&2
      tail -n 30 "$out/logs/$name.log" >&2
      exit 1
    fi
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      echo "run-paper.sh: the $name server did not answer within $WAIT_SECONDS s ($out/logs/$name.log)" >&2
      exit 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
  echo "$name is up on port $port after ${waited} s" >&2
}

logprobs=()
draft_logprobs=raw
if [ "$preset" = "default" ]; then
  logprobs=(--logprobs-mode processed_logprobs)
  draft_logprobs=processed
fi
start base "$BASE_PORT" "$BASE_MODEL" --gpu-memory-utilization "$f_base" --max-model-len 4096 --no-enable-prefix-caching
start prm "$PRM_PORT" "$PRM_MODEL" --runner pooling --gpu-memory-utilization "$f_prm" --max-model-len 4096
start draft "$DRAFT_PORT" "$DRAFT_MODEL" --gpu-memory-utilization "$f_draft" --max-model-len 4096 "${logprobs[@]}"

if [ -z "${RUNNER_CP:-}" ]; then
  if [ ! -f bench/target/classpath.txt ] || [ ! -d bench/target/classes ]; then
    bin/with-jdk ./mvnw -B -q -DskipTests package -pl bench -am
  fi
  RUNNER_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
fi
results="$out/results-$preset.jsonl"
resume=()
[ -s "$results" ] && resume=(--resume)
limit_args=()
[ -n "$limit" ] && limit_args=(--limit "$limit")

# shellcheck disable=SC2086
bin/with-jdk java --add-modules jdk.incubator.vector ${JAVA_OPTS:--Xmx8g} \
  -cp "$RUNNER_CP" io.github.gsi4j.bench.math500.Math500Runner \
  --problems "$problems" --preset "$preset" --policies gsi,soft-bon-draft,soft-bon-base,rsd --seeds "$seeds" \
  --draft-url "http://127.0.0.1:$DRAFT_PORT" --draft-model "$DRAFT_MODEL" --draft-logprobs "$draft_logprobs" \
  --base-url "http://127.0.0.1:$BASE_PORT" --base-model "$BASE_MODEL" \
  --prm-url "http://127.0.0.1:$PRM_PORT" --prm-model "$PRM_MODEL" \
  --results "$results" "${resume[@]}" "${limit_args[@]}" "${extra[@]}" | tee "$out/table-$preset.txt"
