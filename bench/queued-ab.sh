#!/usr/bin/env bash
# Side-by-side queued scaling (run-all.sh section 5) of two builds of TaskRpc.Server, alternating
# BEFORE and AFTER on fresh servers, ROUNDS times. Each tree needs a Release build of
# server/TaskRpc.Server; the load generator is this checkout's bench/TaskRpc.Bench.Load (Release).
#   bench/queued-ab.sh /tmp/before /tmp/after      # ROUNDS=3 LEVELS=1000,1000000 PORT=50490
# Prints one line per level and build (jobs/s, p50, p99) and keeps the JSON lines in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# == 2 ]] || { echo "usage: $0 BEFORE_TREE AFTER_TREE" >&2; exit 2; }
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
ROUNDS=${ROUNDS:-3}; LEVELS=${LEVELS:-1000,1000000}; PORT=${PORT:-50490}
OUT=${OUT:-$(mktemp -d /tmp/queued-ab.XXXXXX)}; mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    tree=$1; [[ $side == after ]] && tree=$2
    dotnet "$tree/server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll" --port "$PORT" --Server:HttpPort=-1 --Logging:LogLevel:Default=Warning \
      --store memory --Engine:Async:QueueCapacity=2000000 --Engine:ResultRetention=00:00:05 \
      --Engine:RetentionSweepInterval=00:00:01 >"$OUT/server-$side-$round.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
    dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration 15 >/dev/null 2>&1   # JIT tiering
    sleep 6   # the warm-up's finished jobs expire (retention 5 s)
    load=$(cut -d' ' -f1 /proc/loadavg)
    dotnet "$LOAD" queued --target "http://127.0.0.1:$PORT" --server-pid "$pid" --levels "$LEVELS" --concurrency 64 \
      --warmup 3 --duration 10 >"$OUT/queued-$side-$round.jsonl" 2>/dev/null
    kill "$pid"; wait "$pid" 2>/dev/null || true
    /usr/bin/python3 - "$OUT/queued-$side-$round.jsonl" "$round" "$side" "$load" <<'PY'
import json, sys
path, round_, side, load = sys.argv[1:]
for line in open(path):
    r = json.loads(line)
    print("round %s %-6s load %5s  %9s queued: %9.0f jobs/s  p50 %.2f ms  p99 %.2f ms  RSS %d MiB, %d B per queued job"
          % (round_, side, load, format(r["queued"], ","), r["per_second"], r["p50_us"] / 1000, r["p99_us"] / 1000,
             r["rss_after_queue"] // 1048576, r["bytes_per_queued_job"]))
PY
  done
done
echo "JSON lines in $OUT"
