#!/usr/bin/env bash
# A TaskRpc cluster on one machine, to see it work: a throw-away PostgreSQL (initdb in a temp
# folder, loopback only) and NODES TaskRpc servers on it (ports 50051, 50052, ...). It prints how to
# use them and keeps running until Ctrl-C (or SIGTERM), which stops the nodes and PostgreSQL and
# deletes the temp folder; a node that exits or is killed meanwhile leaves the others running.
#
#   scripts/cluster.sh                   # 3 nodes on 50051-50053 (HTTP /healthz, /metrics on 50151-50153), PostgreSQL on 55432
#   NODES=2 PG_PORT=55433 scripts/cluster.sh
#   READY_FILE=/tmp/ready scripts/cluster.sh   # writes the node addresses there once all serve
#   NO_BUILD=1 scripts/cluster.sh        # use the server as built (server/TaskRpc.Server/bin/$CONFIGURATION)
#   SERVER_DLL=path/TaskRpc.Server.dll scripts/cluster.sh   # run that build of the server (no build)
#   HTTP_BASE_PORT=0 scripts/cluster.sh  # each node's HTTP port on a free port
#
# Needs Debian's postgresql package (apt-get install postgresql) and the .NET SDK. Run as root, it
# runs PostgreSQL as the postgres user (initdb refuses root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODES="${NODES:-3}"
BASE_PORT="${BASE_PORT:-50051}"
PG_PORT="${PG_PORT:-55432}"
HTTP_BASE_PORT="${HTTP_BASE_PORT:-50151}"
LEASE="${LEASE:-00:00:30}"
CONFIGURATION="${CONFIGURATION:-Debug}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/taskrpc-cluster.XXXXXX")"
CONNECTION="Host=127.0.0.1;Port=${PG_PORT};Username=taskrpc;Database=taskrpc"
PIDS=()

say() { printf '%s\n' "$*" >&2; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  trap - EXIT INT TERM
  say "Stopping ${#PIDS[@]} node(s) and PostgreSQL ..."
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # A node gets 10 s to stop (it hands its running jobs back to the queue), then is killed.
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -f "$WORK/pg/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w -t 30 stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
  say "Stopped."
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -x "$PG_BIN/initdb" ]; then
  say "cluster.sh: PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin); apt-get install postgresql"
  exit 1
fi

if [ -n "${SERVER_DLL:-}" ]; then
  [ -f "$SERVER_DLL" ] || { say "cluster.sh: SERVER_DLL=$SERVER_DLL does not exist"; exit 1; }
  NO_BUILD=1
fi
SERVER_DLL="${SERVER_DLL:-$ROOT/server/TaskRpc.Server/bin/$CONFIGURATION/net10.0/TaskRpc.Server.dll}"
if [ -z "${NO_BUILD:-}" ] || [ ! -f "$SERVER_DLL" ]; then
  say "Building the server ($CONFIGURATION) ..."
  dotnet build "$ROOT/server/TaskRpc.Server" -c "$CONFIGURATION" -v quiet -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi

say "Starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $WORK/pg) ..."
mkdir -p "$WORK/pg" "$WORK/socket"
[ "$(id -u)" = 0 ] && chown postgres "$WORK" "$WORK/pg" "$WORK/socket"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U taskrpc --auth=trust -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/socket/postgres.log" -w \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/socket -c max_connections=200" start >/dev/null \
  || { cat "$WORK/socket/postgres.log" >&2; exit 1; }
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U taskrpc taskrpc

for i in $(seq 1 "$NODES"); do
  port=$((BASE_PORT + i - 1))
  http_port=$(( HTTP_BASE_PORT == 0 ? 0 : HTTP_BASE_PORT + i - 1 ))
  dotnet "$SERVER_DLL" --port "$port" --http-port "$http_port" --store postgres --connection "$CONNECTION" \
    --Engine:NodeId="node$i" --Engine:LeaseDuration="$LEASE" >"$WORK/node$i.log" 2>&1 &
  PIDS+=("$!")
done

for i in $(seq 1 "$NODES"); do
  for _ in $(seq 1 600); do
    grep -q "Application started" "$WORK/node$i.log" && break
    if ! kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null; then say "node$i exited:"; cat "$WORK/node$i.log" >&2; exit 1; fi
    sleep 0.1
  done
  grep -q "Application started" "$WORK/node$i.log" || { say "node$i did not start within 60 s:"; cat "$WORK/node$i.log" >&2; exit 1; }
done

ADDRESSES=()
for i in $(seq 1 "$NODES"); do ADDRESSES+=("127.0.0.1:$((BASE_PORT + i - 1))"); done
cat >&2 <<INFO

TaskRpc cluster: $NODES node(s) on one PostgreSQL
  nodes:      ${ADDRESSES[*]}   (logs: $WORK/node<N>.log)
  PostgreSQL: $CONNECTION   (psql -h 127.0.0.1 -p $PG_PORT -U taskrpc taskrpc)

Any node answers for any job. With the CLI (dotnet build client/TaskRpc.Cli):
  ID=\$(taskrpc --address ${ADDRESSES[0]} submit demo.sleep --args '{"seconds":10,"steps":10}')
  taskrpc --address ${ADDRESSES[$((NODES - 1))]} watch "\$ID"      # progress from whichever node runs it
  taskrpc --address ${ADDRESSES[$((NODES > 1 ? 1 : 0))]} cancel "\$ID"
  taskrpc --address ${ADDRESSES[0]} list --state running
Kill a node (kill -9 <pid>: ${PIDS[*]}) and its jobs run again on the others once its lease
($LEASE) has expired. Ctrl-C stops everything.
INFO

if [ -n "${READY_FILE:-}" ]; then printf '%s\n' "${ADDRESSES[@]}" >"$READY_FILE"; fi

# Runs until Ctrl-C or SIGTERM. A node that exits (say, killed to see its jobs taken over) is
# reported and the others go on; when none is left, the cluster stops.
reported=()
while :; do
  alive=()
  for i in "${!PIDS[@]}"; do
    if kill -0 "${PIDS[$i]}" 2>/dev/null; then
      alive+=("${PIDS[$i]}")
    elif [ -z "${reported[$i]:-}" ]; then
      reported[$i]=1
      say "node$((i + 1)) (pid ${PIDS[$i]}) exited; its running jobs go to the other nodes once its lease has expired (log: $WORK/node$((i + 1)).log)."
    fi
  done
  if [ "${#alive[@]}" = 0 ]; then
    say "Every node has exited; stopping PostgreSQL."
    exit 1
  fi
  wait -n "${alive[@]}" 2>/dev/null || true
  sleep 0.2
done
