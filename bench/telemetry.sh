#!/usr/bin/env bash
# What telemetry costs: Submit(demo.echo, wait=true) closed loops against one Release build in
# three modes, alternating on fresh servers, side by side in one run.
#   bench/telemetry.sh            # ROUNDS=3 WARMUP=4 DURATION=8 CONC=16,64 PORT=50690
#   off      --Telemetry:Prometheus=false: no meter provider, no tracer provider (the engine's
#            instruments and spans have no listener)
#   metrics  the default: the meter TaskRpc.Engine into the Prometheus exporter, /metrics scraped
#            every SCRAPE s during the run
#   tracing  metrics as above, plus --otlp-endpoint: every span sampled (ratio 1.0, the default)
#            and exported over OTLP/HTTP protobuf every 0.5 s to a local sink that reads and
#            discards the posts (bench/telemetry_sink.py); the batch queue is enlarged
#            (OTEL_BSP_MAX_QUEUE_SIZE) so spans are exported, not dropped, at this rate
# Server CPU per job = the server's utime+stime over the measured window / jobs in that window.
# JSON lines in $OUT/results.jsonl; prints a markdown table of medians over rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; WARMUP=${WARMUP:-4}; DURATION=${DURATION:-8}; SERVER_WARMUP=${SERVER_WARMUP:-5}
CONC=${CONC:-16,64}; PORT=${PORT:-50690}; HTTP_PORT=$((PORT + 1)); SINK_PORT=$((PORT + 2)); SCRAPE=${SCRAPE:-2}
OUT=${OUT:-$(mktemp -d /tmp/telemetry-bench.XXXXXX)}; mkdir -p "$OUT"
SERVER=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
TICK=$(getconf CLK_TCK)
if [[ ${BUILD:-1} == 1 ]]; then
  dotnet build -c Release -v quiet -nologo server/TaskRpc.Server >/dev/null
  dotnet build -c Release -v quiet -nologo bench/TaskRpc.Bench.Load >/dev/null
fi
SERVER_PID=; SINK_PID=; SCRAPER_PID=
stop() {
  for pid in $SCRAPER_PID $SERVER_PID; do
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PID=; SCRAPER_PID=
}
cleanup() { stop; [[ -z $SINK_PID ]] || { kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; }; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now() { date +%s.%N; }

/usr/bin/python3 bench/telemetry_sink.py "$SINK_PORT" "$OUT/sink.txt" &
SINK_PID=$!

for round in $(seq 1 "$ROUNDS"); do
  modes=(off metrics tracing)
  (( round % 2 == 0 )) && modes=(tracing metrics off)
  for mode in "${modes[@]}"; do
    args=(--store memory --port "$PORT" --http-port "$HTTP_PORT" --Logging:LogLevel:Default=Warning)
    case $mode in
      off) args+=(--Telemetry:Prometheus=false) ;;
      tracing) args+=(--otlp-endpoint "http://127.0.0.1:$SINK_PORT" --Telemetry:OtlpProtocol=http/protobuf --Telemetry:ExportInterval=00:00:00.500) ;;
    esac
    OTEL_BSP_MAX_QUEUE_SIZE=262144 OTEL_BSP_MAX_EXPORT_BATCH_SIZE=8192 \
      dotnet "$SERVER" "${args[@]}" >"$OUT/server-$mode-$round.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
    if [[ $mode != off ]]; then
      (while sleep "$SCRAPE"; do curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/metrics" || true; done) &
      SCRAPER_PID=$!
    fi
    dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration "$SERVER_WARMUP" >/dev/null 2>&1
    for c in ${CONC//,/ }; do
      load1=$(cut -d' ' -f1 /proc/loadavg)
      t0=$(now)
      dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" \
        >"$OUT/closed-$mode-c$c-r$round.jsonl" 2>/dev/null &
      lp=$!
      sleep "$(echo "$t0 + $WARMUP + 1 - $(now)" | bc)"; a=$(cpu_ticks "$SERVER_PID"); ta=$(now)
      sleep "$(echo "$t0 + $WARMUP + $DURATION - $(now)" | bc)"; b=$(cpu_ticks "$SERVER_PID"); tb=$(now)
      wait "$lp"
      /usr/bin/python3 - "$mode" "$round" "$c" "$OUT/closed-$mode-c$c-r$round.jsonl" $(( b - a )) "$(echo "$tb - $ta" | bc)" "$load1" "$TICK" >>"$OUT/results.jsonl" <<'PY'
import json, sys
mode, rnd, c, path, ticks, win, load, tick = sys.argv[1:]
r = json.loads(open(path).readline())
jobs = r["per_second"] * float(win)
print(json.dumps(dict(mode=mode, round=int(rnd), concurrency=int(c), per_second=r["per_second"], p50_us=r["p50_us"],
    p99_us=r["p99_us"], errors=r["errors"], cpu_us_per_job=round(1e6 * int(ticks) / int(tick) / jobs, 1) if jobs else None,
    load1=float(load))))
PY
      tail -1 "$OUT/results.jsonl"
    done
    if [[ $mode != off ]]; then curl -s "http://127.0.0.1:$HTTP_PORT/metrics" >"$OUT/metrics-$mode-$round.txt"; fi
    stop
  done
done
cut -d' ' -f1-3 /proc/loadavg >"$OUT/loadavg-end.txt"
kill -USR1 "$SINK_PID" 2>/dev/null || true; sleep 0.5

/usr/bin/python3 - "$OUT/results.jsonl" "$OUT/sink.txt" <<'PY'
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def med(mode, c, key):
    v = [r[key] for r in rows if (r["mode"], r["concurrency"]) == (mode, c) and r[key] is not None]
    return st.median(v) if v else None
print("| Submit(wait) closed loop | off | metrics (Prometheus) | tracing 100% (OTLP) + metrics | metrics/off | tracing/off |")
print("|---|---:|---:|---:|---:|---:|")
for c in sorted({r["concurrency"] for r in rows}):
    for label, key, fmt, scale in [("jobs/s", "per_second", "%.0f", 1), ("p50 ms", "p50_us", "%.2f", 1e-3), ("p99 ms", "p99_us", "%.2f", 1e-3), ("server CPU µs/job", "cpu_us_per_job", "%.0f", 1)]:
        o, m, t = (med(x, c, key) for x in ("off", "metrics", "tracing"))
        f = lambda v: fmt % (v * scale) if v is not None else "-"
        q = lambda v: "%.3f" % (v / o) if v and o else "-"
        print("| %d callers: %s | %s | %s | %s | %s | %s |" % (c, label, f(o), f(m), f(t), q(m), q(t)))
loads = [r["load1"] for r in rows]
print("\n%d measurements, %d rounds; 1-min load average at the start of each: min %.2f, median %.2f, max %.2f"
      % (len(rows), max(r["round"] for r in rows), min(loads), st.median(loads), max(loads)))
print("OTLP sink: " + open(sys.argv[2]).read().strip())
PY
echo "JSON lines in $OUT/results.jsonl"
