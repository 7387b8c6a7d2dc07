#!/usr/bin/env bash
# What telemetry costs: Submit(demo.echo, wait=true) closed loops against Release builds of the
# server in three modes, alternating on fresh servers, side by side in one run.
#   bench/telemetry.sh                     # this tree (built first unless BUILD=0)
#   bench/telemetry.sh OLD_TREE NEW_TREE   # before/after: two trees, each with its own Release build
#                                          # of server/TaskRpc.Server and bench/TaskRpc.Bench.Load
# Defaults: ROUNDS=3 WARMUP=4 DURATION=8 SERVER_WARMUP=10 WARMUP_MAX=90 JIT_IDLE=2 CONC=16,64 MODES=off,metrics,tracing PORT=50690 STORE=memory
#   STORE    memory (the default here: the cheapest job, so telemetry's share is the largest) or
#            sqlite (the server's default store; each fresh server gets a new database file in $OUT)
#   off      --Telemetry:Prometheus=false: no meter provider, no tracer provider (the engine's
#            instruments and spans have no listener)
#   metrics  the default: the meter TaskRpc.Engine into the Prometheus exporter, /metrics scraped
#            every SCRAPE (2) s during the run
#   tracing  metrics as above, plus --otlp-endpoint: every span sampled (ratio 1.0, the default)
#            and exported over OTLP/HTTP protobuf every 0.5 s to a local sink that reads and
#            discards the posts (bench/telemetry_sink.py). BSP_ENV goes into the server's
#            environment; default "OTEL_BSP_MAX_QUEUE_SIZE=262144 OTEL_BSP_MAX_EXPORT_BATCH_SIZE=8192"
#            (the batch queue enlarged so spans are exported, not dropped, at this rate);
#            BSP_ENV= (empty) leaves the build's defaults: OpenTelemetry's 2048 / 512 before the
#            spans work (b11f292 and older), the server's own 32768 / 4096 since.
#   tracing-grpc  (not in the default MODES) as tracing, but OTLP/gRPC to a second sink (the
#            server's default protocol): MODES=off,tracing,tracing-grpc compares the two protocols
# Every round runs each mode with each build (both orders flip every round). Each fresh server is
# warmed with 64 callers until the runtime's tiered JIT is done (at least SERVER_WARMUP s, then until
# the ".NET Tiered Compilation" thread is idle, at most WARMUP_MAX s; "warm-up s" in the table):
# with a fixed 5 s, a tracing server was still compiling (and running unoptimized code) through the
# 16-caller window, which counted JIT warm-up as tracing's cost; "JIT CPU µs/job" (that thread in
# the measured window) shows whether a window was warm. Server CPU per job =
# the server's utime+stime over the measured window / jobs in that window ("span export CPU µs/job":
# the part on OpenTelemetry's batch export thread); the load generator's and (tracing modes) the
# OTLP sink's CPU per job over the same window: all three share the 2 cores, so jobs/s is about
# cores / their sum; server bytes per job from
# the startup hook bench/TaskRpc.Bench.AllocProbe (DOTNET_STARTUP_HOOKS, no code in the measured
# build; PROBE=0 turns it off); OTLP bytes per job = what the sink received during a tracing
# server's life / the jobs that server ran. JSON lines in $OUT/results.jsonl; prints markdown tables:
# medians over rounds, and the medians of each round's own ratios (same round, same build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; WARMUP=${WARMUP:-4}; DURATION=${DURATION:-8}; SERVER_WARMUP=${SERVER_WARMUP:-10}; WARMUP_MAX=${WARMUP_MAX:-90}; JIT_IDLE=${JIT_IDLE:-2}
STORE=${STORE:-memory}; [[ $STORE == memory || $STORE == sqlite ]] || { echo "STORE must be memory or sqlite" >&2; exit 2; }
CONC=${CONC:-16,64}; MODES=${MODES:-off,metrics,tracing}; PORT=${PORT:-50690}; HTTP_PORT=$((PORT + 1)); SINK_PORT=$((PORT + 2)); GRPC_SINK_PORT=$((PORT + 3)); SCRAPE=${SCRAPE:-2}
BSP_ENV=${BSP_ENV-OTEL_BSP_MAX_QUEUE_SIZE=262144 OTEL_BSP_MAX_EXPORT_BATCH_SIZE=8192}
OUT=${OUT:-$(mktemp -d /tmp/telemetry-bench.XXXXXX)}; mkdir -p "$OUT"
SERVER=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
PROBE_DLL=$PWD/bench/TaskRpc.Bench.AllocProbe/bin/Release/net10.0/TaskRpc.Bench.AllocProbe.dll
source bench/lib/telemetry.sh
if [[ $# == 2 ]]; then
  BUILDS=(old new); TREES=("$(cd "$1" && pwd)" "$(cd "$2" && pwd)")
elif [[ $# == 0 ]]; then
  BUILDS=(this); TREES=("$PWD")
  if [[ ${BUILD:-1} == 1 ]]; then
    dotnet build -c Release -v quiet -nologo server/TaskRpc.Server >/dev/null
    dotnet build -c Release -v quiet -nologo bench/TaskRpc.Bench.Load >/dev/null
  fi
else
  echo "usage: $0 [OLD_TREE NEW_TREE]" >&2; exit 2
fi
for tree in "${TREES[@]}"; do
  for f in "$SERVER" "$LOAD"; do [[ -f $tree/$f ]] || { echo "missing $tree/$f (Release build)" >&2; exit 1; }; done
done
if [[ ${PROBE:-1} == 1 ]]; then
  [[ -f $PROBE_DLL ]] || dotnet build bench/TaskRpc.Bench.AllocProbe -c Release -nologo -v q >/dev/null
  export DOTNET_STARTUP_HOOKS=$PROBE_DLL
fi
for i in "${!BUILDS[@]}"; do echo "${BUILDS[$i]}: ${TREES[$i]} ($(git -C "${TREES[$i]}" rev-parse --short HEAD 2>/dev/null || echo '?'))"; done | tee "$OUT/builds.txt"
SERVER_PID=; SINK_PID=; GRPC_SINK_PID=; SCRAPER_PID=
stop() {
  for pid in $SCRAPER_PID $SERVER_PID; do
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PID=; SCRAPER_PID=
}
cleanup() { stop; for pid in $SINK_PID $GRPC_SINK_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# The bytes the sink of mode $1 has received on /v1/traces so far (0 for modes without one).
sink_trace_bytes() {
  local pid=$SINK_PID file=$OUT/sink.txt
  if [[ $1 == tracing-grpc ]]; then pid=$GRPC_SINK_PID; file=$OUT/sink-grpc.txt; fi
  kill -USR1 "$pid"; sleep 0.3
  /usr/bin/python3 -c 'import re,sys; m=re.search(r"/v1/traces: \d+ posts, (\d+) bytes", open(sys.argv[1]).read()); print(m.group(1) if m else 0)' "$file"
}

/usr/bin/python3 bench/telemetry_sink.py "$SINK_PORT" "$OUT/sink.txt" &
SINK_PID=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && break; sleep 0.1; done
if [[ ,$MODES, == *,tracing-grpc,* ]]; then
  /usr/bin/python3 bench/telemetry_sink.py "$GRPC_SINK_PORT" "$OUT/sink-grpc.txt" grpc &
  GRPC_SINK_PID=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$GRPC_SINK_PORT") 2>/dev/null && break; sleep 0.1; done
fi

for round in $(seq 1 "$ROUNDS"); do
  IFS=, read -r -a modes <<<"$MODES"
  order=("${!BUILDS[@]}")
  if (( round % 2 == 0 )); then
    modes=($(printf '%s\n' "${modes[@]}" | tac)); order=($(printf '%s\n' "${order[@]}" | tac))
  fi
  for mode in "${modes[@]}"; do
    for i in "${order[@]}"; do
      build=${BUILDS[$i]}; tree=${TREES[$i]}; tag="$build-$mode-$round"
      args=(--store "$STORE" --port "$PORT" --http-port "$HTTP_PORT" --Logging:LogLevel:Default=Warning)
      [[ $STORE == sqlite ]] && args+=(--db "$OUT/jobs-$tag.db")
      mode_args "$mode"; args+=("${MODE_ARGS[@]}")
      sink0=$(sink_trace_bytes "$mode")
      env $BSP_ENV TASKRPC_ALLOC_PROBE="$OUT/probe-$tag.%p" dotnet "$tree/$SERVER" "${args[@]}" >"$OUT/server-$tag.log" 2>&1 &
      SERVER_PID=$!; probe="$OUT/probe-$tag.$SERVER_PID"
      for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
      if [[ $mode != off ]]; then
        (while sleep "$SCRAPE"; do curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/metrics" || true; done) &
        SCRAPER_PID=$!
      fi
      warm_up "$tree" "$SERVER_PID" "$PORT"
      for c in ${CONC//,/ }; do
        load1=$(cut -d' ' -f1 /proc/loadavg)
        t0=$(now)
        dotnet "$tree/$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" \
          >"$OUT/closed-$tag-c$c.jsonl" 2>/dev/null &
        lp=$!
        sink=$SINK_PID; [[ $mode == tracing-grpc ]] && sink=$GRPC_SINK_PID
        sleep "$(echo "$t0 + $WARMUP + 1 - $(now)" | bc)"; a=$(cpu_ticks "$SERVER_PID"); ta=$(now); ta_threads=$(thread_ticks "$SERVER_PID")
        la=$(cpu_ticks "$lp"); sa=$(cpu_ticks "$sink")
        sleep "$(echo "$t0 + $WARMUP + $DURATION - $(now)" | bc)"; b=$(cpu_ticks "$SERVER_PID"); tb=$(now); tb_threads=$(thread_ticks "$SERVER_PID")
        lb=$(cpu_ticks "$lp"); sb=$(cpu_ticks "$sink")
        wait "$lp"
        [[ $mode == tracing* ]] || { sa=; sb=; }
        /usr/bin/python3 - "$build" "$mode" "$round" "$c" "$OUT/closed-$tag-c$c.jsonl" $(( b - a )) "$ta" "$tb" "$load1" "$TICK" "$probe" $ta_threads $tb_threads "$WARMED" \
          $(( lb - la )) "${sb:+$(( sb - sa ))}" >>"$OUT/results.jsonl" <<'PY'
import json, sys
build, mode, rnd, c, path, ticks, ta, tb, load, tick, probe, jit_a, exp_a, jit_b, exp_b, warmed, load_ticks, sink_ticks = sys.argv[1:]
r = json.loads(open(path).readline())
win = float(tb) - float(ta)
jobs = r["per_second"] * win
def bytes_per_job():  # first and last probe sample (unix_s, bytes, cpu_s, jobs) inside the window
    try:
        rows = [[float(x) for x in l.split()] for l in open(probe) if len(l.split()) == 4]
    except OSError:
        return None
    rows = [x for x in rows if float(ta) <= x[0] <= float(tb)]
    n = rows[-1][3] - rows[0][3] if len(rows) >= 2 else 0
    return round((rows[-1][1] - rows[0][1]) / n) if n > 0 else None
print(json.dumps(dict(build=build, mode=mode, round=int(rnd), concurrency=int(c), per_second=r["per_second"], p50_us=r["p50_us"],
    p99_us=r["p99_us"], errors=r["errors"], cpu_us_per_job=round(1e6 * int(ticks) / int(tick) / jobs, 1) if jobs else None,
    bytes_per_job=bytes_per_job(), load1=float(load), warm_up_s=int(warmed),
    jit_us_per_job=round(1e6 * (int(jit_b) - int(jit_a)) / int(tick) / jobs, 1) if jobs else None,
    export_us_per_job=round(1e6 * (int(exp_b) - int(exp_a)) / int(tick) / jobs, 1) if jobs else None,
    load_cpu_us_per_job=round(1e6 * int(load_ticks) / int(tick) / jobs, 1) if jobs else None,
    sink_cpu_us_per_job=round(1e6 * int(sink_ticks) / int(tick) / jobs, 1) if jobs and sink_ticks else None)))
PY
        tail -1 "$OUT/results.jsonl"
      done
      if [[ $mode != off ]]; then curl -s "http://127.0.0.1:$HTTP_PORT/metrics" >"$OUT/metrics-$tag.txt"; fi
      stop
      if [[ $mode == tracing* ]]; then
        sleep 1  # the last export of a stopping server
        sink1=$(sink_trace_bytes "$mode")
        jobs=$(tail -1 "$probe" 2>/dev/null | awk '{print $4}' || true)  # none with PROBE=0
        echo "{\"build\": \"$build\", \"mode\": \"$mode\", \"round\": $round, \"otlp_trace_bytes\": $((sink1 - sink0)), \"jobs\": ${jobs:-0}}" >>"$OUT/otlp.jsonl"
      fi
    done
  done
done
cut -d' ' -f1-3 /proc/loadavg >"$OUT/loadavg-end.txt"

/usr/bin/python3 - "$OUT/results.jsonl" "$OUT/otlp.jsonl" <<'PY'
import json, os, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
otlp = [json.loads(l) for l in open(sys.argv[2])] if os.path.exists(sys.argv[2]) else []
builds = list(dict.fromkeys(r["build"] for r in rows))
modes = [m for m in ("off", "metrics", "tracing", "tracing-grpc") if any(r["mode"] == m for r in rows)]
KEYS = [("warm-up s", "warm_up_s", "%.0f", 1), ("jobs/s", "per_second", "%.0f", 1), ("p50 ms", "p50_us", "%.2f", 1e-3), ("p99 ms", "p99_us", "%.2f", 1e-3),
        ("server CPU µs/job", "cpu_us_per_job", "%.0f", 1), ("JIT CPU µs/job", "jit_us_per_job", "%.1f", 1),
        ("span export CPU µs/job", "export_us_per_job", "%.1f", 1), ("load generator CPU µs/job", "load_cpu_us_per_job", "%.0f", 1),
        ("OTLP sink CPU µs/job", "sink_cpu_us_per_job", "%.1f", 1), ("server B/job", "bytes_per_job", "%.0f", 1)]
def pick(b, m, c, key):
    return {r["round"]: r[key] for r in rows if (r["build"], r["mode"], r["concurrency"]) == (b, m, c) and r.get(key) is not None}
def med(v): return st.median(v) if v else None
for b in builds:
    print("\n%s: medians over rounds; in brackets the median of each round's own ratio to off" % b)
    print("| Submit(wait) closed loop | " + " | ".join(modes) + " | " + " | ".join("%s/off" % m for m in modes if m != "off") + " |")
    print("|---|" + "---:|" * (2 * len(modes) - 1))
    for c in sorted({r["concurrency"] for r in rows}):
        for label, key, fmt, scale in KEYS:
            vals = {m: pick(b, m, c, key) for m in modes}
            if not any(vals.values()):
                continue
            cells = [fmt % (med(list(vals[m].values())) * scale) if vals[m] else "-" for m in modes]
            ratios = []
            for m in modes:
                if m == "off" or "off" not in vals:
                    continue
                o, x = med(list(vals["off"].values())), med(list(vals[m].values()))
                paired = [vals[m][r] / vals["off"][r] for r in vals[m] if r in vals["off"] and vals["off"][r]]
                ratios.append(("%.3f" % (x / o) if x and o else "-") + (" (%.3f)" % med(paired) if paired else ""))
            print("| %d callers: %s | %s | %s |" % (c, label, " | ".join(cells), " | ".join(ratios)))
    for m in (m for m in modes if m.startswith("tracing")):
        o = [x for x in otlp if x["build"] == b and x.get("mode", "tracing") == m and x["jobs"]]
        if o:
            print("OTLP trace bytes per job (per %s server): " % m + ", ".join("%.0f" % (x["otlp_trace_bytes"] / x["jobs"]) for x in o))
if len(builds) == 2:
    old, new = builds
    print("\nnew/old, medians over rounds of each round's own ratio (same round, same mode)")
    print("| Submit(wait) closed loop | " + " | ".join(modes) + " |")
    print("|---|" + "---:|" * len(modes))
    for c in sorted({r["concurrency"] for r in rows}):
        for label, key, fmt, scale in KEYS:
            cells = []
            for m in modes:
                a, n = pick(old, m, c, key), pick(new, m, c, key)
                paired = [n[r] / a[r] for r in n if r in a and a[r]]
                cells.append("%.3f" % med(paired) if paired else "-")
            print("| %d callers: %s | %s |" % (c, label, " | ".join(cells)))
loads = [r["load1"] for r in rows]
print("\n%d measurements, %d rounds; 1-min load average at the start of each: min %.2f, median %.2f, max %.2f"
      % (len(rows), max(r["round"] for r in rows), min(loads), st.median(loads), max(loads)))
PY
echo "OTLP sink: $(kill -USR1 "$SINK_PID"; sleep 0.3; cat "$OUT/sink.txt")"
[[ -z $GRPC_SINK_PID ]] || echo "OTLP/gRPC sink: $(kill -USR1 "$GRPC_SINK_PID"; sleep 0.3; cat "$OUT/sink-grpc.txt")"
echo "JSON lines in $OUT/results.jsonl"
