#!/usr/bin/env bash
# What telemetry costs, paired finely: one warm server per mode (off, metrics, tracing; the same
# modes as bench/telemetry.sh), all started and warmed up front, then PAIRS passes that load each
# server in turn with Submit(demo.echo, wait=true) closed loops (the order reversed every pass),
# the others idle meanwhile. A window takes ~10 s, so each ratio to off compares windows 10–30 s
# apart: on this shared host, load swings over minutes that fresh servers per mode a minute apart
# (bench/telemetry.sh) fold into every ratio.
#   bench/telemetry-paired.sh              # this tree (built first unless BUILD=0)
# Defaults: PAIRS=12 WARMUP=4 DURATION=5 CONC=16,64 MODES=off,metrics,tracing STORE=memory
#           RETENTION=00:00:30 SERVER_WARMUP=10 WARMUP_MAX=90 JIT_IDLE=2 SCRAPE=2 PORT=50720
#   RETENTION  the servers' result retention: they live for the whole run, so finished jobs expire
#              (the same for every mode) instead of the default 24 h filling the heap
#   MODES      off, metrics, tracing, tracing-grpc (bench/lib/telemetry.sh), or a variant of one with
#              its own environment: LABEL=MODE:VAR=VALUE[:VAR=VALUE...], e.g.
#              MODES=off,tracing,b1024=tracing:OTEL_BSP_MAX_EXPORT_BATCH_SIZE=1024 (after BSP_ENV, so it wins)
# Server CPU per job = the server's utime+stime over the window / jobs; the load generator's too.
# JSON lines in $OUT/pairs.jsonl; prints per mode and callers the median jobs/s, the median of
# each pass's own ratio to off with its range, and how many passes were within 5% and 15% of off.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${PAIRS:-12}; WARMUP=${WARMUP:-4}; DURATION=${DURATION:-5}; CONC=${CONC:-16,64}; MODES=${MODES:-off,metrics,tracing}
STORE=${STORE:-memory}; RETENTION=${RETENTION:-00:00:30}; SERVER_WARMUP=${SERVER_WARMUP:-10}; WARMUP_MAX=${WARMUP_MAX:-90}; JIT_IDLE=${JIT_IDLE:-2}
SCRAPE=${SCRAPE:-2}; PORT=${PORT:-50720}; SINK_PORT=$((PORT + 98)); GRPC_SINK_PORT=$((PORT + 99))
BSP_ENV=${BSP_ENV-OTEL_BSP_MAX_QUEUE_SIZE=262144 OTEL_BSP_MAX_EXPORT_BATCH_SIZE=8192}
OUT=${OUT:-$(mktemp -d /tmp/telemetry-paired.XXXXXX)}; mkdir -p "$OUT"
SERVER=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
source bench/lib/telemetry.sh
if [[ ${BUILD:-1} == 1 ]]; then
  dotnet build -c Release -v quiet -nologo server/TaskRpc.Server >/dev/null
  dotnet build -c Release -v quiet -nologo bench/TaskRpc.Bench.Load >/dev/null
fi
IFS=, read -r -a modes <<<"$MODES"
declare -A SERVER_PIDS=() PORTS=() MODE_OF=() ENV_OF=()
for i in "${!modes[@]}"; do
  item=${modes[$i]}; label=${item%%=*}; spec=${item#*=}
  [[ $item == *=* ]] || { label=$item; spec=$item; }
  modes[$i]=$label; MODE_OF[$label]=${spec%%:*}; ENV_OF[$label]=
  [[ $spec == *:* ]] && ENV_OF[$label]=${spec#*:}
done
OTHER_PIDS=()
cleanup() {
  for pid in "${SERVER_PIDS[@]}" "${OTHER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}" "${OTHER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "tree: $PWD ($(git rev-parse --short HEAD 2>/dev/null || echo '?')); out: $OUT" | tee "$OUT/build.txt"

# The OTLP sinks the modes export to: OTLP/HTTP for tracing, OTLP/gRPC for tracing-grpc.
for mode in $(printf '%s\n' "${MODE_OF[@]}" | sort -u); do
  case $mode in
    tracing) sink=$SINK_PORT; protocol= ;;
    tracing-grpc) sink=$GRPC_SINK_PORT; protocol=grpc ;;
    *) continue ;;
  esac
  /usr/bin/python3 bench/telemetry_sink.py "$sink" "$OUT/sink-$sink.txt" $protocol &
  OTHER_PIDS+=($!)
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$sink") 2>/dev/null && break; sleep 0.1; done
done
for i in "${!modes[@]}"; do
  mode=${modes[$i]}; port=$((PORT + 2 * i)); PORTS[$mode]=$port
  mode_args "${MODE_OF[$mode]}"
  args=(--store "$STORE" --port "$port" --http-port $((port + 1)) --Logging:LogLevel:Default=Warning
        --Engine:ResultRetention="$RETENTION" --Engine:RetentionSweepInterval=00:00:01 "${MODE_ARGS[@]}")
  [[ $STORE == sqlite ]] && args+=(--db "$OUT/jobs-$mode.db")
  env $BSP_ENV ${ENV_OF[$mode]//:/ } dotnet "$SERVER" "${args[@]}" >"$OUT/server-$mode.log" 2>&1 &
  SERVER_PIDS[$mode]=$!
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  if [[ ${MODE_OF[$mode]} != off ]]; then
    (while sleep "$SCRAPE"; do curl -s -o /dev/null "http://127.0.0.1:$((port + 1))/metrics" || true; done) &
    OTHER_PIDS+=($!)
  fi
  warm_up "$PWD" "${SERVER_PIDS[$mode]}" "$port"
  echo "$mode (${MODE_OF[$mode]}${ENV_OF[$mode]:+, ${ENV_OF[$mode]//:/ }}): port $port, warmed $WARMED s"
done

for pass in $(seq 1 "$PAIRS"); do
  order=("${modes[@]}")
  (( pass % 2 == 0 )) && order=($(printf '%s\n' "${modes[@]}" | tac))
  for c in ${CONC//,/ }; do
    for mode in "${order[@]}"; do
      pid=${SERVER_PIDS[$mode]}; load1=$(cut -d' ' -f1 /proc/loadavg); t0=$(now)
      dotnet "$LOAD" closed --target "http://127.0.0.1:${PORTS[$mode]}" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" \
        >"$OUT/closed-$mode-$pass-c$c.jsonl" 2>/dev/null &
      lp=$!
      sleep "$(echo "$t0 + $WARMUP + 1 - $(now)" | bc)"; a=$(cpu_ticks "$pid"); la=$(cpu_ticks "$lp"); ta=$(now)
      sleep "$(echo "$t0 + $WARMUP + $DURATION - $(now)" | bc)"; b=$(cpu_ticks "$pid"); lb=$(cpu_ticks "$lp"); tb=$(now)
      wait "$lp"
      /usr/bin/python3 - "$mode" "$pass" "$c" "$OUT/closed-$mode-$pass-c$c.jsonl" $((b - a)) $((lb - la)) "$ta" "$tb" "$load1" "$TICK" >>"$OUT/pairs.jsonl" <<'PY'
import json, sys
mode, p, c, path, ticks, lticks, ta, tb, load, tick = sys.argv[1:]
r = json.loads(open(path).readline())
jobs = r["per_second"] * (float(tb) - float(ta))
per_job = lambda t: round(1e6 * int(t) / int(tick) / jobs, 1) if jobs else None
print(json.dumps(dict(mode=mode, pass_=int(p), concurrency=int(c), per_second=r["per_second"], errors=r["errors"],
    cpu_us_per_job=per_job(ticks), load_cpu_us_per_job=per_job(lticks), load1=float(load))))
PY
      tail -1 "$OUT/pairs.jsonl"
    done
  done
done

/usr/bin/python3 - "$OUT/pairs.jsonl" <<'PY'
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
modes = list(dict.fromkeys(r["mode"] for r in rows))
get = {(r["mode"], r["pass_"], r["concurrency"]): r for r in rows}
print("\n| Submit(wait), %d passes | jobs/s (median) | server CPU µs/job | load gen. CPU µs/job | ratio to off: median (min–max) | passes ≥ 0.95 | passes ≥ 0.85 |" % max(r["pass_"] for r in rows))
print("|---|---:|---:|---:|---:|---:|---:|")
for c in sorted({r["concurrency"] for r in rows}):
    for m in modes:
        mine = [r for r in rows if (r["mode"], r["concurrency"]) == (m, c)]
        ratios = [r["per_second"] / get[("off", r["pass_"], c)]["per_second"] for r in mine if ("off", r["pass_"], c) in get] if m != "off" else []
        cell = "%.3f (%.3f–%.3f)" % (st.median(ratios), min(ratios), max(ratios)) if ratios else "-"
        print("| %d callers, %s | %.0f | %.1f | %.1f | %s | %s | %s |" % (
            c, m, st.median(r["per_second"] for r in mine), st.median(r["cpu_us_per_job"] for r in mine),
            st.median(r["load_cpu_us_per_job"] for r in mine), cell,
            "%d/%d" % (sum(x >= 0.95 for x in ratios), len(ratios)) if ratios else "-",
            "%d/%d" % (sum(x >= 0.85 for x in ratios), len(ratios)) if ratios else "-"))
loads = [r["load1"] for r in rows]
print("\n%d windows; 1-min load average at the start of each: min %.2f, median %.2f, max %.2f; errors %d"
      % (len(rows), min(loads), st.median(loads), max(loads), sum(r["errors"] for r in rows)))
PY
echo "JSON lines in $OUT/pairs.jsonl"
