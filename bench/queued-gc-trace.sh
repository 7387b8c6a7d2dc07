#!/usr/bin/env bash
# GC behaviour of run-all.sh section 5's server at 1k and at 1M queued jobs: a 10 s
# `dotnet-trace collect --profile gc-collect` while the no-op closed loop (c=64) runs at each
# level, summarised by bench/TaskRpc.Bench.GcStats. Needs dotnet-trace (dotnet tool install -g
# dotnet-trace) and Release builds of the server, Bench.Load and Bench.GcStats.
#   bench/queued-gc-trace.sh        # PORT=50491; traces kept in $OUT
set -euo pipefail
cd "$(dirname "$0")/.."
TRACE=${DOTNET_TRACE:-$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")}
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
PORT=${PORT:-50491}; OUT=${OUT:-$(mktemp -d /tmp/queued-gc.XXXXXX)}; mkdir -p "$OUT"
dotnet server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll --port "$PORT" --Server:HttpPort=-1 --Logging:LogLevel:Default=Warning \
  --store memory --Engine:Async:QueueCapacity=2000000 --Engine:ResultRetention=00:00:05 \
  --Engine:RetentionSweepInterval=00:00:01 >"$OUT/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration 15 >/dev/null 2>&1
sleep 6
dotnet "$LOAD" queued --target "http://127.0.0.1:$PORT" --server-pid "$pid" --levels 1000,1000000 --concurrency 64 \
  --warmup 3 --duration 30 >"$OUT/queued.jsonl" 2>"$OUT/queued.err" &
loader=$!
sleep 12   # 1k queued, settled, warmed up: inside the 30 s measured window
"$TRACE" collect -p "$pid" --profile gc-collect --duration 00:00:00:10 -o "$OUT/queued-1k.nettrace" >/dev/null
until grep -q "^1000 queued" "$OUT/queued.err"; do sleep 1; done
until (( $(awk '/VmRSS/{print $2}' "/proc/$pid/status") > 1300000 )); do sleep 1; done   # 1M queued (~1.4 GB)
sleep 10   # settled, warmed up: inside the measured window
"$TRACE" collect -p "$pid" --profile gc-collect --duration 00:00:00:10 -o "$OUT/queued-1m.nettrace" >/dev/null
wait "$loader"
cat "$OUT/queued.err"
dotnet bench/TaskRpc.Bench.GcStats/bin/Release/net10.0/TaskRpc.Bench.GcStats.dll "$OUT/queued-1k.nettrace" "$OUT/queued-1m.nettrace"
