#!/usr/bin/env bash
# One TaskRpc node on PostgreSQL vs one on SQLite, in one run, alternating rounds: no-op and
# 10 ms-sleep Submit-with-wait closed loops (bench/TaskRpc.Bench.Load), on loopback.
#
#   bench/postgres.sh                 # ROUNDS=2, DURATION=10 s per level, about 8 minutes
#   ROUNDS=1 DURATION=5 bench/postgres.sh
#
# PostgreSQL is a throw-away cluster started here (Debian's postgresql; initdb in a temporary
# directory, a free loopback port, default settings: fsync on, synchronous_commit on), or the
# server in TASKRPC_BENCH_POSTGRES (a connection string whose user may create databases).
# Prints a markdown table (median of the rounds) and leaves the JSON lines in $WORK. Every
# server and the cluster started here are stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
SERVER_WARMUP=${SERVER_WARMUP:-10}
ROUNDS=${ROUNDS:-2}
NOOP_LEVELS=${NOOP_LEVELS:-16,64,256}
SLEEP_LEVELS=${SLEEP_LEVELS:-128,256}
SERVER_DLL=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD_DLL=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
WORK=$(mktemp -d /tmp/taskrpc-pgbench.XXXXXX)
START=$SECONDS
source "$ROOT/bench/lib/postgres.sh"

die() { echo "postgres.sh: $*" >&2; exit 1; }
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

log "build (Release)"
for project in server/TaskRpc.Server bench/TaskRpc.Bench.Load; do
  timeout 600 dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; die "build of $project failed."; }
done

pg_start "$WORK" || die "no PostgreSQL."

load() { dotnet "$LOAD_DLL" closed "$@" --warmup "$WARMUP" --duration "$DURATION"; }

machine_env "$WORK/machine.env" "ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP SERVER_WARMUP=$SERVER_WARMUP NOOP_LEVELS=$NOOP_LEVELS SLEEP_LEVELS=$SLEEP_LEVELS"

for round in $(seq 1 "$ROUNDS"); do
  for store in sqlite postgres; do
    port=$(free_port)
    if [[ $store == sqlite ]]; then
      start_server "$store-r$round" "$port" --store sqlite --db "$WORK/jobs-$round.db"
    else
      start_server "$store-r$round" "$port" --store postgres --connection "$(new_database "bench_r$round")"
    fi
    log "round $round: $store (load $(cut -d' ' -f1-3 /proc/loadavg))"
    dotnet "$LOAD_DLL" closed --target "http://127.0.0.1:$port" --concurrency 64 --warmup 0 --duration "$SERVER_WARMUP" >/dev/null
    {
      load --target "http://127.0.0.1:$port" --name noop --concurrency "$NOOP_LEVELS"
      load --target "http://127.0.0.1:$port" --name sleep10ms --task demo.sleep --args '{"seconds":0.01,"steps":1}' --concurrency "$SLEEP_LEVELS"
    } >"$WORK/$store-r$round.jsonl"
    echo "loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >"$WORK/$store-r$round.load"
    stop_pid "$SERVER_PID"
  done
done

log "results in $WORK"
/usr/bin/python3 - "$WORK" <<'PY'
import glob, json, os, re, statistics, sys
work = sys.argv[1]
rows = {}
for path in sorted(glob.glob(os.path.join(work, "*-r*.jsonl"))):
    store = re.search(r"/(\w+)-r\d+\.jsonl$", path).group(1)
    for line in open(path):
        r = json.loads(line)
        rows.setdefault((r["name"], r["concurrency"]), {}).setdefault(store, []).append(r)
loads = [open(p).read().split()[1] for p in sorted(glob.glob(os.path.join(work, "*.load")))]
print(open(os.path.join(work, "machine.env")).read().strip())
print(f"load average (1 min) after each run: {', '.join(loads)}")
print()
print("| load | concurrency | SQLite jobs/s | PostgreSQL jobs/s | PG / SQLite | SQLite p50 / p99 ms | PostgreSQL p50 / p99 ms | failed+errors (SQLite, PG) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for (name, conc), stores in sorted(rows.items(), key=lambda kv: (kv[0][0] != "noop", kv[0][1])):
    def med(store, key): return statistics.median(r[key] for r in stores[store]) if stores.get(store) else float("nan")
    def bad(store): return sum(r["failed"] + r["errors"] for r in stores.get(store, []))
    s, p = med("sqlite", "per_second"), med("postgres", "per_second")
    print(f"| {name} | {conc} | {s:,.0f} | {p:,.0f} | {(p / s if s else float('nan')):.0%} | {med('sqlite', 'p50_us') / 1000:.1f} / {med('sqlite', 'p99_us') / 1000:.1f} | "
          f"{med('postgres', 'p50_us') / 1000:.1f} / {med('postgres', 'p99_us') / 1000:.1f} | {bad('sqlite')}, {bad('postgres')} |")
PY
