#!/usr/bin/env bash
# TaskRpc nodes on one PostgreSQL (1, 2 and 3 nodes) side by side with one SQLite node, our memory
# store and Hangfire 1.8 (on the same PostgreSQL, and on Hangfire.InMemory), in one run:
#
#  1. Throughput, ROUNDS rounds, the systems in alternating order (forward, then reversed): no-op
#     (demo.echo) and 10 ms-sleep (demo.sleep 0.01 s) Submit-with-wait closed loops
#     (bench/TaskRpc.Bench.Load closed; the callers spread round-robin over a cluster's nodes);
#     Hangfire: the same callers enqueue and await completion in its process
#     (bench/peers/hangfire), with Hangfire's default worker count and with one worker a caller.
#  2. Idle submit-to-start latency: one caller, one job at a time (a pause between jobs), always
#     submitted to node 1, run wherever the cluster starts it (1 and 3 nodes; SQLite, memory and
#     Hangfire for reference).
#  3. Claims per second: a backlog of BACKLOG_JOBS no-op jobs, all due at once, drained by 1 or 3
#     nodes (Hangfire: enqueued before its server starts).
#
#   bench/cluster.sh                          # ROUNDS=2 DURATION=8: about 10 minutes
#   ROUNDS=1 DURATION=5 HANGFIRE=0 bench/cluster.sh
#   SYSTEMS="sqlite pg1 pg3" EXTRAS="pg1 pg3" bench/cluster.sh   # which systems run the throughput rounds, which idle + backlog
#   NO_BUILD=1 bench/cluster.sh                # skip the (Release) builds
#
# PostgreSQL: a throw-away cluster (bench/lib/postgres.sh: Debian's postgresql, initdb in a temp
# directory, loopback, default durability), or TASKRPC_BENCH_POSTGRES; each system gets a fresh
# database. Prints markdown tables (median of the rounds) and leaves the JSON lines in $WORK.
# Every process and the database cluster started here are stopped on exit (Ctrl-C included).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
SERVER_WARMUP=${SERVER_WARMUP:-3}
NOOP_CONCURRENCY=${NOOP_CONCURRENCY:-64}
SLEEP_CONCURRENCY=${SLEEP_CONCURRENCY:-128}
IDLE_JOBS=${IDLE_JOBS:-300}
IDLE_PAUSE_MS=${IDLE_PAUSE_MS:-20}
BACKLOG_JOBS=${BACKLOG_JOBS:-5000}
HANGFIRE=${HANGFIRE:-1}
SYSTEMS=${SYSTEMS-"sqlite pg1 pg2 pg3 memory$([[ $HANGFIRE == 1 ]] && echo " hangfire-pg hangfire-memory")"}
EXTRAS=${EXTRAS-"pg1 pg3 sqlite memory$([[ $HANGFIRE == 1 ]] && echo " hangfire-pg hangfire-memory")"}
export PG_MAX_CONNECTIONS=${PG_MAX_CONNECTIONS:-500}
SERVER_DLL=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD_DLL=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
HANGFIRE_DLL=bench/peers/hangfire/bin/Release/net10.0/TaskRpc.Bench.Hangfire.dll
WORK=$(mktemp -d /tmp/taskrpc-clusterbench.XXXXXX)
START=$SECONDS
source "$ROOT/bench/lib/postgres.sh"

die() { echo "cluster.sh: $*" >&2; exit 1; }
# A bench process that hangs is killed after RUN_TIMEOUT seconds (the run then stops with its error).
bounded() { timeout --kill-after=10 "${RUN_TIMEOUT:-300}" "$@"; }
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

log "build (Release) into $WORK"
projects=(server/TaskRpc.Server bench/TaskRpc.Bench.Load)
[[ $HANGFIRE == 1 ]] && projects+=(bench/peers/hangfire)
[[ -n ${NO_BUILD:-} ]] && projects=()   # NO_BUILD=1: run the Release builds as they are
for project in "${projects[@]}"; do
  timeout 900 dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; die "build of $project failed."; }
done
pg_start "$WORK" || die "no PostgreSQL."
machine_env "$WORK/machine.env" "ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP SERVER_WARMUP=$SERVER_WARMUP NOOP_CONCURRENCY=$NOOP_CONCURRENCY SLEEP_CONCURRENCY=$SLEEP_CONCURRENCY IDLE_JOBS=$IDLE_JOBS IDLE_PAUSE_MS=$IDLE_PAUSE_MS BACKLOG_JOBS=$BACKLOG_JOBS"
SEQ=0

# start_system SYSTEM TAG: starts SYSTEM's TaskRpc node(s); sets TARGETS (comma-separated URLs) and NODE_PIDS.
start_system() {
  local system=$1 tag=$2 nodes=1 port connection i
  TARGETS=""; NODE_PIDS=()
  case $system in
    sqlite) port=$(free_port); start_server "$tag" "$port" --store sqlite --db "$WORK/$tag.db"; TARGETS="http://127.0.0.1:$port"; NODE_PIDS=("$SERVER_PID"); return ;;
    memory) port=$(free_port); start_server "$tag" "$port" --store memory; TARGETS="http://127.0.0.1:$port"; NODE_PIDS=("$SERVER_PID"); return ;;
    pg*) nodes=${system#pg} ;;
    *) die "unknown system $system" ;;
  esac
  SEQ=$((SEQ + 1))
  connection=$(new_database "taskrpc_${SEQ}")
  for i in $(seq 1 "$nodes"); do
    port=$(free_port)
    start_server "$tag-node$i" "$port" --store postgres --connection "$connection" --Engine:NodeId="node$i"
    TARGETS+="${TARGETS:+,}http://127.0.0.1:$port"; NODE_PIDS+=("$SERVER_PID")
  done
}

stop_system() { local pid; for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done; }

# hangfire_args SYSTEM: sets HF_ARGS, the peer's storage arguments (a fresh database for PostgreSQL;
# a pool as large as its workers and callers need at once).
hangfire_args() {
  if [[ $1 == hangfire-pg ]]; then
    SEQ=$((SEQ + 1))
    HF_ARGS=(--storage postgres --connection "$(new_database "hangfire_${SEQ}");Maximum Pool Size=300")
  else
    HF_ARGS=(--storage memory)
  fi
}

# Writes one throughput run's JSON lines to $WORK/throughput-SYSTEM-rROUND.jsonl.
throughput() {
  local system=$1 round=$2 out="$WORK/throughput-$1-r$2.jsonl"
  echo "loadavg_before $(loadavg)" >"$WORK/throughput-$system-r$round.load"
  log "round $round: $system (load $(loadavg))"
  if [[ $system == hangfire-* ]]; then
    hangfire_args "$system"
    bounded dotnet "$HANGFIRE_DLL" closed "${HF_ARGS[@]}" --warmup-run "$SERVER_WARMUP" --warmup "$WARMUP" --duration "$DURATION" \
      --plan "noop:$NOOP_CONCURRENCY:default,noop:$NOOP_CONCURRENCY:$NOOP_CONCURRENCY,sleep10ms:$SLEEP_CONCURRENCY:default,sleep10ms:$SLEEP_CONCURRENCY:$SLEEP_CONCURRENCY" \
      >"$out" 2>"$WORK/throughput-$system-r$round.err"
  else
    start_system "$system" "$system-r$round"
    bounded dotnet "$LOAD_DLL" closed --target "$TARGETS" --concurrency "$NOOP_CONCURRENCY" --warmup 0 --duration "$SERVER_WARMUP" >/dev/null 2>&1
    {
      bounded dotnet "$LOAD_DLL" closed --target "$TARGETS" --name noop --concurrency "$NOOP_CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION"
      bounded dotnet "$LOAD_DLL" closed --target "$TARGETS" --name sleep10ms --task demo.sleep --args '{"seconds":0.01,"steps":1}' \
        --concurrency "$SLEEP_CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION"
    } >"$out" 2>"$WORK/throughput-$system-r$round.err"
    stop_system
  fi
  echo "loadavg_after $(loadavg)" >>"$WORK/throughput-$system-r$round.load"
}

# Idle submit-to-start and the backlog drain, on fresh servers: $WORK/extras-SYSTEM.jsonl.
extras() {
  local system=$1 out="$WORK/extras-$1.jsonl"
  log "idle latency and backlog: $system (load $(loadavg))"
  echo "loadavg_before $(loadavg)" >"$WORK/extras-$system.load"
  if [[ $system == hangfire-* ]]; then
    hangfire_args "$system"
    {
      bounded dotnet "$HANGFIRE_DLL" idle "${HF_ARGS[@]}" --workers default --jobs "$IDLE_JOBS" --pause-ms "$IDLE_PAUSE_MS"
      if [[ $system == hangfire-pg ]]; then
        bounded dotnet "$HANGFIRE_DLL" idle "${HF_ARGS[@]}" --long-polling 1 --workers default --jobs "$IDLE_JOBS" --pause-ms "$IDLE_PAUSE_MS"
      fi
      bounded dotnet "$HANGFIRE_DLL" backlog "${HF_ARGS[@]}" --workers "default,$NOOP_CONCURRENCY" --jobs "$BACKLOG_JOBS"
    } >"$out" 2>"$WORK/extras-$system.err"
  else
    start_system "$system" "extras-$system"
    {
      bounded dotnet "$LOAD_DLL" idle --target "$TARGETS" --name idle --jobs "$IDLE_JOBS" --pause-ms "$IDLE_PAUSE_MS"
      bounded dotnet "$LOAD_DLL" backlog --target "$TARGETS" --name backlog --jobs "$BACKLOG_JOBS"
    } >"$out" 2>"$WORK/extras-$system.err"
    stop_system
  fi
  echo "loadavg_after $(loadavg)" >>"$WORK/extras-$system.load"
}

read -r -a systems <<<"$SYSTEMS"
for round in $(seq 1 "$ROUNDS"); do
  order=("${systems[@]}")
  if (( round % 2 == 0 )); then
    order=(); for (( i=${#systems[@]}-1; i>=0; i-- )); do order+=("${systems[i]}"); done
  fi
  for system in "${order[@]}"; do throughput "$system" "$round"; done
done
for system in $EXTRAS; do extras "$system"; done

log "done; results in $WORK"
/usr/bin/python3 "$ROOT/bench/lib/cluster_report.py" "$WORK" | tee "$WORK/report.md"
