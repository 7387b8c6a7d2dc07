# Shared by bench/telemetry.sh and bench/telemetry-paired.sh (source it; functions only): the
# server's arguments per telemetry mode, its CPU and per-thread CPU, and the JIT-aware warm-up.
# Callers set LOAD (the load generator's dll path, relative to a tree), SINK_PORT and
# GRPC_SINK_PORT (the OTLP sinks of the tracing modes).

TICK=$(getconf CLK_TCK)
now() { date +%s.%N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# CPU ticks of the server's tiered JIT thread and of OpenTelemetry's span export thread: "JIT EXPORT".
thread_ticks() {
  /usr/bin/python3 -c 'import glob,sys
t = {".NET Tiered Com": 0, "OpenTelemetry-B": 0}
for d in glob.glob("/proc/%s/task/*" % sys.argv[1]):
    try:
        c, f = open(d + "/comm").read().strip(), open(d + "/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    if c in t: t[c] += int(f[11]) + int(f[12])
print(t[".NET Tiered Com"], t["OpenTelemetry-B"])' "$1"
}

# mode_args MODE: the server arguments of a telemetry mode, into the array MODE_ARGS.
#   off      no meter provider, no tracer provider (the engine's instruments and spans have no listener)
#   metrics  the default: the meter TaskRpc.Engine into the Prometheus exporter
#   tracing  metrics, plus every span sampled and exported over OTLP/HTTP protobuf every 0.5 s to the sink
#   tracing-grpc  as tracing, over OTLP/gRPC to the second sink
mode_args() {
  case $1 in
    off) MODE_ARGS=(--Telemetry:Prometheus=false) ;;
    metrics) MODE_ARGS=() ;;
    tracing) MODE_ARGS=(--otlp-endpoint "http://127.0.0.1:$SINK_PORT" --Telemetry:OtlpProtocol=http/protobuf --Telemetry:ExportInterval=00:00:00.500) ;;
    tracing-grpc) MODE_ARGS=(--otlp-endpoint "http://127.0.0.1:$GRPC_SINK_PORT" --Telemetry:OtlpProtocol=grpc --Telemetry:ExportInterval=00:00:00.500) ;;
    *) echo "unknown mode $1" >&2; return 2 ;;
  esac
}

# warm_up TREE PID PORT: 64 callers on the fresh server for at least SERVER_WARMUP s, then until its
# tiered JIT thread has used at most JIT_IDLE (%) of a core over the last 2 s, for at most
# WARMUP_MAX s. Sets WARMED (seconds). With a fixed short warm-up, a tracing server was still
# compiling OpenTelemetry's SDK and exporter through the measured window.
warm_up() {
  local tree=$1 pid=$2 port=$3
  dotnet "$tree/$LOAD" closed --target "http://127.0.0.1:$port" --concurrency 64 --warmup 0 --duration "$WARMUP_MAX" >/dev/null 2>&1 &
  local wp=$! start=$SECONDS jit prev
  prev=$(thread_ticks "$pid" | cut -d' ' -f1)
  while kill -0 "$wp" 2>/dev/null; do
    sleep 2; jit=$(thread_ticks "$pid" | cut -d' ' -f1)
    if (( SECONDS - start >= SERVER_WARMUP && (jit - prev) * 100 <= JIT_IDLE * 2 * TICK )); then break; fi
    prev=$jit
  done
  kill "$wp" 2>/dev/null || true; wait "$wp" 2>/dev/null || true
  WARMED=$((SECONDS - start))
}
