#!/usr/bin/env bash
# Before/after of the gRPC stack in one run: two checkouts, each with its own Release build of
# server/TaskRpc.Server and bench/TaskRpc.Bench.Load, alternating OLD and NEW on fresh servers.
#   bench/grpc-ab.sh /tmp/abold /work/wt/benchab    # ROUNDS=3 WARMUP=5 DURATION=8 PORT=50590
# Per round, store (memory, sqlite) and build (order flips every round): a fresh server, a
# discarded SERVER_WARMUP s closed loop (JIT tiering), then Submit(demo.echo, wait=true) closed
# loops at CONC callers with the build's OWN Bench.Load (old client vs old server, new vs new),
# one Bench.Load process per level; on the memory store also one h2load Submit run
# (-c 16 -m 32). Server CPU per job = the server's utime+stime (/proc/PID/stat) over a window
# inside the measured span (launch+WARMUP+1 s .. launch+WARMUP+DURATION) divided by the jobs
# completed in that window (jobs/s x window); the same for the Bench.Load process (client CPU per job). Allocation per job is not measured (needs an
# in-process hook or dotnet-counters, neither available here).
# Keeps JSON lines in $OUT/results.jsonl and prints a markdown table of medians over rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# == 2 ]] || { echo "usage: $0 OLD_TREE NEW_TREE" >&2; exit 2; }
OLD=$(cd "$1" && pwd); NEW=$(cd "$2" && pwd)
ROUNDS=${ROUNDS:-3}; WARMUP=${WARMUP:-5}; DURATION=${DURATION:-8}; SERVER_WARMUP=${SERVER_WARMUP:-6}
CONC=${CONC:-1,16,64,256}; STORES=${STORES:-memory,sqlite}; PORT=${PORT:-50590}; H2_DURATION=${H2_DURATION:-8}
OUT=${OUT:-$(mktemp -d /tmp/grpc-ab.XXXXXX)}; mkdir -p "$OUT"
SERVER=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
TICK=$(getconf CLK_TCK)
for tree in "$OLD" "$NEW"; do
  for f in "$SERVER" "$LOAD"; do [[ -f $tree/$f ]] || { echo "missing $tree/$f (Release build)" >&2; exit 1; }; done
done
command -v h2load >/dev/null && command -v protoc >/dev/null || { echo "needs h2load and protoc" >&2; exit 1; }
SERVER_PID=
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop_server EXIT
trap 'exit 130' INT TERM
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now() { date +%s.%N; }

# Submit(demo.echo {"x":1}, wait=true) framed for h2load, encoded from the (unchanged) contract.
echo 'task: "demo.echo" args { json { struct_value { fields { key: "x" value { number_value: 1 } } } } } wait: true' \
  | protoc --encode=taskrpc.v1.SubmitRequest -I protos -I /usr/include protos/taskrpc/v1/task_service.proto >"$OUT/submit.pb"
/usr/bin/python3 -c 'import struct,sys; b=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(b"\0"+struct.pack(">I",len(b))+b)' \
  "$OUT/submit.pb" "$OUT/submit.bin"

# record BUILD STORE ROUND KIND CONC PER_S P50_US P99_US ERRORS CPU_TICKS WINDOW_S LOAD1 CLK_TCK CLIENT_CPU_TICKS (-1: none)
record() {
  /usr/bin/python3 - "$@" >>"$OUT/results.jsonl" <<'PY'
import json, sys
b, s, r, kind, c, ps, p50, p99, err, ticks, win, load, tick, cticks = sys.argv[1:]
ps = float(ps); cpu_s = int(ticks) / int(tick); win = float(win)
jobs = ps * win
print(json.dumps(dict(build=b, store=s, round=int(r), kind=kind, concurrency=int(c), per_second=ps,
    p50_us=float(p50), p99_us=float(p99), errors=int(err), server_cpu_pct=round(100 * cpu_s / win, 1),
    cpu_us_per_job=round(1e6 * cpu_s / jobs, 1) if jobs else None, load1=float(load),
    client_cpu_us_per_job=round(1e6 * int(cticks) / int(tick) / jobs, 1) if jobs and int(cticks) >= 0 else None)))
PY
}

for round in $(seq 1 "$ROUNDS"); do
  order=(old new); (( round % 2 == 0 )) && order=(new old)
  for store in ${STORES//,/ }; do
    for build in "${order[@]}"; do
      tree=$OLD; [[ $build == new ]] && tree=$NEW
      args=(--store memory); [[ $store == sqlite ]] && { rm -f "$OUT/jobs-$build.db"*; args=(--store sqlite --db "$OUT/jobs-$build.db"); }
      dotnet "$tree/$SERVER" --port "$PORT" --Server:HttpPort=-1 --Logging:LogLevel:Default=Warning "${args[@]}" >"$OUT/server-$build-$store-$round.log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
      dotnet "$tree/$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration "$SERVER_WARMUP" >/dev/null 2>&1
      for c in ${CONC//,/ }; do
        load1=$(cut -d' ' -f1 /proc/loadavg)
        t0=$(now)
        dotnet "$tree/$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" \
          >"$OUT/closed-$build-$store-c$c-r$round.jsonl" 2>/dev/null &
        lp=$!
        sleep "$(echo "$t0 + $WARMUP + 1 - $(now)" | bc)"; a=$(cpu_ticks "$SERVER_PID"); ca=$(cpu_ticks "$lp"); ta=$(now)
        sleep "$(echo "$t0 + $WARMUP + $DURATION - $(now)" | bc)"; b=$(cpu_ticks "$SERVER_PID"); cb=$(cpu_ticks "$lp"); tb=$(now)
        wait "$lp"
        read -r ps p50 p99 err < <(/usr/bin/python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print(r["per_second"], r["p50_us"], r["p99_us"], r["errors"])' "$OUT/closed-$build-$store-c$c-r$round.jsonl")
        record "$build" "$store" "$round" closed "$c" "$ps" "$p50" "$p99" "$err" $(( b - a )) "$(echo "$tb - $ta" | bc)" "$load1" "$TICK" $(( cb - ca ))
        tail -1 "$OUT/results.jsonl"
      done
      if [[ $store == memory ]]; then  # h2load Submit, same request for both servers
        nghttp -d "$OUT/submit.bin" -H 'content-type: application/grpc' -H 'te: trailers' \
          "http://127.0.0.1:$PORT/taskrpc.v1.TaskService/Submit" | tail -c +6 \
          | protoc --decode=taskrpc.v1.Job -I protos -I /usr/include protos/taskrpc/v1/task_service.proto >"$OUT/verify-$build-r$round.job"
        grep -q 'state: JOB_STATE_SUCCEEDED' "$OUT/verify-$build-r$round.job" || { echo "h2load body: $build Submit not SUCCEEDED" >&2; exit 1; }
        H2=(-c 16 -m 32 -t 1 -D "$H2_DURATION" --warm-up-time=2 -d "$OUT/submit.bin" -H 'content-type: application/grpc' -H 'te: trailers')
        load1=$(cut -d' ' -f1 /proc/loadavg)
        h2load "${H2[@]}" "http://127.0.0.1:$PORT/taskrpc.v1.TaskService/Submit" >"$OUT/h2-$build-r$round.txt" 2>&1 &
        hp=$!; t0=$(now)
        sleep 3; a=$(cpu_ticks "$SERVER_PID"); ta=$(now)
        sleep "$(echo "$t0 + 2 + $H2_DURATION - $(now)" | bc)"; b=$(cpu_ticks "$SERVER_PID"); tb=$(now)
        wait "$hp" || true
        ps=$(grep -oE '[0-9.]+ req/s' "$OUT/h2-$build-r$round.txt" | head -1 | cut -d' ' -f1)
        mean=$(awk '/time for request:/{print $5}' "$OUT/h2-$build-r$round.txt")   # mean in h2load's unit
        errs=$(awk '/^requests:/{print $10 + $12 + $14}' "$OUT/h2-$build-r$round.txt")
        grep -q '2xx' "$OUT/h2-$build-r$round.txt" || { cat "$OUT/h2-$build-r$round.txt" >&2; }
        echo "h2load $build round $round: $ps req/s, mean $mean, failed+errored+timeout $errs" >&2
        record "$build" memory "$round" h2load 512 "${ps:-0}" 0 0 "${errs:-0}" $(( b - a )) "$(echo "$tb - $ta" | bc)" "$load1" "$TICK" -1
      fi
      stop_server
    done
  done
done
cut -d' ' -f1-3 /proc/loadavg >"$OUT/loadavg-end.txt"

/usr/bin/python3 - "$OUT/results.jsonl" <<'PY'
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def med(kind, store, c, build, key):
    v = [r[key] for r in rows if (r["kind"], r["store"], r["concurrency"], r["build"]) == (kind, store, c, build) and r[key] is not None]
    return st.median(v) if v else None
def ratio(n, o): return "%.2f" % (n / o) if n and o else "-"
print("| row | old (13e3a2f) | new (grpc-dotnet 2.85) | new/old |")
print("|---|---:|---:|---:|")
cells = sorted({(r["kind"], r["store"], r["concurrency"]) for r in rows}, key=lambda k: (k[0] != "closed", k[1], k[2]))
for kind, store, c in cells:
    name = ("Submit(wait) %s, %d callers" % (store, c)) if kind == "closed" else "h2load Submit(wait) %s, -c 16 -m 32" % store
    metrics = [("jobs/s", "per_second", "%.0f", 1)] + ([("p50 ms", "p50_us", "%.2f", 1e-3), ("p99 ms", "p99_us", "%.2f", 1e-3)] if kind == "closed" else []) \
        + [("server CPU µs/job", "cpu_us_per_job", "%.0f", 1)] \
        + ([("client CPU µs/job", "client_cpu_us_per_job", "%.0f", 1)] if any(r.get("client_cpu_us_per_job") for r in rows) and kind == "closed" else [])
    for label, key, fmt, scale in metrics:
        o, n = med(kind, store, c, "old", key), med(kind, store, c, "new", key)
        print("| %s: %s | %s | %s | %s |" % (name, label, fmt % (o * scale) if o is not None else "-", fmt % (n * scale) if n is not None else "-", ratio(n, o)))
loads = [r["load1"] for r in rows]
print("\n%d measurements, %d rounds; 1-min load average at the start of each: min %.2f, median %.2f, max %.2f"
      % (len(rows), max(r["round"] for r in rows), min(loads), st.median(loads), max(loads)))
PY
echo "JSON lines in $OUT/results.jsonl"
