#!/usr/bin/env bash
# How far a 10 ms sleep job's cycle stays above 10 ms as the number of callers grows, with a client
# that costs almost nothing (h2load), and how busy the machine was meanwhile: is the gap CPU, or
# latency on an idle machine? One fresh Release server (memory store) per stream count, warmed with
# no-op and sleep jobs, then h2load Submit(wait) demo.sleep {seconds, 1 step} for DURATION s.
#   bench/sleep-sweep.sh                  # SHAPES="1x1 1x16 2x32 4x32" SECONDS_=0.01 DURATION=8 PORT=50730
#   SERVER_ENV="NAME=value ..." goes into the server's environment (runtime settings to compare).
# Per shape (connections x streams): jobs/s and its share of the limit (streams / seconds), the
# mean cycle and its excess over the sleep, the server's and h2load's CPU per job (bench/lib/h2load-jobs.sh,
# every job checked SUCCEEDED on the server), and the whole machine's idle share (/proc/stat) over
# the middle of the run. Also, per shape, demo.echo at 1 stream (a warm round trip) for scale.
set -euo pipefail
cd "$(dirname "$0")/.."
SHAPES=${SHAPES:-1x1 1x16 2x32 4x32}; SECONDS_=${SECONDS_:-0.01}; DURATION=${DURATION:-8}; PORT=${PORT:-50730}
SERVER=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
OUT=${OUT:-$(mktemp -d /tmp/sleep-sweep.XXXXXX)}; mkdir -p "$OUT"
for f in "$SERVER" "$LOAD"; do [[ -f $f ]] || { echo "missing $f (Release build)" >&2; exit 1; }; done
command -v h2load >/dev/null || { echo "needs h2load (apt-get install nghttp2-client)" >&2; exit 1; }
SLEEP_TEXT="task: \"demo.sleep\" args { json { struct_value { fields { key: \"seconds\" value { number_value: $SECONDS_ } } fields { key: \"steps\" value { number_value: 1 } } } } } wait: true"
ECHO_TEXT='task: "demo.echo" wait: true'
PID=
stop() { [[ -z $PID ]] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; }; }
trap stop EXIT
cpu_line() { head -1 /proc/stat; }
idle_share() {   # /proc/stat "cpu" lines before and after: the idle (+ iowait) share
  /usr/bin/python3 -c 'import sys; a=list(map(int,sys.argv[1].split()[1:])); b=list(map(int,sys.argv[2].split()[1:])); d=[y-x for x,y in zip(a,b)]; print(round(100*(d[3]+d[4])/sum(d),1))' "$1" "$2"
}
for shape in $SHAPES; do
  conns=${shape%x*} streams=${shape#*x}
  env ${SERVER_ENV:-} dotnet "$SERVER" --port "$PORT" --http-port -1 --store memory --Logging:LogLevel:Default=Warning >"$OUT/server-$shape.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
  dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 1 --duration 4 >/dev/null 2>&1
  dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --task demo.sleep --args "{\"seconds\":$SECONDS_,\"steps\":1}" --concurrency 128 --warmup 1 --duration 5 >/dev/null 2>&1
  ( sleep $(( DURATION / 4 + 1 )); cpu_line >"$OUT/stat0-$shape"; sleep $(( DURATION / 2 )); cpu_line >"$OUT/stat1-$shape" ) &
  stat_pid=$!
  SERVER_PID=$PID LOAD_DLL=$LOAD WORK=$OUT bench/lib/h2load-jobs.sh "$PORT" "$conns" "$streams" "$DURATION" "sleep-$shape" "$SLEEP_TEXT" >"$OUT/sleep-$shape.json"
  wait "$stat_pid"
  SERVER_PID=$PID LOAD_DLL=$LOAD WORK=$OUT bench/lib/h2load-jobs.sh "$PORT" 1 1 4 "echo-$shape" "$ECHO_TEXT" >"$OUT/echo-$shape.json"
  idle=$(idle_share "$(cat "$OUT/stat0-$shape")" "$(cat "$OUT/stat1-$shape")")
  /usr/bin/python3 - "$OUT/sleep-$shape.json" "$OUT/echo-$shape.json" "$shape" "$SECONDS_" "$idle" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY' | tee -a "$OUT/sweep.jsonl"
import json, sys
sleep, echo = (json.loads(open(p).read().strip().splitlines()[-1]) for p in sys.argv[1:3])
shape, seconds, idle, load = sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
limit = sleep["concurrency"] / seconds
print(json.dumps(dict(shape=shape, streams=sleep["concurrency"], per_second=sleep["per_second"], of_limit=round(sleep["per_second"] / limit, 3),
                      mean_ms=round(sleep["mean_us"] / 1000, 2), excess_ms=round(sleep["mean_us"] / 1000 - seconds * 1000, 2),
                      server_cpu_us_per_job=sleep.get("server_cpu_us_per_job"), h2load_cpu_us_per_job=sleep["client_cpu_us_per_job"],
                      machine_idle_pct=idle, failed=sleep["failed"] + sleep["errors"], echo_1_stream_mean_ms=round(echo["mean_us"] / 1000, 3),
                      load1=float(load))))
PY
  stop
done
/usr/bin/python3 - "$OUT/sweep.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("\n| h2load connections x streams | sleep jobs/s (of the limit) | mean cycle (over the sleep) | server + h2load CPU per job | machine idle | demo.echo, 1 stream: mean round trip | failed |")
print("|---|---:|---|---|---:|---:|---:|")
for r in rows:
    print(f"| {r['shape']} | {r['per_second']:,.0f} ({100 * r['of_limit']:.0f}%) | {r['mean_ms']:.2f} ms (+{r['excess_ms']:.2f}) | "
          f"{r['server_cpu_us_per_job']} + {r['h2load_cpu_us_per_job']} µs | {r['machine_idle_pct']:.0f}% | {r['echo_1_stream_mean_ms']:.3f} ms | {r['failed']} |")
PY
echo "JSON lines in $OUT/sweep.jsonl"
