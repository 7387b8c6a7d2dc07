#!/usr/bin/env bash
# One TaskRpc node on PostgreSQL vs one on SQLite, in one run, alternating rounds: no-op and
# 10 ms-sleep Submit-with-wait closed loops (bench/TaskRpc.Bench.Load), on loopback.
#
#   bench/postgres.sh                 # ROUNDS=2, DURATION=10 s per level, about 8 minutes
#   ROUNDS=1 DURATION=5 bench/postgres.sh
#   BEFORE=/tmp/pg-before bench/postgres.sh   # A/B: also a PostgreSQL node built from another tree
#
# BEFORE (optional): a second checkout (e.g. `git worktree add /tmp/pg-before <commit>`), built
# here in Release too; its PostgreSQL node runs in the same rounds ("postgres-before"),
# alternating with this tree's, so before and after see the same machine. Each node also runs an
# idle level: one caller, one job at a time (IDLE_LEVEL=0 skips it), whose created→started
# median is the idle submit-to-start latency.
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
IDLE_LEVEL=${IDLE_LEVEL:-1}
BEFORE=${BEFORE:-}
SERVER_DLL=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
LOAD_DLL=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
WORK=$(mktemp -d /tmp/taskrpc-pgbench.XXXXXX)
START=$SECONDS
source "$ROOT/bench/lib/postgres.sh"

die() { echo "postgres.sh: $*" >&2; exit 1; }
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

log "build (Release)"
for project in server/TaskRpc.Server bench/TaskRpc.Bench.Load ${BEFORE:+$BEFORE/server/TaskRpc.Server}; do
  timeout 900 dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; die "build of $project failed."; }
done
STORES="sqlite postgres"
AFTER_DLL=$SERVER_DLL
if [[ -n $BEFORE ]]; then
  BEFORE_DLL=$BEFORE/$SERVER_DLL
  STORES="sqlite postgres-before postgres"
fi

pg_start "$WORK" || die "no PostgreSQL."

load() { dotnet "$LOAD_DLL" closed "$@" --warmup "$WARMUP" --duration "$DURATION"; }

machine_env "$WORK/machine.env" "ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP SERVER_WARMUP=$SERVER_WARMUP NOOP_LEVELS=$NOOP_LEVELS SLEEP_LEVELS=$SLEEP_LEVELS"
[[ -n $BEFORE ]] && echo "before=$BEFORE at $(git -C "$BEFORE" rev-parse --short HEAD 2>/dev/null)" >>"$WORK/machine.env"

for round in $(seq 1 "$ROUNDS"); do
  for store in $STORES; do
    SERVER_DLL=$AFTER_DLL
    [[ $store == postgres-before ]] && SERVER_DLL=$BEFORE_DLL
    port=$(free_port)
    if [[ $store == sqlite ]]; then
      start_server "$store-r$round" "$port" --store sqlite --db "$WORK/jobs-$round.db"
    else
      start_server "$store-r$round" "$port" --store postgres --connection "$(new_database "bench_r${round}_${store//-/_}")"
    fi
    log "round $round: $store (load $(cut -d' ' -f1-3 /proc/loadavg))"
    dotnet "$LOAD_DLL" closed --target "http://127.0.0.1:$port" --concurrency 64 --warmup 0 --duration "$SERVER_WARMUP" >/dev/null \
      || log "warm-up load failed (ignored; the measured loads follow)"
    {
      load --target "http://127.0.0.1:$port" --name noop --concurrency "$NOOP_LEVELS"
      load --target "http://127.0.0.1:$port" --name sleep10ms --task demo.sleep --args '{"seconds":0.01,"steps":1}' --concurrency "$SLEEP_LEVELS"
      if [[ $IDLE_LEVEL != 0 ]]; then load --target "http://127.0.0.1:$port" --name idle --concurrency 1; fi
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
    store = re.search(r"/([\w-]+)-r\d+\.jsonl$", path).group(1)
    for line in open(path):
        r = json.loads(line)
        rows.setdefault((r["name"], r["concurrency"]), {}).setdefault(store, []).append(r)
loads = [f"{os.path.basename(p)[:-5]} {open(p).read().split()[1]}" for p in sorted(glob.glob(os.path.join(work, "*.load")))]
print(open(os.path.join(work, "machine.env")).read().strip())
print(f"load average (1 min) after each run: {', '.join(loads)}")
print()
stores = [s for s in ("sqlite", "postgres-before", "postgres") if any(s in v for v in rows.values())]
names = {"sqlite": "SQLite", "postgres-before": "PG before", "postgres": "PostgreSQL"}
def med(st, store, key): return statistics.median(r[key] for r in st[store]) if st.get(store) else float("nan")
head = " | ".join(f"{names[s]} jobs/s" for s in stores)
ratios = " | ".join(f"{names[s]} / SQLite" for s in stores if s != "sqlite")
lat = " | ".join(f"{names[s]} p50 / p99 ms" for s in stores)
print(f"| load | concurrency | {head} | {ratios} | {lat} | failed+errors |")
print("| --- | --- | " + " | ".join("---" for _ in range(len(stores) * 3 - 1)) + " | --- |")
for (name, conc), st in sorted(rows.items(), key=lambda kv: (kv[0][0] != "noop", kv[0][0], kv[0][1])):
    base = med(st, "sqlite", "per_second")
    cells = [f"{med(st, s, 'per_second'):,.0f}" for s in stores]
    cells += [f"{med(st, s, 'per_second') / base:.0%}" if base == base and base else "n/a" for s in stores if s != "sqlite"]
    cells += [f"{med(st, s, 'p50_us') / 1000:.1f} / {med(st, s, 'p99_us') / 1000:.1f}" for s in stores]
    bad = ", ".join(str(sum(r["failed"] + r["errors"] for r in st.get(s, []))) for s in stores)
    print(f"| {name} | {conc} | " + " | ".join(cells) + f" | {bad} |")
print()
print("Stage medians (ms, median of rounds): sent→created / created→started / started→finished / finished→returned")
for (name, conc), st in sorted(rows.items(), key=lambda kv: (kv[0][0] != "noop", kv[0][0], kv[0][1])):
    parts = []
    for s in stores:
        if st.get(s):
            parts.append(f"{names[s]} " + " / ".join(f"{med(st, s, k) / 1000:.1f}" for k in ("stage_created_p50_us", "stage_started_p50_us", "stage_running_p50_us", "stage_returned_p50_us")))
    print(f"- {name} c={conc}: " + "; ".join(parts))
PY
