#!/usr/bin/env bash
# What an open dashboard costs: Submit(demo.echo, wait=true) closed loops with and without a
# dashboard client attached, alternating in one run on one server.
#   bench/dashboard.sh        # ROUNDS=4 CONC=64 WARMUP=3 DURATION=8 READERS=1 PORT=50690
# One Release server (memory store, HTTP port on), a discarded warm-up loop, then per round two
# measured loops, "off" and "on" (their order flips every round). "on" attaches READERS dashboard
# clients for the whole loop: each an SSE reader of /dashboard/api/overview/stream (curl -N, what
# the overview page opens; one frame a second) plus a poll of /dashboard/api/jobs every second
# (what an open jobs page does). Server CPU per job from /proc/PID/stat over the loop.
# Then the dashboard's own cost, which a crowded machine does not blur: the idle server's CPU
# time over IDLE seconds without and with the READERS clients (same server, after the loops).
# Prints one line per loop and the medians; JSON lines in $OUT/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE=${IDLE:-20}; ROUNDS=${ROUNDS:-4}; CONC=${CONC:-64}; WARMUP=${WARMUP:-3}; DURATION=${DURATION:-8}; READERS=${READERS:-1}
PORT=${PORT:-50690}; HTTP_PORT=$((PORT + 1))
OUT=${OUT:-$(mktemp -d /tmp/dashboard-bench.XXXXXX)}; mkdir -p "$OUT"
SERVER=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
for f in "$SERVER" "$LOAD"; do [[ -f $f ]] || { echo "missing $f: dotnet build -c Release server/TaskRpc.Server bench/TaskRpc.Bench.Load" >&2; exit 1; }; done
TICK=$(getconf CLK_TCK)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

dotnet "$SERVER" --port "$PORT" --http-port "$HTTP_PORT" --store memory --Logging:LogLevel:Default=Warning >"$OUT/server.log" 2>&1 &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && break; sleep 0.2; done
dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency "$CONC" --warmup 0 --duration 5 >/dev/null 2>&1

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # run MODE ROUND
  local mode=$1 round=$2 readers=()
  if [[ $mode == on ]]; then
    for _ in $(seq 1 "$READERS"); do
      curl -sN "http://127.0.0.1:$HTTP_PORT/dashboard/api/overview/stream" >>"$OUT/sse-$round.txt" &
      readers+=($!)
      (while true; do curl -s "http://127.0.0.1:$HTTP_PORT/dashboard/api/jobs?pageSize=25" >/dev/null; sleep 1; done) &
      readers+=($!)
    done
    PIDS+=("${readers[@]}")
  fi
  local load1 a b; load1=$(cut -d' ' -f1 /proc/loadavg); a=$(cpu_ticks "$SERVER_PID")
  local line; line=$(dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency "$CONC" --warmup "$WARMUP" --duration "$DURATION" 2>/dev/null | tail -1)
  b=$(cpu_ticks "$SERVER_PID")
  for p in "${readers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  /usr/bin/python3 - "$mode" "$round" "$load1" "$((b - a))" "$TICK" "$line" >>"$OUT/results.jsonl" <<'PY'
import json, sys
mode, rnd, load1, ticks, tick, line = sys.argv[1:]
r = json.loads(line)
jobs = r["completed"]
print(json.dumps(dict(mode=mode, round=int(rnd), per_second=r["per_second"], p50_us=r["p50_us"], p99_us=r["p99_us"],
    errors=r["errors"] + r["failed"], load1=float(load1),
    server_cpu_us_per_job=round(1e6 * int(ticks) / int(tick) / jobs, 1) if jobs else None)))
PY
  tail -1 "$OUT/results.jsonl"
}

for round in $(seq 1 "$ROUNDS"); do
  order=(off on); (( round % 2 == 0 )) && order=(on off)
  for mode in "${order[@]}"; do run "$mode" "$round"; done
done

[[ -s $OUT/results.jsonl ]] && /usr/bin/python3 - "$OUT/results.jsonl" "$READERS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = lambda mode, key: statistics.median(r[key] for r in rows if r["mode"] == mode)
print(f"\nmedians over {len(rows)//2} rounds ({sys.argv[2]} dashboard client(s) when on):")
print("| dashboard | jobs/s | p50 us | p99 us | server CPU us/job |")
print("|---|---:|---:|---:|---:|")
for mode in ("off", "on"):
    print(f"| {mode} | {med(mode,'per_second'):,.0f} | {med(mode,'p50_us'):,.0f} | {med(mode,'p99_us'):,.0f} | {med(mode,'server_cpu_us_per_job')} |")
per_round = [next(r for r in rows if r["round"] == n and r["mode"] == "on")["per_second"] /
             next(r for r in rows if r["round"] == n and r["mode"] == "off")["per_second"] for n in sorted({r["round"] for r in rows})]
print("on/off per round: " + ", ".join(f"{x:.3f}" for x in per_round) + f"; median {statistics.median(per_round):.3f}")
PY
attach() { # attach: starts READERS dashboard clients, their pids in READER_PIDS
  READER_PIDS=()
  for _ in $(seq 1 "$READERS"); do
    curl -sN "http://127.0.0.1:$HTTP_PORT/dashboard/api/overview/stream" >/dev/null &
    READER_PIDS+=($!)
    (while true; do curl -s "http://127.0.0.1:$HTTP_PORT/dashboard/api/jobs?pageSize=25" >/dev/null; sleep 1; done) &
    READER_PIDS+=($!)
  done
  PIDS+=("${READER_PIDS[@]}")
}
idle_cpu_ms() { local a b; a=$(cpu_ticks "$SERVER_PID"); sleep "$IDLE"; b=$(cpu_ticks "$SERVER_PID"); echo $(( (b - a) * 1000 / TICK )); }
attach; sleep 3  # the dashboard endpoints' first calls (JIT) are not counted
for p in "${READER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
sleep 2
off_ms=$(idle_cpu_ms)
attach; sleep 1
on_ms=$(idle_cpu_ms)
for p in "${READER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
echo "idle server CPU over ${IDLE} s: ${off_ms} ms without a dashboard, ${on_ms} ms with ${READERS} client(s): $(( (on_ms - off_ms) / IDLE )) ms of CPU per second for the dashboard"
echo "results: $OUT/results.jsonl"
