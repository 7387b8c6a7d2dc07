#!/usr/bin/env bash
# Where the 10 ms-sleep workload's time goes (issue 10, item 14): 128 callers × demo.sleep
# {seconds: 0.01, steps: 1} can finish at most 12,800 jobs/s. Three layers, alternating in each
# round on this machine, medians over rounds:
#   floor   no job at all: 128 loops of `await Task.Delay(10 ms)` (bench/TaskRpc.Bench.Engine, DELAY_ONLY_MS)
#   engine  the engine in process: Submit + Await of demo.sleep through IJobEngine, memory store
#           (bench/TaskRpc.Bench.Engine with TASK/ARGS, its GC pause share and stage medians)
#   grpc    the same jobs through a fresh server: bench/TaskRpc.Bench.Load closed, with stage medians
#           from the jobs' own timestamps (sent→created, created→started, started→finished, finished→returned)
#   bench/sleep-profile.sh            # ROUNDS=3 JOBS=20000 DURATION=8 PORT=50495
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; JOBS=${JOBS:-20000}; DURATION=${DURATION:-8}; PORT=${PORT:-50495}
ENGINE=bench/TaskRpc.Bench.Engine/bin/Release/net10.0/TaskRpc.Bench.Engine.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
SERVER=${SERVER:-server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll}
OUT=${OUT:-$(mktemp -d /tmp/sleep-profile.XXXXXX)}; mkdir -p "$OUT"
ARGS='{"seconds":0.01,"steps":1}'
for f in "$ENGINE" "$LOAD" "$SERVER"; do [[ -f $f ]] || { echo "missing $f: dotnet build -c Release first" >&2; exit 1; }; done
PID=
trap '[[ -n $PID ]] && kill "$PID" 2>/dev/null || true' EXIT
for round in $(seq 1 "$ROUNDS"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  DELAY_ONLY_MS=10 dotnet "$ENGINE" 1 "$JOBS" 128 floor >"$OUT/floor-$round.txt" 2>&1
  TASK=demo.sleep ARGS="$ARGS" GCSTAT=1 STAGES=1 dotnet "$ENGINE" 1 "$JOBS" 128 engine >"$OUT/engine-$round.txt" 2>&1
  dotnet "$SERVER" --port "$PORT" --Server:HttpPort=-1 --Logging:LogLevel:Default=Warning --store memory >"$OUT/server-$round.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
  dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration 10 >/dev/null 2>&1   # JIT tiering
  dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --name sleep10ms --task demo.sleep --args "$ARGS" \
    --concurrency 128 --warmup 3 --duration "$DURATION" >"$OUT/grpc-$round.jsonl" 2>/dev/null
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  echo "$load $(cut -d' ' -f1 /proc/loadavg)" >"$OUT/load-$round.txt"
  echo "round $round done (load average $load)" >&2
done
/usr/bin/python3 - "$OUT" "$ROUNDS" <<'PY'
import json, re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
med = lambda xs: statistics.median(xs) if xs else float("nan")
rows = []
for r in range(1, rounds + 1):
    floor = float(re.search(r"median ([\d,]+) jobs/s", open(f"{out}/floor-{r}.txt").read()).group(1).replace(",", ""))
    eng = open(f"{out}/engine-{r}.txt").read()
    engine = float(re.search(r"median ([\d,]+) jobs/s", eng).group(1).replace(",", ""))
    pause = re.findall(r"pause ([\d,]+) ms of ([\d,]+) ms", eng)[-1]
    stages = re.findall(r"submit->start ([\d.]+)/[\d.]+, start->finish ([\d.]+)/[\d.]+, finish->returned [\d.]+/[\d.]+, total ([\d.]+)/", eng)[-1]
    g = json.loads(open(f"{out}/grpc-{r}.jsonl").readline())
    load = open(f"{out}/load-{r}.txt").read().split()
    rows.append(dict(round=r, load=load[0], floor=floor, engine=engine, gc=float(pause[0].replace(",", "")) / float(pause[1].replace(",", "")),
                     e_start=float(stages[0]), e_run=float(stages[1]), e_total=float(stages[2]), grpc=g["per_second"], failed=g["failed"] + g["errors"],
                     g_p50=g["p50_us"] / 1000, g_created=g["stage_created_p50_us"] / 1000, g_started=g["stage_started_p50_us"] / 1000,
                     g_run=g["stage_running_p50_us"] / 1000, g_returned=g["stage_returned_p50_us"] / 1000))
limit = 128 / 0.010
print("| round | load avg | floor: Task.Delay only | engine in process (GC pause share; p50 submit→start, start→finish, total) | through gRPC (p50; sent→created, created→started, started→finished, finished→returned) | failed |")
print("|---:|---:|---:|---|---|---:|")
for x in rows:
    print(f"| {x['round']} | {x['load']} | {x['floor']:,.0f}/s ({x['floor']/limit:.0%}) | {x['engine']:,.0f}/s ({x['engine']/limit:.0%}; GC {x['gc']:.0%}; "
          f"{x['e_start']:.2f}, {x['e_run']:.2f}, {x['e_total']:.2f} ms) | {x['grpc']:,.0f}/s ({x['grpc']/limit:.0%}; p50 {x['g_p50']:.2f} ms; "
          f"{x['g_created']:.2f}, {x['g_started']:.2f}, {x['g_run']:.2f}, {x['g_returned']:.2f} ms) | {x['failed']} |")
m = lambda k: med([x[k] for x in rows])
print(f"| median | | {m('floor'):,.0f}/s ({m('floor')/limit:.0%}) | {m('engine'):,.0f}/s ({m('engine')/limit:.0%}; GC {m('gc'):.0%}; "
      f"{m('e_start'):.2f}, {m('e_run'):.2f}, {m('e_total'):.2f} ms) | {m('grpc'):,.0f}/s ({m('grpc')/limit:.0%}; p50 {m('g_p50'):.2f} ms; "
      f"{m('g_created'):.2f}, {m('g_started'):.2f}, {m('g_run'):.2f}, {m('g_returned'):.2f} ms) | |")
PY
echo "raw results in $OUT" >&2
