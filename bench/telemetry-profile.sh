#!/usr/bin/env bash
# Where the server's CPU goes with telemetry off / metrics / tracing: one Release server per mode
# (settings as bench/telemetry.sh), a Submit(demo.echo, wait=true) closed loop at CONC callers, and
# `perf record -g` of the server for PERF_S seconds in the middle of it (DOTNET_PerfMapEnabled=1
# and W^X off, so JIT-compiled frames have names). Prints, per mode, the share of server samples by component
# (self time) and the top symbols, plus jobs/s and server CPU µs per job.
#   bench/telemetry-profile.sh [TREE]      # CONC=16 DURATION=20 PERF_S=10 MODES=off,metrics,tracing PORT=50790
# Needs perf (root or perf_event_paranoid <= 1). Output in $OUT (perf-MODE.data, report-MODE.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
TREE=$(cd "${1:-.}" && pwd)
CONC=${CONC:-16}; DURATION=${DURATION:-20}; PERF_S=${PERF_S:-10}; MODES=${MODES:-off,metrics,tracing}
PORT=${PORT:-50790}; HTTP_PORT=$((PORT + 1)); SINK_PORT=$((PORT + 2))
OUT=${OUT:-$(mktemp -d /tmp/telemetry-profile.XXXXXX)}; mkdir -p "$OUT"
SERVER=$TREE/server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD=$TREE/bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
TICK=$(getconf CLK_TCK)
for f in "$SERVER" "$LOAD"; do [[ -f $f ]] || { echo "missing $f (Release build)" >&2; exit 1; }; done
SERVER_PID=; SINK_PID=
stop() {
  [[ -n $SERVER_PID ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}
cleanup() { stop; [[ -z $SINK_PID ]] || { kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; }; }
trap cleanup EXIT
trap 'exit 130' INT TERM
/usr/bin/python3 bench/telemetry_sink.py "$SINK_PORT" "$OUT/sink.txt" &
SINK_PID=$!
for mode in ${MODES//,/ }; do
  args=(--store memory --port "$PORT" --http-port "$HTTP_PORT" --Logging:LogLevel:Default=Warning)
  case $mode in
    off) args+=(--Telemetry:Prometheus=false) ;;
    tracing) args+=(--otlp-endpoint "http://127.0.0.1:$SINK_PORT" --Telemetry:OtlpProtocol=http/protobuf --Telemetry:ExportInterval=00:00:00.500) ;;
  esac
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$SERVER" "${args[@]}" >"$OUT/server-$mode.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
  dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration "${SERVER_WARMUP:-10}" >/dev/null 2>&1
  dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency "$CONC" --warmup 2 --duration "$DURATION" >"$OUT/closed-$mode.jsonl" 2>/dev/null &
  lp=$!
  sleep 4
  a=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"); ta=$(date +%s.%N)
  perf record -q -g -F 999 -p "$SERVER_PID" -o "$OUT/perf-$mode.data" -- sleep "$PERF_S" 2>/dev/null
  b=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"); tb=$(date +%s.%N)
  load1=$(cut -d' ' -f1 /proc/loadavg)
  wait "$lp"
  perf report -i "$OUT/perf-$mode.data" --no-children --sort sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' >"$OUT/report-$mode.txt" || true
  stop
  /usr/bin/python3 - "$mode" "$OUT/closed-$mode.jsonl" "$((b - a))" "$ta" "$tb" "$TICK" "$load1" "$OUT/report-$mode.txt" <<'PY'
import json, re, sys
mode, path, ticks, ta, tb, tick, load, report = sys.argv[1:]
r = json.loads(open(path).readline())
jobs = r["per_second"] * (float(tb) - float(ta))
print("== %s: %.0f jobs/s, server CPU %.0f µs/job, load %s" % (mode, r["per_second"], 1e6 * int(ticks) / int(tick) / jobs, load))
groups = [("OpenTelemetry SDK/exporter", r"OpenTelemetry\."), ("Activity/DiagnosticSource", r"System\.Diagnostics\.(Activity|DiagnosticListener|DiagnosticSource|Metrics|TagList|ActivityTagsCollection|ActivityContext)"),
          ("TaskRpc", r"TaskRpc\."), ("gRPC", r"Grpc\."), ("Protobuf", r"Google\.Protobuf"), ("ASP.NET Core/Kestrel", r"Microsoft\.AspNetCore"),
          ("GC (coreclr)", r"(?i)\bW?KS::|SVR::|gc_heap|GCHeap|mark_|plan_phase|relocate|memclr|memset|memmove|Gen2|sweep|background_"),
          ("kernel", r"\[k\]"), ("other", r"")]
share = {g: 0.0 for g, _ in groups}; top = []
for line in open(report):
    m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
    if not m:
        continue
    pct, sym = float(m.group(1)), m.group(2)
    top.append((pct, sym))
    for g, rx in groups:
        if re.search(rx, sym):
            share[g] += pct
            break
print("   " + ", ".join("%s %.1f%%" % (g, v) for g, v in share.items() if v >= 0.05))
for pct, sym in top[:25]:
    print("   %5.2f%% %s" % (pct, sym[:150]))
PY
done
echo "perf data and reports in $OUT"
