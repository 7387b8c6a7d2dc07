#!/usr/bin/env bash
# The Python client (client/python) side by side with the C# load generator and Celery, in one
# run on loopback: 64 concurrent no-op jobs (demo.echo) with wait=true on one TaskRpc server
# (memory store); Celery 5 (Redis broker and backend, bench/peers/celery_bench.py, prefork -c 2)
# at 16 and 64 client threads. Each round runs all of them one after the other, so a change in
# the machine's load hits every client alike; the ratio is taken per round (paired). Prints a
# Markdown table for docs/benchmarks.md; raw JSON lines stay in $WORK.
#
#   bench/python-client.sh                       # ROUNDS=3 DURATION=10 WARMUP=3
#   ROUNDS=1 DURATION=3 bench/python-client.sh   # smoke run
#
# Needs: dotnet, /usr/bin/python3 with python3-grpcio, python3-protobuf, python3-celery,
# python3-redis, and redis-server (apt-get install -y redis-server python3-celery python3-redis).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONCURRENCY=${CONCURRENCY:-64}
PY=/usr/bin/python3
SERVER_DLL=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD_DLL=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
WORK=$(mktemp -d /tmp/taskrpc-pybench.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

log "build (Release), stubs"
for project in server/TaskRpc.Server bench/TaskRpc.Bench.Load; do
  dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
done
client/python/gen_protos.sh

# The server picks a free port (--port 0) and logs it.
dotnet "$SERVER_DLL" --port 0 --http-port -1 --store memory --Logging:LogLevel:Default=Warning \
  --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information >"$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do grep -aq "Application started" "$WORK/server.log" && break; sleep 0.1; done
PORT=$(grep -aoE 'http://127\.0\.0\.1:[0-9]+' "$WORK/server.log" | head -1 | cut -d: -f3)
[[ -n $PORT ]] || { cat "$WORK/server.log" >&2; exit 1; }
log "server on :$PORT; warm-up"
dotnet "$LOAD_DLL" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration 10 >/dev/null 2>&1

cat >"$WORK/machine.env" <<M
nproc=$(nproc); cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1); mem=$(free -h | awk '/^Mem:/{print $2}')
dotnet=$(dotnet --version); python=$($PY -c 'import sys, grpc, google.protobuf as p; print(sys.version.split()[0], "grpcio", grpc.__version__, "protobuf", p.__version__)')
date=$(date -u '+%Y-%m-%d %H:%M UTC'); loadavg=$(cut -d' ' -f1-3 /proc/loadavg); commit=$(git rev-parse --short HEAD)
M
RP=$(( 20000 + RANDOM % 20000 ))
redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$RP") 2>/dev/null && break; sleep 0.1; done
for round in $(seq 1 "$ROUNDS"); do
  log "round $round: C# (TaskRpc.Bench.Load closed)"
  dotnet "$LOAD_DLL" closed --target "http://127.0.0.1:$PORT" --name csharp --concurrency "$CONCURRENCY" \
    --warmup "$WARMUP" --duration "$DURATION" 2>/dev/null | sed "s/^{/{\"round\":$round,\"peer\":\"taskrpc-csharp\",/" >>"$WORK/results.jsonl"
  for mode in run await; do
    log "round $round: Python client, $mode"
    $PY bench/python_client_bench.py --target "127.0.0.1:$PORT" --mode "$mode" --concurrency "$CONCURRENCY" \
      --warmup "$WARMUP" --duration "$DURATION" 2>/dev/null | sed "s/^{/{\"round\": $round, /" >>"$WORK/results.jsonl"
  done
  log "round $round: Celery (redis-server :$RP)"
  (cd bench/peers && REDIS_URL="redis://127.0.0.1:$RP/0" timeout 900 $PY celery_bench.py --workload noop --pool prefork \
    --worker-concurrency 2 --concurrency 16,64 --warmup "$WARMUP" --duration "$DURATION") 2>>"$WORK/celery.log" \
    | sed "s/^{/{\"round\": $round, /" >>"$WORK/results.jsonl"
done
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/machine.env"

$PY - "$WORK" <<'PY'
import json, statistics, sys
work = sys.argv[1]
rows = [json.loads(line) for line in open(f"{work}/results.jsonl") if line.strip()]
print(open(f"{work}/machine.env").read().strip().replace("\n", "; "))
print()
print("| client | workload | concurrency | jobs/s (median) | per round | p50 | p99 | errors |")
print("|---|---|---:|---:|---|---:|---:|---:|")
groups = {}
for r in rows:
    groups.setdefault((r["peer"], r["name"], r["concurrency"]), []).append(r)
for (peer, name, conc), rs in groups.items():
    runs = ", ".join(f"{r['per_second']:,.0f}" for r in rs)
    print(f"| {peer} | {name} | {conc} | {statistics.median(r['per_second'] for r in rs):,.0f} | {runs} | "
          f"{statistics.median(r['p50_us'] for r in rs) / 1000:.2f} ms | {statistics.median(r['p99_us'] for r in rs) / 1000:.2f} ms | {sum(r['errors'] for r in rs)} |")
ratios = []
for round_ in sorted({r["round"] for r in rows}):
    python = [r["per_second"] for r in rows if r["round"] == round_ and r["peer"] == "taskrpc-python" and r["name"] == "noop-run"]
    celery = [r["per_second"] for r in rows if r["round"] == round_ and r["peer"] == "celery"]
    if python and celery and max(celery) > 0:
        ratios.append(python[0] / max(celery))
print()
print("Python client (Submit wait=true, 64 coroutines) / Celery's best concurrency, per round: "
      + ", ".join(f"{x:.1f}x" for x in ratios) + (f"; median **{statistics.median(ratios):.1f}x**" if ratios else "no result"))
PY
log "raw results in $WORK"
