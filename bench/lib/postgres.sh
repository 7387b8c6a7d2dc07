# Shared by bench/postgres.sh and bench/cluster.sh (source it; it defines functions only, plus
# PIDS, PG_DIR and PG_BIN): a throw-away PostgreSQL cluster, fresh databases on it, TaskRpc
# servers started in the background, and their cleanup.
#
#   source bench/lib/postgres.sh
#   trap bench_cleanup EXIT; trap 'exit 130' INT TERM
#   pg_start "$WORK"            # sets ADMIN (connection string of a user that may create databases) and PG_VERSION
#   CONNECTION=$(new_database bench_r1)
#   start_server NAME PORT --store postgres --connection "$CONNECTION"   # sets SERVER_PID; logs in $WORK/server-NAME.log
#
# PostgreSQL: Debian's postgresql, initdb in a temporary directory as the postgres user (initdb
# refuses root), a free loopback port, default durability (fsync on, synchronous_commit on), or
# the server in TASKRPC_BENCH_POSTGRES (a connection string whose user may create databases).
# Callers set SERVER_DLL and WORK.

PIDS=()
PG_DIR=""
PG_BIN=""

log() { printf '[%4d s] %s\n' $(( SECONDS - ${START:-0} )) "$*" >&2; }
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# stop_pid PID: SIGTERM, up to 6 s for a graceful exit, then SIGKILL.
stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Stops every process in PIDS and the cluster pg_start started, and deletes its directory.
bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ -n $PG_DIR ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# pg_start WORK: starts the throw-away cluster (or takes TASKRPC_BENCH_POSTGRES); sets ADMIN, PG_VERSION.
pg_start() {
  local work=$1 port
  if [[ -n ${TASKRPC_BENCH_POSTGRES:-} ]]; then
    ADMIN=$TASKRPC_BENCH_POSTGRES
    PG_VERSION="external server"
    return 0
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [[ ! -x $PG_BIN/initdb ]]; then
    echo "PostgreSQL is not installed (apt-get install -y postgresql), or set TASKRPC_BENCH_POSTGRES." >&2
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/taskrpc-pgbench-cluster.XXXXXX)
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$PG_DIR"; fi
  port=$(free_port)
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync --no-locale -E UTF8 >"$work/initdb.log"
  printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = %s\n" \
    "$port" "$PG_DIR" "${PG_MAX_CONNECTIONS:-300}" >>"$PG_DIR/data/postgresql.conf"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start >/dev/null
  ADMIN="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  PG_VERSION=$("$PG_BIN/postgres" --version)
}

# new_database NAME: a fresh database on ADMIN's server; prints its connection string.
new_database() {
  /usr/bin/python3 - "$ADMIN" "$1" <<'PY'
import os, subprocess, sys
admin, name = sys.argv[1], sys.argv[2]
parts = dict(p.split("=", 1) for p in admin.split(";") if p)
env = {**os.environ, "PGHOST": parts.get("Host", "127.0.0.1"), "PGPORT": parts.get("Port", "5432"), "PGUSER": parts.get("Username", "postgres")}
if "Password" in parts:
    env["PGPASSWORD"] = parts["Password"]
subprocess.run(["psql", "-q", "-d", parts.get("Database", "postgres"), "-c", f"CREATE DATABASE {name}"], check=True, env=env)
parts["Database"] = name
print(";".join(f"{k}={v}" for k, v in parts.items()))
PY
}

# start_server NAME PORT ARGS...: a TaskRpc server on PORT (no HTTP port unless ARGS say), in
# the background, logs in $WORK/server-NAME.log; returns once it serves; sets SERVER_PID.
start_server() {
  local name=$1 port=$2; shift 2
  dotnet "$SERVER_DLL" --port "$port" --http-port -1 --Logging:LogLevel:Default=Warning "$@" >"$WORK/server-$name.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  for _ in $(seq 1 300); do
    grep -q "Application started" "$WORK/server-$name.log" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server-$name.log" >&2; echo "server $name exited." >&2; return 1; }
    sleep 0.2
  done
  echo "server $name not started after 60 s." >&2
  return 1
}

# machine_env FILE SETTINGS: what the figures were taken on.
machine_env() {
  cat >"$1" <<M
nproc=$(nproc)
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
mem=$(free -h | awk '/^Mem:/{print $2}')
dotnet=$(dotnet --version)
postgres=$PG_VERSION
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
date=$(date -u '+%Y-%m-%d %H:%M UTC')
settings=$2
M
}
