#!/usr/bin/env bash
# All TaskRpc benchmarks in one go, on loopback, and (re)writes docs/benchmarks.md.
#
#   bench/run-all.sh            # full run, about 20-25 minutes on a 2-core machine
#   QUICK=1 bench/run-all.sh    # smoke run, about 4 minutes (short durations, one round)
#   NO_DOCS=1 bench/run-all.sh  # measure only; results stay in $WORK (printed at the end)
#
# Knobs (env): DURATION and WARMUP (s per measurement), ROUNDS (alternating rounds),
# SERVER_WARMUP (s of discarded load on each fresh server), LEVELS (queued-job levels), QUEUED_ROUNDS,
# RUNNABLE_LEVELS and RUNNABLE_ROUNDS (runnable low-priority backlog), PEERS=0 (skip Celery/Dask),
# PORT_BASE (first of ~10 loopback ports).
# Sections, in order: end-to-end closed loop (memory and SQLite store, alternating; the sleep rows
# also from h2load), transport
# ceiling vs Submit via h2load, progress fan-out, process pool, the colleagues' in-process
# harnesses (bench/TaskRpc.Bench.Store, bench/processes.sh) when present, queued-job scaling,
# Celery and Dask peers. Every server or peer started here is killed on exit (trap).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
QUICK=${QUICK:-}
DURATION=${DURATION:-$([[ -n $QUICK ]] && echo 3 || echo 10)}
WARMUP=${WARMUP:-$([[ -n $QUICK ]] && echo 1 || echo 3)}
SERVER_WARMUP=${SERVER_WARMUP:-$([[ -n $QUICK ]] && echo 3 || echo 15)}
ROUNDS=${ROUNDS:-$([[ -n $QUICK ]] && echo 1 || echo 2)}
LEVELS=${LEVELS:-$([[ -n $QUICK ]] && echo 1000,20000 || echo 1000,100000,1000000)}
QUEUED_ROUNDS=${QUEUED_ROUNDS:-$([[ -n $QUICK ]] && echo 1 || echo 3)}
RUNNABLE_LEVELS=${RUNNABLE_LEVELS:-$([[ -n $QUICK ]] && echo 1000,20000 || echo 1000,1000000)}
RUNNABLE_ROUNDS=${RUNNABLE_ROUNDS:-$([[ -n $QUICK ]] && echo 1 || echo 2)}
PEER_CONC=${PEER_CONC:-$([[ -n $QUICK ]] && echo 1,16 || echo 1,16,64)}
PEERS=${PEERS:-1}
PORT_BASE=${PORT_BASE:-50400}
PY=/usr/bin/python3   # Debian's Python: python3-celery, python3-distributed
SERVER_DLL=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD_DLL=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
TRANSPORT_DLL=bench/TaskRpc.Bench.Transport/bin/Release/net10.0/TaskRpc.Bench.Transport.dll
ENGINE_DLL=bench/TaskRpc.Bench.Engine/bin/Release/net10.0/TaskRpc.Bench.Engine.dll
WORK=$(mktemp -d /tmp/taskrpc-runall.XXXXXX)
START=$SECONDS
PIDS=()

die() { echo "run-all.sh: $*" >&2; exit 1; }
log() { printf '[%4d s] %s\n' $(( SECONDS - START )) "$*" >&2; }

stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() { for pid in "${PIDS[@]}"; do stop_pid "$pid"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in dotnet h2load nghttp protoc $PY; do command -v $tool >/dev/null || die "$tool not found."; done
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $(seq "$PORT_BASE" $(( PORT_BASE + 9 ))); do port_free "$p" || die "port $p in use (set PORT_BASE)."; done

# start_server NAME PORT ARGS...: a TaskRpc server (logging at Warning), its pid in SERVER_PID.
start_server() {
  local name=$1 port=$2; shift 2
  dotnet "$SERVER_DLL" --port "$port" --http-port -1 --Logging:LogLevel:Default=Warning "$@" >"$WORK/server-$name.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  for _ in $(seq 1 150); do
    grep -q "Now listening\|Application started" "$WORK/server-$name.log" 2>/dev/null && return 0
    port_free "$port" || return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server-$name.log" >&2; die "server $name exited."; }
    sleep 0.2
  done
  die "server $name not listening after 30 s."
}
load() { dotnet "$LOAD_DLL" "$@" --warmup "$WARMUP" --duration "$DURATION"; }
# warm PORT: a discarded closed loop so a fresh server's JIT tiering (tier-0 → instrumented →
# tier-1, slow on a busy 2-core machine) is done before anything is measured.
warm() { dotnet "$LOAD_DLL" closed --target "http://127.0.0.1:$1" --concurrency 64 --warmup 0 --duration "$SERVER_WARMUP" >/dev/null; }
# sleep_floor TAG: the sleep rows' floor, measured right before them: N loops of Task.Delay(10 ms)
# and no job, on the high-resolution timer demo.sleep sleeps on and on the runtime's timers.
sleep_floor() {
  for c in 128 256; do
    for timer in hires system; do
      DELAY_TIMER=$timer DELAY_ONLY_MS=10 dotnet "$ENGINE_DLL" 1 $(( c * 160 )) "$c" floor >"$WORK/floor-$timer-c$c-$1.txt" 2>&1
    done
  done
}

# ---------------------------------------------------------------------------------------------
log "build (Release)"
BUILD=(server/TaskRpc.Server bench/TaskRpc.Bench.Load bench/TaskRpc.Bench.Transport bench/TaskRpc.Bench.Engine)
for extra in bench/TaskRpc.Bench.Store bench/TaskRpc.Bench.Processes; do [[ -d $extra ]] && BUILD+=("$extra"); done
for project in "${BUILD[@]}"; do
  timeout 400 dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; die "build of $project failed."; }
done

cat >"$WORK/machine.env" <<M
nproc=$(nproc)
mem=$(free -h | awk '/^Mem:/{print $2}')
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
dotnet=$(dotnet --version)
kernel=$(uname -r)
date=$(date -u '+%Y-%m-%d %H:%M UTC')
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
h2load=$(h2load --version | head -1)
settings=DURATION=$DURATION WARMUP=$WARMUP SERVER_WARMUP=$SERVER_WARMUP ROUNDS=$ROUNDS LEVELS=$LEVELS QUEUED_ROUNDS=$QUEUED_ROUNDS RUNNABLE_LEVELS=$RUNNABLE_LEVELS RUNNABLE_ROUNDS=$RUNNABLE_ROUNDS PEER_CONC=$PEER_CONC
M
free -h >"$WORK/free.txt"

# ---------------------------------------------------------------------------------------------
# 1. End-to-end closed loop: no-op at 1/16/64/256, 10 ms sleep at 128/256, and the 10 ms sleep at
#    128 streams from h2load (1 connection × 128 streams, 4 × 32; success verified from the server's
#    job counters, bench/lib/h2load-jobs.sh); memory and SQLite servers alternate, ROUNDS times.
SLEEP_TEXT='task: "demo.sleep" args { json { struct_value { fields { key: "seconds" value { number_value: 0.01 } } fields { key: "steps" value { number_value: 1 } } } } } wait: true'
for round in $(seq 1 "$ROUNDS"); do
  for store in memory sqlite; do
    log "e2e round $round: $store store"
    port=$PORT_BASE; db="$WORK/jobs-$round.db"
    if [[ $store == memory ]]; then start_server "e2e-$store" "$port" --store memory
    else start_server "e2e-$store" "$port" --store sqlite --db "$db"; fi
    warm "$port"
    load closed --target "http://127.0.0.1:$port" --name noop --concurrency 1,16,64,256 >"$WORK/e2e-$store-r$round.jsonl"
    sleep_floor "$store-r$round"
    load closed --target "http://127.0.0.1:$port" --name sleep10ms --task demo.sleep \
      --args '{"seconds":0.01,"steps":1}' --concurrency 128,256 >>"$WORK/e2e-$store-r$round.jsonl"
    for shape in 1x128 4x32; do   # the same sleep jobs from h2load (native client): connections x streams
      SERVER_PID=$SERVER_PID LOAD_DLL=$LOAD_DLL WORK=$WORK bench/lib/h2load-jobs.sh "$port" "${shape%x*}" "${shape#*x}" "$DURATION" \
        "sleep10ms-h2load-$shape" "$SLEEP_TEXT" >>"$WORK/e2e-$store-r$round.jsonl" || die "h2load sleep $shape ($store) failed."
    done
    stop_pid "$SERVER_PID"
  done
done

# ---------------------------------------------------------------------------------------------
# 2. Transport ceiling vs Submit(wait) on demo.echo, h2load with the same settings.
log "transport ceiling vs Submit (h2load)"
TP=$(( PORT_BASE + 1 )); MP=$(( PORT_BASE + 3 )); SP=$(( PORT_BASE + 4 ))
DOTNET_gcServer=1 dotnet "$TRANSPORT_DLL" --grpc-port "$TP" --bare-port $(( PORT_BASE + 2 )) >"$WORK/transport.log" 2>&1 &
TRANSPORT_PID=$!; PIDS+=("$TRANSPORT_PID")
start_server ceiling-memory "$MP" --store memory; MEM_PID=$SERVER_PID
start_server ceiling-sqlite "$SP" --store sqlite --db "$WORK/ceiling.db"; SQL_PID=$SERVER_PID
for _ in $(seq 1 100); do grep -q READY "$WORK/transport.log" && break; sleep 0.1; done
printf '\x00\x00\x00\x00\x08\x0a\x04ping\x10\x01' >"$WORK/ping.bin"
echo 'task: "demo.echo" args { json { struct_value { fields { key: "x" value { number_value: 1 } } } } } wait: true' \
  | protoc --encode=taskrpc.v1.SubmitRequest -I protos -I /usr/include protos/taskrpc/v1/task_service.proto >"$WORK/submit.pb"
$PY -c 'import struct,sys; b=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(b"\0"+struct.pack(">I",len(b))+b)' \
  "$WORK/submit.pb" "$WORK/submit.bin"
HDRS=(-H 'content-type: application/grpc' -H 'te: trailers')
declare -A URL=([ping]="http://127.0.0.1:$TP/taskrpc.bench.Echo/Ping" [submit-memory]="http://127.0.0.1:$MP/taskrpc.v1.TaskService/Submit" [submit-sqlite]="http://127.0.0.1:$SP/taskrpc.v1.TaskService/Submit")
declare -A BODY=([ping]="$WORK/ping.bin" [submit-memory]="$WORK/submit.bin" [submit-sqlite]="$WORK/submit.bin")
for name in ping submit-memory submit-sqlite; do  # verify: grpc-status 0, and SUCCEEDED for Submit
  nghttp -v -d "${BODY[$name]}" "${HDRS[@]}" "${URL[$name]}" >"$WORK/verify-$name.txt" 2>&1 || die "$name: nghttp failed."
  grep -aqE 'grpc-status: 0$' "$WORK/verify-$name.txt" || { cat "$WORK/verify-$name.txt" >&2; die "$name: no grpc-status 0."; }
  if [[ $name == submit-* ]]; then
    nghttp -d "${BODY[$name]}" "${HDRS[@]}" "${URL[$name]}" | tail -c +6 \
      | protoc --decode=taskrpc.v1.Job -I protos -I /usr/include protos/taskrpc/v1/task_service.proto >"$WORK/verify-$name.job"
    grep -q 'state: JOB_STATE_SUCCEEDED' "$WORK/verify-$name.job" || { cat "$WORK/verify-$name.job" >&2; die "$name: job not SUCCEEDED."; }
  fi
  log "  $name verified: grpc-status 0$([[ $name == submit-* ]] && echo ', job SUCCEEDED')"
done
H2_ARGS=(-c 16 -m 32 -t 1 -D "$DURATION" --warm-up-time=2)
for name in ping submit-memory submit-sqlite; do  # discarded warm-up run per endpoint (JIT tiering)
  h2load "${H2_ARGS[@]}" -d "${BODY[$name]}" "${HDRS[@]}" "${URL[$name]}" >/dev/null 2>&1 || true
done
for round in $(seq 1 $(( ROUNDS + 1 ))); do
  for name in ping submit-memory submit-sqlite; do
    out="$WORK/h2-$name-r$round.txt"
    timeout $(( DURATION + 30 )) h2load "${H2_ARGS[@]}" -d "${BODY[$name]}" "${HDRS[@]}" "${URL[$name]}" >"$out" 2>&1 || die "h2load $name failed."
    echo "loadavg $(cut -d' ' -f1 /proc/loadavg)" >>"$out"
    log "  round $round $name: $(grep -oE '[0-9.]+ req/s' "$out")"
  done
done
stop_pid "$TRANSPORT_PID"; stop_pid "$MEM_PID"; stop_pid "$SQL_PID"

# ---------------------------------------------------------------------------------------------
# 3. Progress fan-out (progress published at every step: ProgressFlushInterval 0).
log "progress fan-out"
start_server fanout $(( PORT_BASE + 5 )) --store memory --Engine:ProgressFlushInterval=00:00:00
dotnet "$LOAD_DLL" fanout --target "http://127.0.0.1:$(( PORT_BASE + 5 ))" --name one-job --jobs 1 --subscribers 1000 --seconds 3 --steps 300 >"$WORK/fanout.jsonl"
dotnet "$LOAD_DLL" fanout --target "http://127.0.0.1:$(( PORT_BASE + 5 ))" --name many-jobs --jobs 1000 --subscribers 1 --seconds 3 --steps 300 >>"$WORK/fanout.jsonl"
stop_pid "$SERVER_PID"

# ---------------------------------------------------------------------------------------------
# 4. Process pool through the server: no-op (demo.cpu n=0) closed loop; forced and cooperative cancel.
log "process pool"
start_server processes $(( PORT_BASE + 6 )) --store memory
warm $(( PORT_BASE + 6 ))
load closed --target "http://127.0.0.1:$(( PORT_BASE + 6 ))" --name process-noop --task demo.cpu --args '{"n":0}' --concurrency 16 >"$WORK/process.jsonl"
dotnet "$LOAD_DLL" cancel --target "http://127.0.0.1:$(( PORT_BASE + 6 ))" --forced 1 --rounds 5 >>"$WORK/process.jsonl"
dotnet "$LOAD_DLL" cancel --target "http://127.0.0.1:$(( PORT_BASE + 6 ))" --forced 0 --rounds 3 >>"$WORK/process.jsonl"
stop_pid "$SERVER_PID"

# 4b. The colleagues' in-process harnesses, when present (their own doc sections are kept as is).
if [[ -f bench/TaskRpc.Bench.Store/bin/Release/net10.0/TaskRpc.Bench.Store.dll ]]; then
  log "in-process store harness (bench/TaskRpc.Bench.Store)"
  STORE_ARGS=$([[ -n $QUICK ]] && echo "1 5000 128" || echo "3 20000 512")
  echo "dotnet bench/TaskRpc.Bench.Store/bin/Release/net10.0/TaskRpc.Bench.Store.dll $STORE_ARGS" >"$WORK/store-harness.cmd"
  timeout 600 dotnet bench/TaskRpc.Bench.Store/bin/Release/net10.0/TaskRpc.Bench.Store.dll $STORE_ARGS >"$WORK/store-harness.txt" 2>&1 || echo "(failed: exit $?)" >>"$WORK/store-harness.txt"
else
  echo "bench/TaskRpc.Bench.Store is not in this checkout: skipped." >"$WORK/store-harness.skipped"
fi
if [[ -f bench/processes.sh && -f bench/TaskRpc.Bench.Processes/bin/Release/net10.0/TaskRpc.Bench.Processes.dll ]]; then
  log "in-process process-pool harness (bench/processes.sh)"
  PROC_ARGS=$([[ -n $QUICK ]] && echo "2 3000" || echo "5 10000")
  echo "bench/processes.sh $PROC_ARGS" >"$WORK/process-harness.cmd"
  timeout 600 dotnet bench/TaskRpc.Bench.Processes/bin/Release/net10.0/TaskRpc.Bench.Processes.dll $PROC_ARGS >"$WORK/process-harness.txt" 2>&1 || echo "(failed: exit $?)" >>"$WORK/process-harness.txt"
else
  echo "bench/processes.sh is not in this checkout: skipped." >"$WORK/process-harness.skipped"
fi

# ---------------------------------------------------------------------------------------------
# 5. Queued-job scaling: jobs delayed by an hour wait in the queue; no-op throughput at each level.
log "queued scaling ($LEVELS, $QUEUED_ROUNDS rounds)"
for round in $(seq 1 "$QUEUED_ROUNDS"); do   # one fresh server per round: the ratio moves with the machine's load
  start_server queued $(( PORT_BASE + 7 )) --store memory --Engine:Async:QueueCapacity=2000000 \
    --Engine:ResultRetention=00:00:05 --Engine:RetentionSweepInterval=00:00:01
  warm $(( PORT_BASE + 7 )); sleep 6   # finished warm-up jobs expire (retention 5 s) before the baseline RSS
  load queued --target "http://127.0.0.1:$(( PORT_BASE + 7 ))" --server-pid "$SERVER_PID" --levels "$LEVELS" --concurrency 64 >"$WORK/queued-$round.jsonl"
  stop_pid "$SERVER_PID"
done

# 5b. Runnable backlog: low-priority demo.echo jobs wait, runnable, in the executor's priority queue
#     (2 slots, held by blockers while they are queued) while high-priority no-op jobs are measured.
log "runnable backlog ($RUNNABLE_LEVELS, $RUNNABLE_ROUNDS rounds)"
for round in $(seq 1 "$RUNNABLE_ROUNDS"); do
  start_server runnable $(( PORT_BASE + 7 )) --store memory --Engine:Async:MaxConcurrency=2 --Engine:Async:QueueCapacity=2000000 \
    --Engine:ResultRetention=00:00:05 --Engine:RetentionSweepInterval=00:00:01
  warm $(( PORT_BASE + 7 )); sleep 6
  timeout 1800 dotnet "$LOAD_DLL" runnable --target "http://127.0.0.1:$(( PORT_BASE + 7 ))" --server-pid "$SERVER_PID" --levels "$RUNNABLE_LEVELS" \
    --slots 2 --concurrency 64 --warmup "$WARMUP" --duration "$DURATION" >"$WORK/runnable-$round.jsonl" || log "runnable round $round failed or timed out"
  stop_pid "$SERVER_PID"
done

# ---------------------------------------------------------------------------------------------
# 6. Peers: Celery 5 (Redis broker and backend) and Dask distributed, same workloads, own clients.
if [[ $PEERS == 1 ]]; then
  if command -v redis-server >/dev/null && $PY -c 'import celery, redis, distributed' 2>/dev/null; then
    RP=$(( PORT_BASE + 8 ))
    log "peers: redis-server :$RP, Celery"
    redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
    REDIS_PID=$!; PIDS+=("$REDIS_PID")
    for _ in $(seq 1 50); do port_free "$RP" || break; sleep 0.1; done
    export REDIS_URL="redis://127.0.0.1:$RP/0"
    PEER=(--warmup "$WARMUP" --duration "$DURATION")
    (cd bench/peers && timeout 900 $PY celery_bench.py --workload noop --pool prefork --worker-concurrency 2 --concurrency "$PEER_CONC" "${PEER[@]}") >"$WORK/peer-celery.jsonl" 2>"$WORK/peer-celery.log" || log "celery noop failed (see $WORK/peer-celery.log)"
    (cd bench/peers && timeout 600 $PY celery_bench.py --workload sleep --pool threads --worker-concurrency 128 --concurrency 128 "${PEER[@]}") >>"$WORK/peer-celery.jsonl" 2>>"$WORK/peer-celery.log" || log "celery sleep failed"
    stop_pid "$REDIS_PID"
    log "peers: Dask"
    (cd bench/peers && timeout 900 $PY dask_bench.py --workload noop --workers 2 --threads 1 --concurrency "$PEER_CONC" "${PEER[@]}") >"$WORK/peer-dask.jsonl" 2>"$WORK/peer-dask.log" || log "dask noop failed (see $WORK/peer-dask.log)"
    (cd bench/peers && timeout 600 $PY dask_bench.py --workload sleep --workers 2 --threads 64 --concurrency 128 "${PEER[@]}") >>"$WORK/peer-dask.jsonl" 2>>"$WORK/peer-dask.log" || log "dask sleep failed"
  else
    echo "redis-server, python3-celery, python3-redis or python3-distributed missing: apt-get install -y redis-server python3-celery python3-redis python3-distributed" >"$WORK/peers.skipped"
  fi
else
  echo "PEERS=0: skipped." >"$WORK/peers.skipped"
fi

echo "elapsed=$(( SECONDS - START ))" >>"$WORK/machine.env"
log "render"
if [[ -z ${NO_DOCS:-} ]]; then
  $PY bench/render_benchmarks.py "$WORK" docs/benchmarks.md
else
  $PY bench/render_benchmarks.py "$WORK" -
fi
log "done in $(( SECONDS - START )) s; raw results in $WORK"
